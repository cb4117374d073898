import { z } from "zod";
import { ErrorCode, type LockGraphError } from "../../domain/errors.js";
import { LockLevel, LockState, type Lock, ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import { upstreamError } from "../upstream-errors.js";
import { pathOf, type UpstreamResponse } from "../http.js";
import type { LockOperations } from "../definition.js";
import { VendorAPI } from "../vendor-api.js";
import { referenceDataLockId, type ReferenceDataLockRef } from "./lock-id.js";

// GET status and POST acquire are not documented; their shape is assumed in docs/vendors.md, "Reference data".
const lockedStatus = z.object({
  clientId: z.number().int(),
  locked: z.literal(true),
  lockedBy: z.string(),
  lockedAt: z.iso.datetime({ offset: true }),
});
const lockStatus = z.discriminatedUnion("locked", [
  lockedStatus,
  z.object({ clientId: z.number().int(), locked: z.literal(false) }),
]);
type LockStatus = z.infer<typeof lockStatus>;

/** Seed 000: `{status, code, message, details}`; the Symfony JWT bundle's 401 is the bare `{code, message}`. */
const errorBody = z.object({ code: z.number().int(), message: z.string(), details: z.string().optional() });

/** The reference-data lock API (docs/vendors.md, "Reference data"): one exclusive lock per client's reference data. */
export class ReferenceDataAPI extends VendorAPI implements LockOperations<ReferenceDataLockRef> {
  readonly provider = Provider.REFERENCE_DATA;

  /** GET: the client's lock, or null when its reference data is not locked. */
  async getLockStatus(clientId: number): Promise<Lock | null> {
    const response = await this.send({
      ...this.request(clientId),
      operation: "status",
      method: "GET",
      idempotent: true,
    });
    return toLock(this.parse(response, lockStatus));
  }

  /** POST: locks the client's reference data for the caller (the holder locking again gets the same lock). */
  async lock(clientId: number): Promise<Lock> {
    const response = await this.send({
      ...this.request(clientId),
      operation: "lock",
      method: "POST",
      idempotent: false,
    });
    return toLock(this.parse(response, lockedStatus));
  }

  /** DELETE: unlocks it if the caller holds it; answers 204 whether or not it was locked, so it is safe to retry. */
  async unlock(clientId: number): Promise<void> {
    await this.send({ ...this.request(clientId), operation: "unlock", method: "DELETE", idempotent: true });
  }

  findLock(ref: ReferenceDataLockRef): Promise<Lock | null> {
    return this.getLockStatus(ref.clientId);
  }

  async releaseLock({ clientId }: ReferenceDataLockRef): Promise<Lock> {
    await this.unlock(clientId);
    return { ...baseLock(clientId), state: LockState.RELEASED };
  }

  protected toGraphQLError(response: UpstreamResponse): LockGraphError {
    const body = this.errorBody(response, errorBody);
    if (!body) return this.unreadableError(response);
    const message = body.details ? `${body.message}: ${body.details}` : body.message;
    // 409 covers "locking or version conflict"; only the first is someone else's lock.
    const code =
      response.status === 409 && /version/i.test(message) ? ErrorCode.PRECONDITION_FAILED : undefined;
    return upstreamError(
      this.provider,
      response,
      { code, vendorCode: body.code, vendorMessage: message },
      this.redactor,
    );
  }

  private request(clientId: number) {
    return {
      path: pathOf`/api/v2/clients/${clientId}/reference/lock`,
      headers: { authorization: this.authorization() },
    };
  }
}

function baseLock(clientId: number): Lock {
  return {
    id: referenceDataLockId.encode({ provider: Provider.REFERENCE_DATA, clientId }),
    provider: Provider.REFERENCE_DATA,
    resource: { kind: ResourceKind.REFERENCE_DATA, id: String(clientId) },
    level: LockLevel.EXCLUSIVE,
    state: LockState.HELD,
  };
}

function toLock(status: z.infer<typeof lockedStatus>): Lock;
function toLock(status: LockStatus): Lock | null;
function toLock(status: LockStatus): Lock | null {
  if (!status.locked) return null;
  return {
    ...baseLock(status.clientId),
    holder: { id: status.lockedBy },
    acquiredAt: new Date(status.lockedAt),
  };
}
