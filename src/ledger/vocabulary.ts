import { HoldEventKind as HoldEventKinds } from "../domain/holds.js";
import {
  LockLevel as LockLevels,
  LockState as LockStates,
  ResourceKind as ResourceKinds,
} from "../domain/locks.js";

/**
 * The names the ledger stores: src/domain's values, as string unions so rows and tests can
 * name them plainly. Providers are any string: a vendor plugged in from outside the
 * registry records its holds like the five.
 */
export type HoldEventKind = `${HoldEventKinds}`;
export const HOLD_EVENT_KINDS = Object.values(HoldEventKinds) as [HoldEventKind, ...HoldEventKind[]];
export type LockLevel = `${LockLevels}`;
export const LOCK_LEVELS = Object.values(LockLevels) as [LockLevel, ...LockLevel[]];
export type LockState = `${LockStates}`;
export const LOCK_STATES = Object.values(LockStates) as [LockState, ...LockState[]];
export type ResourceKind = `${ResourceKinds}`;
export const RESOURCE_KINDS = Object.values(ResourceKinds) as [ResourceKind, ...ResourceKind[]];
export type Provider = string;

/** The GraphQL type a hold is shown as. */
export const HOLD_TYPENAMES = ["Lock", "Reservation"] as const;
export type HoldTypename = (typeof HOLD_TYPENAMES)[number];
