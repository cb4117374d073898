import { z } from "zod";
import { badUserInput } from "./errors.js";
import { VENDOR_ID } from "./validation.js";
import { LockLevel } from "./schema/lock-level.enum.js";
import { Provider } from "./schema/provider.enum.js";

/**
 * Opaque global ids. Each carries everything `lock`, `node`, `releaseLock` and
 * `renewLock` need to reach the vendor on its own, and never a credential.
 * Wire form: base64url of a JSON tuple `[typename, ...key]`; clients must not parse it.
 */

/** What identifies one lock at its vendor. */
export type LockRef =
  | { provider: Provider.REFERENCE_DATA; clientId: number }
  | { provider: Provider.IMODELS; iModelId: string; briefcaseId: number; level: LockLevel }
  | { provider: Provider.SUPEROFFICE; documentId: number }
  | { provider: Provider.KOODRIVE; lockId: string };

export interface ReservationRef {
  fileId: string;
}

export type NodeRef = { typename: "Lock"; lock: LockRef } | { typename: "Reservation"; reservation: ReservationRef };

const int32 = z.number().int().min(0).max(2_147_483_647);
const vendorIdSchema = z.string().regex(VENDOR_ID);

const lockTuple = z.union([
  z.tuple([z.literal("Lock"), z.literal(Provider.REFERENCE_DATA), int32]),
  z.tuple([z.literal("Lock"), z.literal(Provider.IMODELS), vendorIdSchema, int32, z.enum(LockLevel)]),
  z.tuple([z.literal("Lock"), z.literal(Provider.SUPEROFFICE), int32]),
  z.tuple([z.literal("Lock"), z.literal(Provider.KOODRIVE), vendorIdSchema]),
]);
const reservationTuple = z.tuple([z.literal("Reservation"), vendorIdSchema]);

function encode(tuple: unknown[]): string {
  return Buffer.from(JSON.stringify(tuple)).toString("base64url");
}

export function encodeLockId(ref: LockRef): string {
  switch (ref.provider) {
    case Provider.REFERENCE_DATA:
      return encode(["Lock", ref.provider, ref.clientId]);
    case Provider.IMODELS:
      return encode(["Lock", ref.provider, ref.iModelId, ref.briefcaseId, ref.level]);
    case Provider.SUPEROFFICE:
      return encode(["Lock", ref.provider, ref.documentId]);
    case Provider.KOODRIVE:
      return encode(["Lock", ref.provider, ref.lockId]);
  }
}

export function encodeReservationId(ref: ReservationRef): string {
  return encode(["Reservation", ref.fileId]);
}

function toLockRef(tuple: z.infer<typeof lockTuple>): LockRef {
  switch (tuple[1]) {
    case Provider.REFERENCE_DATA:
      return { provider: tuple[1], clientId: tuple[2] };
    case Provider.IMODELS:
      return { provider: tuple[1], iModelId: tuple[2], briefcaseId: tuple[3], level: tuple[4] };
    case Provider.SUPEROFFICE:
      return { provider: tuple[1], documentId: tuple[2] };
    case Provider.KOODRIVE:
      return { provider: tuple[1], lockId: tuple[2] };
  }
}

/** Decodes any LockGraph id; a malformed or foreign id is BAD_USER_INPUT. */
export function decodeNodeId(id: string): NodeRef {
  let tuple: unknown;
  try {
    tuple = id.length <= 1024 && /^[A-Za-z0-9_-]+$/.test(id) ? JSON.parse(Buffer.from(id, "base64url").toString("utf8")) : undefined;
  } catch {
    tuple = undefined;
  }
  const lock = lockTuple.safeParse(tuple);
  if (lock.success) return { typename: "Lock", lock: toLockRef(lock.data) };
  const reservation = reservationTuple.safeParse(tuple);
  if (reservation.success) return { typename: "Reservation", reservation: { fileId: reservation.data[1] } };
  throw badUserInput("The id is not a LockGraph id. Use an id exactly as LockGraph returned it.", { argument: "id" });
}

export function decodeLockId(id: string): LockRef {
  const ref = decodeNodeId(id);
  if (ref.typename !== "Lock") throw badUserInput("The id is a Reservation's, not a Lock's; use unreserveFile for reservations.", { argument: "id" });
  return ref.lock;
}

export function decodeReservationId(id: string): ReservationRef {
  const ref = decodeNodeId(id);
  if (ref.typename !== "Reservation") throw badUserInput("The id is a Lock's, not a Reservation's.", { argument: "id" });
  return ref.reservation;
}
