import { decodeOpaque, encodeOpaque } from "./ids.js";
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

/** A HoldEvent's global id: the ledger's event id, opaque to clients (they pass it back as afterEventId). */
export function encodeHoldEventId(ledgerId: string): string {
  return encodeOpaque(["HoldEvent", ledgerId]);
}

/** The ledger's event id inside a HoldEvent id, or undefined when the text is not one. */
export function decodeHoldEventId(id: string): string | undefined {
  const tuple = decodeOpaque(id);
  if (!Array.isArray(tuple) || tuple.length !== 2 || tuple[0] !== "HoldEvent") return undefined;
  const ledgerId = tuple[1];
  return typeof ledgerId === "string" && /^\d{1,18}$/.test(ledgerId) ? ledgerId : undefined;
}
