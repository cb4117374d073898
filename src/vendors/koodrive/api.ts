import { z } from "zod";
import { badUserInput, ErrorCode, LockGraphError } from "../../domain/errors.js";
import {
  BACKUP_MODULE_CODES,
  type BackupModule,
  LockLevel,
  LockState,
  type Lock,
  ResourceKind,
} from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import { VENDOR_ID } from "../../domain/arguments.js";
import type { BackupLockRecord, BackupLocks } from "./backup-lock-store.js";
import { upstreamError, type Redactor } from "../upstream-errors.js";
import { pathOf, type Upstream, type UpstreamRequest, type UpstreamResponse } from "../http.js";
import type { LockOperations } from "../definition.js";
import { VendorAPI } from "../vendor-api.js";
import { kooDriveLockId, type KooDriveLockRef } from "./lock-id.js";

/** "Create a backup lock with an expiration time of 10 minutes"; a renewal resets it to 10 minutes (seed 003, docs/vendors.md, "KooDrive"). */
const VALIDITY_MS = 10 * 60_000;

const LOCK_PATH = pathOf`/koodrive/ose/v1/backup/lock`;

/**
 * Every answer, success or failure, is `{ code, msg }` with `code` 0 on success. The pages
 * type `code` as an Integer, but API gateway codes are strings ("APIGW.0301").
 */
const resultBody = z.object({ code: z.union([z.number().int(), z.string()]), msg: z.string().nullish() });
type ResultBody = z.infer<typeof resultBody>;

const createdBody = (moduleCode: string) =>
  resultBody.extend({ data: z.object({ lockId: z.string().regex(VENDOR_ID).endsWith(`@${moduleCode}`) }) });

/**
 * The vendor codes that mean something in the contract. Any other code goes by its HTTP
 * status (the API gateway's `APIGW…` codes, say) or, inside a 200, is PRECONDITION_FAILED.
 */
const CONTRACT_CODES = new Map<string, ErrorCode>([
  ["13000102", ErrorCode.BAD_USER_INPUT], // parameter check failed
  ["13000309", ErrorCode.NOT_FOUND], // resource not found
  // Assumed (docs/vendors.md, "KooDrive"): the 409 for acquiring while this user's lock on the module is live,
  // and the gateway's 401 body. The vendor's error-code page lists 13000409 as "file upload failed".
  ["13000409", ErrorCode.LOCK_CONFLICT],
  ["APIGW.0301", ErrorCode.UNAUTHENTICATED],
]);

type Clock = () => number;

/**
 * Huawei KooDrive backup locks (docs/vendors.md "KooDrive", seed 003): one path, three verbs, no read.
 * LockGraph remembers what it acquired and renewed in the process-wide `BackupLockStore`,
 * which answers `lock` and `node` for the user who holds the lock and nobody else.
 */
export class KooDriveAPI extends VendorAPI implements LockOperations<KooDriveLockRef> {
  readonly provider = Provider.KOODRIVE;

  constructor(
    client: Upstream,
    credential: string | undefined,
    redactor: Redactor,
    private readonly userId: string | undefined,
    private readonly locks: BackupLocks,
    private readonly now: Clock = Date.now,
  ) {
    super(client, credential, redactor);
  }

  /** POST createBackupLock: the caller's lock on a module for 10 minutes. Never retried: a lost answer would leave a lock nobody knows the id of. */
  async createBackupLock(module: BackupModule): Promise<Lock> {
    const moduleCode = BACKUP_MODULE_CODES[module];
    const now = this.now();
    const { userId, owner, headers } = this.request(now);
    const response = await this.sameOwnersLiveLock(
      moduleCode,
      owner,
      this.call({
        operation: "createBackupLock",
        method: "POST",
        headers,
        json: { moduleCode },
        idempotent: false,
      }),
    );
    if (!("text" in response)) return response;
    const { lockId } = this.parse(response, createdBody(moduleCode)).data;
    const record = {
      lockId,
      userId,
      owner,
      moduleCode,
      acquiredAt: new Date(now),
      expiresAt: new Date(now + VALIDITY_MS),
    };
    await this.locks.put(record);
    return toLock(record, LockState.HELD);
  }

