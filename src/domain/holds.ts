import type { Lock, Reservation } from "./locks.js";

/** What happened to a hold (docs/ledger.md). */
export enum HoldEventKind {
  ACQUIRED = "ACQUIRED",
  RENEWED = "RENEWED",
  RELEASED = "RELEASED",
  REFUSED = "REFUSED",
  OBSERVED_HELD = "OBSERVED_HELD",
  OBSERVED_RELEASED = "OBSERVED_RELEASED",
  EXPIRING = "EXPIRING",
  EXPIRED = "EXPIRED",
}

/** What the ledger adds to a Lock or Reservation. */
export interface LedgerFields {
  /** When LockGraph last confirmed this state at the vendor. */
  observedAt?: Date | null;
}

/** Anything someone holds at a vendor: a Lock or a Reservation. */
export type Hold = (Lock | Reservation) & LedgerFields;
