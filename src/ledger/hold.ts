import { z } from "zod";
import { HOLD_TYPENAMES, LOCK_LEVELS, LOCK_STATES, RESOURCE_KINDS, type ResourceKind } from "./vocabulary.js";

/** What the ledger knows of one hold (a Lock or a Reservation), as the stores hand it out. */
export const holdSchema = z.object({
  /** The Lock's or Reservation's opaque global id. */
  id: z.string(),
  typename: z.enum(HOLD_TYPENAMES),
  provider: z.string(),
  resource: z.object({
    kind: z.enum(RESOURCE_KINDS),
    id: z.string(),
    objectIds: z.array(z.string()).nullable(),
  }),
  level: z.enum(LOCK_LEVELS).nullable(),
  state: z.enum(LOCK_STATES),
  holder: z.object({ id: z.string(), displayName: z.string().nullable() }).nullable(),
  /** The vendor's own acquire time, where it gives one. */
  vendorAcquiredAt: z.coerce.date().nullable(),
  /** When LockGraph first saw this hold held, since it was last not held. */
  heldSince: z.coerce.date().nullable(),
  expiresAt: z.coerce.date().nullable(),
  /** When LockGraph last confirmed this state at the vendor. */
  observedAt: z.coerce.date().nullable(),
  firstSeenAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
});
export type Hold = z.infer<typeof holdSchema>;

/** The contract's acquiredAt: the vendor's time, else when LockGraph first saw it held. */
export function acquiredAt(hold: Hold): Date | null {
  return hold.vendorAcquiredAt ?? hold.heldSince;
}

/** A resource by kind and id, as filters name it. */
export interface ResourceRef {
  kind: ResourceKind;
  id: string;
}