  /**
   * PATCH renewalBackupLock: the lock's validity is reset to 10 minutes. Safe to retry: a
   * second renewal only resets it again. `expiresAt` counts from just before the call, so it
   * never claims more time than the vendor gives.
   */
  async renewalBackupLock(lockId: string): Promise<Lock> {
    const moduleCode = moduleCodeOf(lockId);
    const now = this.now();
    const { userId, owner, headers } = this.request(now, lockId);
    const earlier = await this.recordOf(lockId, owner);
    await this.forgetIfGone(
      lockId,
      owner,
      this.call({ operation: "renewalBackupLock", method: "PATCH", headers, idempotent: true }),
    );
    const record = {
      lockId,
      userId,
      owner,
      moduleCode,
      acquiredAt: earlier?.acquiredAt ?? null,
      expiresAt: new Date(now + VALIDITY_MS),
    };
    await this.locks.put(record);
    return toLock(record, LockState.HELD);
  }

  /**
   * DELETE releaseBackupLock. Not retried: a released lock is unknown to KooDrive (13000309),
   * so a retry after a lost answer would report NOT_FOUND for a release that worked.
   */
  async releaseBackupLock(lockId: string): Promise<Lock> {
    const moduleCode = moduleCodeOf(lockId);
    const { userId, owner, headers } = this.request(this.now(), lockId);
    const earlier = await this.recordOf(lockId, owner);
    await this.forgetIfGone(
      lockId,
      owner,
      this.call({ operation: "releaseBackupLock", method: "DELETE", headers, idempotent: false }),
    );
    await this.locks.delete(lockId);
    return toLock({ lockId, userId, moduleCode, acquiredAt: earlier?.acquiredAt }, LockState.RELEASED);
  }

  /** From the record alone: KooDrive cannot be asked. Null for a lock that is unknown, released, expired, or another user's. */
  async findLock(ref: KooDriveLockRef): Promise<Lock | null> {
    const record = await this.recordOf(ref.lockId, this.caller().owner);
    return record ? toLock(record, LockState.HELD) : null;
  }

  releaseLock(ref: KooDriveLockRef): Promise<Lock> {
    return this.releaseBackupLock(ref.lockId);
  }

  renewLock(ref: KooDriveLockRef): Promise<Lock> {
    return this.renewalBackupLock(ref.lockId);
  }

  protected toGraphQLError(response: UpstreamResponse): LockGraphError {
    const body = this.errorBody(response, resultBody);
    return body ? this.failure(response, body) : this.unreadableError(response);
  }

  /** A vendor failure by its code; `fallback` (else the HTTP status) decides for codes the contract has no meaning for. */
  private failure(response: UpstreamResponse, body: ResultBody, fallback?: ErrorCode): LockGraphError {
    const code = CONTRACT_CODES.get(String(body.code)) ?? fallback;
    return upstreamError(
      this.provider,
      response,
      { code, vendorCode: body.code, vendorMessage: body.msg ?? null },
      this.redactor,
    );
  }

  /** A 200 whose `code` is not 0 is a failure too (docs/vendors.md, "KooDrive"); every answer is `{ code, msg }`. */
  protected failureIn2xx(response: UpstreamResponse): LockGraphError | undefined {
    const result = this.parse(response, resultBody);
    return String(result.code) === "0"
      ? undefined
      : this.failure(response, result, ErrorCode.PRECONDITION_FAILED);
  }

  /** Sends one call to the lock path. */
  private call(request: Omit<UpstreamRequest, "path">): Promise<UpstreamResponse> {
    return this.send({ ...request, path: LOCK_PATH });
  }

