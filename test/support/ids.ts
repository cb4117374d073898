import { LOCK_IDS, type LockRef } from "../../src/vendors/registry.js";

/**
 * Data-source tests hand a decoded ref straight to their vendor's API; the type parameter
 * (inferred from where the ref goes) stands for the routing the lock service does.
 */
export function decodeLockId<R extends LockRef = LockRef>(id: string): R {
  return LOCK_IDS.decodeLock(id) as R;
}

export const encodeLockId = (ref: LockRef): string => LOCK_IDS.encode(ref);
export const decodeNodeId = (id: string) => LOCK_IDS.decodeNode(id);
export const decodeReservationId = (id: string) => LOCK_IDS.decodeReservation(id);
