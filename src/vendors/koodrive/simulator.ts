import { randomUUID } from "node:crypto";
import { Simulator, tokenOf, type SimRequest, type SimResponse } from "../simulator.js";

export interface KooDriveSimulatorOptions {
  /** The vendor's clock in ms; tests move it to expire locks and X-Dates without sleeping. Read on every request. */
  now?: () => number;
  /**
   * Answer the service's own failures (`13000…`) as HTTP 200 with the code in the body, which
   * docs/vendors.md §4 says KooDrive may do. Gateway failures (`APIGW…`) keep their status. Read on every request.
   */
  failuresIn200?: boolean;
}

interface HeldLock {
  user: string;
  moduleCode: string;
  expiresAt: number;
}

const VALIDITY_MS = 10 * 60_000;
const X_DATE_WINDOW_MS = 15 * 60_000;
const MODULE_CODES = new Set(["100", "101", "102"]);

/**
 * Huawei KooDrive backup locks (docs/vendors.md §4, seed 003). One lock per user and module: the
 * token text is the user, and `X-User-Id` must name the same user. A lock lapses 10 minutes
 * after acquire or renew; renewing or releasing a lock that is unknown, lapsed or another
 * user's answers 13000309. Assumed (docs/vendors.md): the 401 APIGW bodies and the 409 13000409.
 */
export function createKooDriveSimulator(options: KooDriveSimulatorOptions = {}): Simulator {
  const now = () => (options.now ?? Date.now)();
  const locks = new Map<string, HeldLock>();

  const gatewayRefusal = (code: string, msg: string): SimResponse => ({ status: 401, body: { code, msg } });
  const failure = (status: number, code: number, msg: string): SimResponse => ({
    status: options.failuresIn200 ? 200 : status,
    body: { code, msg },
  });
  const success = (extra: object = {}): SimResponse => ({
    status: 200,
    body: { ...extra, code: 0, msg: "success" },
  });

  /**
   * The gateway's checks. APIGW.0301 (assumed) for a token not in the `Bearer+` form. The seed
   * says X-User-Id and X-Date are "used for app ID authentication"; Huawei's API gateway answers
   * failed app authentication, an expired signature time included, with 401 APIGW.0303.
   */
  function authenticate(request: SimRequest): string | SimResponse {
    const user = tokenOf(request.headers.authorization, /^Bearer\+/i);
    if (!user)
      return gatewayRefusal(
        "APIGW.0301",
        "Incorrect IAM authentication information: Authorization must be Bearer+<access token>",
      );
    if (request.headers["x-user-id"] !== user)
      return gatewayRefusal(
        "APIGW.0303",
        "Incorrect app authentication information: X-User-Id does not match the token",
      );
    const signedAt = parseXDate(request.headers["x-date"]);
    if (signedAt === undefined)
      return gatewayRefusal(
        "APIGW.0303",
        "Incorrect app authentication information: X-Date must be yyyyMMdd'T'HHmmss'Z'",
      );
    const age = now() - signedAt;
    if (age < 0 || age > X_DATE_WINDOW_MS) {
      return gatewayRefusal(
        "APIGW.0303",
        `Incorrect app authentication information: signature expired, signature time:${request.headers["x-date"]}`,
      );
    }
    return user;
  }

  /** Lapsed locks go first, so the map holds live locks only. */
  function expire(): void {
    const at = now();
    for (const [lockId, lock] of locks) if (lock.expiresAt <= at) locks.delete(lockId);
  }

  const authenticated =
    (handle: (user: string, request: SimRequest) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      const user = authenticate(request);
      if (typeof user !== "string") return user;
      expire();
      return handle(user, request);
    };

  /** Renew and release name the lock in the `x-backup-lock-id` header; only its holder may touch it. */
  const ownLock =
    (handle: (lockId: string, lock: HeldLock) => SimResponse) =>
    (user: string, request: SimRequest): SimResponse => {
      const lockId = request.headers["x-backup-lock-id"];
      if (typeof lockId !== "string" || !lockId)
        return failure(400, 13000102, "Verify parameters failed: x-backup-lock-id is required.");
      const lock = locks.get(lockId);
      return lock?.user === user ? handle(lockId, lock) : failure(400, 13000309, "Resource does not exist.");
    };

  const pattern = /^\/koodrive\/ose\/v1\/backup\/lock$/;
  return new Simulator("koodrive", [
    {
      method: "POST",
      pattern,
      handle: authenticated((user, request) => {
        const moduleCode = (request.body as { moduleCode?: unknown } | undefined)?.moduleCode;
        if (typeof moduleCode !== "string" || !MODULE_CODES.has(moduleCode)) {
          return failure(400, 13000102, "Verify parameters failed: moduleCode must be 100, 101 or 102.");
        }
        const held = [...locks.values()].some((lock) => lock.user === user && lock.moduleCode === moduleCode);
        if (held) return failure(409, 13000409, `A backup lock on module ${moduleCode} is already held.`);
        const lockId = `${randomUUID()}@${moduleCode}`;
        locks.set(lockId, { user, moduleCode, expiresAt: now() + VALIDITY_MS });
        return success({ data: { lockId } });
      }),
    },
    {
      method: "PATCH",
      pattern,
      handle: authenticated(
        ownLock((_lockId, lock) => {
          lock.expiresAt = now() + VALIDITY_MS;
          return success();
        }),
      ),
    },
    {
      method: "DELETE",
      pattern,
      handle: authenticated(
        ownLock((lockId) => {
          locks.delete(lockId);
          return success();
        }),
      ),
    },
  ]);
}

/** `yyyyMMdd'T'HHmmss'Z'` (seed 003) as ms, or undefined when absent or not a real UTC time. */
function parseXDate(value: string | string[] | undefined): number | undefined {
  const parts =
    typeof value === "string" ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second] = parts;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.000Z`;
  const ms = Date.parse(iso);
  // A day past the month's end parses by rolling over; a real time prints back the same.
  return Number.isNaN(ms) || new Date(ms).toISOString() !== iso ? undefined : ms;
}