  /** The headers KooDrive wants on every call, with a fresh `X-Date`. */
  private request(
    now: number,
    lockId?: string,
  ): { userId: string; owner: string; headers: Record<string, string> } {
    const { authorization, userId, owner } = this.caller();
    const headers: Record<string, string> = { authorization, "x-user-id": userId, "x-date": xDate(now) };
    if (lockId !== undefined) headers["x-backup-lock-id"] = lockId;
    return { userId, owner, headers };
  }

  /**
   * The caller as KooDrive knows them. The vendor wants the literal `Bearer+<token>` (seed 003);
   * callers may send `Bearer <token>` or `Bearer+<token>`. Without a token or a user id nothing is read or sent.
   */
  private caller(): { authorization: string; userId: string; owner: string } {
    const token = this.authorization().replace(/^Bearer(?:\+|\s+)/i, "");
    if (!this.userId) {
      throw new LockGraphError(
        ErrorCode.UNAUTHENTICATED,
        "No KooDrive user id: send it in the X-KooDrive-User-Id request header.",
        { provider: this.provider },
      );
    }
    const owner = this.locks.owner(this.userId, token);
    return { authorization: `Bearer+${token}`, userId: this.userId, owner };
  }

  /**
   * KooDrive refuses a second lock on a module while the same user's is live (409). When the
   * record is this caller's own, that refusal answers with the lock the caller already holds.
   */
  private async sameOwnersLiveLock(
    moduleCode: string,
    owner: string,
    call: Promise<UpstreamResponse>,
  ): Promise<UpstreamResponse | Lock> {
    try {
      return await call;
    } catch (error) {
      const live = error instanceof LockGraphError && error.code === ErrorCode.LOCK_CONFLICT;
      const record = live ? await this.locks.live(moduleCode, owner) : undefined;
      if (record) return toLock(record, LockState.HELD);
      throw error;
    }
  }

  private async recordOf(lockId: string, owner: string): Promise<BackupLockRecord | undefined> {
    const record = await this.locks.get(lockId);
    return record?.owner === owner ? record : undefined;
  }

  /** When KooDrive says the caller's lock no longer exists, `lock(id)` must stop answering it too. */
  private async forgetIfGone<T>(lockId: string, owner: string, call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (
        error instanceof LockGraphError &&
        error.code === ErrorCode.NOT_FOUND &&
        (await this.recordOf(lockId, owner))
      )
        await this.locks.delete(lockId);
      throw error;
    }
  }
}

/** The module is the part after `@` in a KooDrive lock id (`<uuid>@102`); any other id is refused before a call. */
function moduleCodeOf(lockId: string): string {
  const moduleCode = /^.+@(?<code>\d+)$/.exec(lockId)?.groups?.code;
  if (!moduleCode || !Object.values(BACKUP_MODULE_CODES).includes(moduleCode)) {
    throw badUserInput(
      "The id is not a KooDrive backup lock's. Use an id exactly as LockGraph returned it.",
      { argument: "id" },
    );
  }
  return moduleCode;
}

/** `yyyyMMdd'T'HHmmss'Z'` in UTC, as in the vendor's example 20251103T070140Z. */
function xDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

type LockFacts = Pick<BackupLockRecord, "lockId" | "userId" | "moduleCode"> &
  Partial<Pick<BackupLockRecord, "acquiredAt" | "expiresAt">>;

function toLock(facts: LockFacts, state: LockState): Lock {
  return {
    id: kooDriveLockId.encode({ provider: Provider.KOODRIVE, lockId: facts.lockId }),
    provider: Provider.KOODRIVE,
    resource: { kind: ResourceKind.BACKUP, id: facts.moduleCode },
    level: LockLevel.EXCLUSIVE,
    state,
    holder: { id: facts.userId },
    acquiredAt: facts.acquiredAt ?? null,
    expiresAt: facts.expiresAt ?? null,
  };
}
