/**
 * The few names the ledger stores, as the public contract spells them (docs/ledger.md).
 * Kept here so the ledger depends on nothing else in src/.
 */
export const PROVIDERS = ["REFERENCE_DATA", "IMODELS", "SUPEROFFICE", "KOODRIVE", "ORACLE_CONTENT"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const RESOURCE_KINDS = ["REFERENCE_DATA", "IMODEL", "DOCUMENT", "BACKUP", "FILE"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const LOCK_LEVELS = ["SHARED", "EXCLUSIVE"] as const;
export type LockLevel = (typeof LOCK_LEVELS)[number];

export const LOCK_STATES = ["HELD", "RELEASED", "EXPIRED"] as const;
export type LockState = (typeof LOCK_STATES)[number];

export const HOLD_EVENT_KINDS = [
  "ACQUIRED",
  "RENEWED",
  "RELEASED",
  "REFUSED",
  "OBSERVED_HELD",
  "OBSERVED_RELEASED",
  "EXPIRING",
  "EXPIRED",
] as const;
export type HoldEventKind = (typeof HOLD_EVENT_KINDS)[number];

/** The GraphQL type a hold is shown as. */
export const HOLD_TYPENAMES = ["Lock", "Reservation"] as const;
export type HoldTypename = (typeof HOLD_TYPENAMES)[number];
