import type { z } from "zod";
import { badUserInput } from "../domain/errors.js";
import { decodeOpaque, encodeOpaque, type LockRefBase, type ReservationRef } from "../domain/ids.js";
import { vendorIdSchema } from "../domain/arguments.js";
import type { LockIdDefinition, VendorDefinition } from "./definition.js";

/**
 * A vendor's part of the lock id codec: `["Lock", provider, ...key]` through the one opaque
 * codec of src/domain/ids.ts. Ids carry everything `lock`, `node`, `releaseLock` and
 * `renewLock` need to reach the vendor on their own, and never a credential.
 */
export function lockIdCodec<R extends LockRefBase, K extends unknown[]>(
  provider: R["provider"],
  key: z.ZodType<K>,
  toKey: (ref: R) => K,
  fromKey: (key: K) => R,
): LockIdDefinition<R, K> {
  return { key, fromKey, encode: (ref) => encodeOpaque(["Lock", provider, ...toKey(ref)]) };
}

export function encodeReservationId(ref: ReservationRef): string {
  return encodeOpaque(["Reservation", ref.fileId]);
}

export type NodeRef<R extends LockRefBase = LockRefBase> =
  | { typename: "Lock"; lock: R }
  | { typename: "Reservation"; reservation: ReservationRef };

/** Decodes LockGraph's global ids for the vendors given (the registry's, and any a test adds). */
export class LockIds<R extends LockRefBase = LockRefBase> {
  private readonly byProvider: Map<string, LockIdDefinition<LockRefBase>>;

  constructor(vendors: readonly VendorDefinition[]) {
    this.byProvider = new Map(
      vendors.flatMap((v) => (v.lockId ? [[v.provider as string, v.lockId] as const] : [])),
    );
  }

  /** A lock's id, by its vendor's part of the codec. */
  encode(ref: R): string {
    const codec = this.byProvider.get(ref.provider);
    if (!codec) throw new Error(`${ref.provider} has no lock ids`);
    return codec.encode(ref);
  }

  /** Any LockGraph id; a malformed or foreign id is BAD_USER_INPUT. */
  decodeNode(id: string): NodeRef<R> {
    const tuple = decodeOpaque(id);
    if (Array.isArray(tuple) && tuple[0] === "Lock" && typeof tuple[1] === "string") {
      const codec = this.byProvider.get(tuple[1]);
      const key = codec?.key.safeParse(tuple.slice(2));
      if (codec && key?.success) return { typename: "Lock", lock: codec.fromKey(key.data) as R };
    }
    if (Array.isArray(tuple) && tuple.length === 2 && tuple[0] === "Reservation") {
      const fileId = vendorIdSchema.safeParse(tuple[1]);
      if (fileId.success) return { typename: "Reservation", reservation: { fileId: fileId.data } };
    }
    throw badUserInput("The id is not a LockGraph id. Use an id exactly as LockGraph returned it.", {
      argument: "id",
    });
  }

  decodeLock(id: string): R {
    const ref = this.decodeNode(id);
    if (ref.typename !== "Lock") {
      const message = "The id is a Reservation's, not a Lock's; use unreserveFile for reservations.";
      throw badUserInput(message, { argument: "id" });
    }
    return ref.lock;
  }

  decodeReservation(id: string): ReservationRef {
    const ref = this.decodeNode(id);
    if (ref.typename !== "Reservation")
      throw badUserInput("The id is a Lock's, not a Reservation's.", { argument: "id" });
    return ref.reservation;
  }
}
