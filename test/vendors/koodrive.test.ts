import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { BackupLockStore } from "../../src/vendors/koodrive/backup-lock-store.js";
import { KooDriveAPI } from "../../src/vendors/koodrive/api.js";
import { ErrorCode, LockGraphError } from "../../src/domain/errors.js";
import type { KooDriveLockRef as LockRef } from "../../src/vendors/koodrive/lock-id.js";
import { decodeLockId, encodeLockId } from "../support/ids.js";
import { BackupModule, LockState, type Lock, ResourceKind } from "../../src/domain/locks.js";
import { Provider } from "../../src/domain/providers.js";
import {
  createKooDriveSimulator,
  type KooDriveSimulatorOptions,
} from "../../src/vendors/koodrive/simulator.js";
import { expectContractError } from "../support/errors.js";
import { simulatedUpstream, type SimulatedUpstream } from "../support/upstream.js";

const P = Provider.KOODRIVE;
const MINUTE = 60_000;
const X_DATE = /^\d{8}T\d{6}Z$/;

describe("KooDriveAPI against its simulator", () => {
  let upstream: SimulatedUpstream;
  // One clock for the vendor, LockGraph's record and LockGraph's X-Date, so tests move time without sleeping.
  let time = Date.parse("2025-11-03T07:01:40.789Z");
  const clock = () => time;
  const vendor: KooDriveSimulatorOptions = { now: clock };
  const store = new BackupLockStore(clock);

  // null stands for a header the caller did not send.
  const api = (
    user: string | null = "alice",
    credential: string | null = `Bearer ${user}`,
    now = clock,
    locks: BackupLockStore = store,
  ) =>
    new KooDriveAPI(
      upstream.client,
      credential ?? undefined,
      upstream.redactor(...(credential ? [credential] : [])),
      user ?? undefined,
      locks,
      now,
    );
  /** A LockGraph that never saw the first lock (another instance without a shared ledger, say). */
  const elsewhere = (user = "alice") => api(user, `Bearer ${user}`, clock, new BackupLockStore(clock));
  const refOf = (lock: Lock): LockRef => decodeLockId(lock.id);
  const vendorLockId = (lock: Lock) => (refOf(lock) as { lockId: string }).lockId;

  before(async () => {
    upstream = await simulatedUpstream(P, createKooDriveSimulator(vendor));
  });
  afterEach(() => {
    upstream.simulator.clearFaults();
    upstream.simulator.resetCalls();
    vendor.failuresIn200 = false;
    // Every lock of the test lapses, at the vendor and in LockGraph's record alike.
    time += 11 * MINUTE;
  });
  after(() => upstream.close());

  describe("lifecycle", () => {
    it("acquires a module's lock: an id carrying the vendor's <uuid>@<moduleCode>, the module as the resource, the user as holder", async () => {
      const lock = await api().createBackupLock(BackupModule.ALBUM);

      assert.match(vendorLockId(lock), /^[0-9a-f-]{36}@101$/);
      assert.equal(refOf(lock).provider, P);
      assert.deepEqual(lock.resource, { kind: ResourceKind.BACKUP, id: "101" });
      assert.equal(lock.holder?.id, "alice");
      assert.equal(lock.state, LockState.HELD);
    });

    it("reports expiresAt as acquiredAt + 10 minutes", async () => {
      const lock = await api().createBackupLock(BackupModule.FOLDER);

      assert.equal(lock.acquiredAt?.getTime(), time);
      assert.equal(lock.expiresAt?.getTime(), time + 10 * MINUTE);
    });

    it("renews: expiresAt moves to renewal + 10 minutes, acquiredAt stays", async () => {
      const acquired = await api().createBackupLock(BackupModule.FOLDER);
      time += 7 * MINUTE;

      const renewed = await api().renewLock(refOf(acquired));

      assert.equal(renewed.id, acquired.id);
      assert.equal(renewed.expiresAt?.getTime(), time + 10 * MINUTE);
      assert.deepEqual(renewed.acquiredAt, acquired.acquiredAt);
    });

    it("keeps a renewed lock alive past its first 10 minutes, at the vendor and in lock(id)", async () => {
      const acquired = await api().createBackupLock(BackupModule.FOLDER);
      time += 7 * MINUTE;
      await api().renewLock(refOf(acquired));
      time += 7 * MINUTE;

      assert.equal((await api().findLock(refOf(acquired)))?.id, acquired.id);
      assert.equal((await api().releaseLock(refOf(acquired))).state, LockState.RELEASED);
    });

    it("answers lock(id) from LockGraph's record, without a vendor call", async () => {
      const acquired = await api().createBackupLock(BackupModule.ADDRESS_BOOK);
      upstream.simulator.resetCalls();

      const found = await api().findLock(refOf(acquired));

      assert.deepEqual(found, acquired);
      assert.equal(upstream.simulator.callCount, 0);
    });

    it("releases: the answer is RELEASED, and lock(id) is null afterwards", async () => {
      const acquired = await api().createBackupLock(BackupModule.FOLDER);

      const released = await api().releaseLock(refOf(acquired));

      assert.equal(released.state, LockState.RELEASED);
      assert.equal(released.id, acquired.id);
      assert.equal(await api().findLock(refOf(acquired)), null);
    });

    it("answers lock(id) null for a lock recorded for a different user id", async () => {
      const acquired = await api("alice").createBackupLock(BackupModule.FOLDER);

      assert.equal(await api("bob").findLock(refOf(acquired)), null);
    });

    it("answers lock(id) null once the lock has lapsed", async () => {
      const acquired = await api().createBackupLock(BackupModule.FOLDER);
      time += 10 * MINUTE;

      assert.equal(await api().findLock(refOf(acquired)), null);
    });

    it("answers lock(id) null for a lock id LockGraph never saw", async () => {
      assert.equal(
        await api().findLock({ provider: P, lockId: "78e41c7e-db02-4d55-85b3-8153e4fefd2e@102" }),
        null,
      );
    });

    it("forgets its record when the vendor says the lock no longer exists", async () => {
      const acquired = await api().createBackupLock(BackupModule.FOLDER);
      upstream.simulator.inject({
        method: "PATCH",
        status: 400,
        body: { code: 13000309, msg: "Resource does not exist." },
      });

      await expectContractError(api().renewLock(refOf(acquired)), { code: ErrorCode.NOT_FOUND, provider: P });
      assert.equal(await api().findLock(refOf(acquired)), null);
    });

    it("can acquire a module again once the earlier lock has lapsed", async () => {
      await api().createBackupLock(BackupModule.FOLDER);
      time += 10 * MINUTE;

      const again = await api().createBackupLock(BackupModule.FOLDER);

      assert.equal(again.state, LockState.HELD);
    });
  });

  describe("contention", () => {
    it("alice and bob each hold their own lock on the same module: KooDrive locks per user and module", async () => {
      const alices = await api("alice").createBackupLock(BackupModule.FOLDER);
      const bobs = await api("bob").createBackupLock(BackupModule.FOLDER);

      assert.notEqual(alices.id, bobs.id);
      assert.equal((await api("alice").findLock(refOf(alices)))?.holder?.id, "alice");
      assert.equal((await api("bob").findLock(refOf(bobs)))?.holder?.id, "bob");
    });

    it("re-acquiring one's own live module lock answers that lock, not LOCK_CONFLICT", async () => {
      const first = await api("alice").createBackupLock(BackupModule.ADDRESS_BOOK);

      const again = await api("alice").createBackupLock(BackupModule.ADDRESS_BOOK);

      assert.equal(again.id, first.id);
      assert.equal(again.expiresAt?.toISOString(), first.expiresAt?.toISOString());
    });

    it("acquiring a live module lock LockGraph has no record of: 409 13000409 -> LOCK_CONFLICT", async () => {
      await api("alice").createBackupLock(BackupModule.ALBUM);

      await expectContractError(elsewhere("alice").createBackupLock(BackupModule.ALBUM), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 409,
        vendorCode: "13000409",
        credentials: ["Bearer alice"],
      });
    });

    it("bob cannot release alice's lock: 400 13000309 -> NOT_FOUND, and alice keeps it", async () => {
      const acquired = await api("alice").createBackupLock(BackupModule.FOLDER);

      await expectContractError(api("bob").releaseLock(refOf(acquired)), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 400,
        vendorCode: "13000309",
      });
      assert.equal((await api("alice").findLock(refOf(acquired)))?.holder?.id, "alice");
    });
  });

  describe("headers", () => {
    for (const credential of ["Bearer alice", "Bearer+alice"]) {
      it(`sends Authorization in the vendor's Bearer+ form when the caller sends "${credential}"`, async () => {
        await api("alice", credential).createBackupLock(BackupModule.FOLDER);

        assert.equal(upstream.simulator.calls[0]?.headers.authorization, "Bearer+alice");
      });
    }

    it("sends the caller's user id as X-User-Id", async () => {
      await api("alice").createBackupLock(BackupModule.FOLDER);

      assert.equal(upstream.simulator.calls[0]?.headers["x-user-id"], "alice");
    });

    it("sends a well-formed X-Date of the moment of each call, on every call", async () => {
      const callTimes = [time];
      const lock = await api().createBackupLock(BackupModule.FOLDER);
      time += 2 * MINUTE + 5_000;
      callTimes.push(time);
      await api().renewLock(refOf(lock));
      time += 1_000;
      callTimes.push(time);
      await api().releaseLock(refOf(lock));

      const dates = upstream.simulator.calls.map((call) => String(call.headers["x-date"]));
      assert.equal(dates.length, 3);
      for (const date of dates) assert.match(date, X_DATE);
      assert.deepEqual(
        dates.map(fromXDate),
        callTimes.map((t) => Math.floor(t / 1000) * 1000),
      );
    });

    it("writes X-Date as yyyyMMdd'T'HHmmss'Z' in UTC, to the second", async () => {
      const at = Date.parse("2025-11-03T07:01:40.789Z");
      const earlier = () => at;
      upstream.simulator.inject({
        method: "POST",
        status: 200,
        body: { code: 0, msg: "success", data: { lockId: "78e41c7e-db02-4d55-85b3-8153e4fefd2e@100" } },
      });

      await api("alice", "Bearer alice", earlier).createBackupLock(BackupModule.FOLDER);

      assert.equal(upstream.simulator.calls[0]?.headers["x-date"], "20251103T070140Z");
    });

    it("POSTs the module code, and names the lock in x-backup-lock-id on renew and release", async () => {
      const lock = await api().createBackupLock(BackupModule.ADDRESS_BOOK);
      await api().renewLock(refOf(lock));
      await api().releaseLock(refOf(lock));

      const [create, renew, release] = upstream.simulator.calls;
      assert.deepEqual(create?.body, { moduleCode: "102" });
      assert.deepEqual([renew?.method, renew?.headers["x-backup-lock-id"]], ["PATCH", vendorLockId(lock)]);
      assert.deepEqual(
        [release?.method, release?.headers["x-backup-lock-id"]],
        ["DELETE", vendorLockId(lock)],
      );
    });

    it("makes no call and answers UNAUTHENTICATED without the caller's KooDrive user id", async () => {
      const error = await api(null, "Bearer alice")
        .createBackupLock(BackupModule.FOLDER)
        .catch((e: unknown) => e);

      assert.ok(error instanceof LockGraphError);
      assert.equal(error.extensions.code, ErrorCode.UNAUTHENTICATED);
      assert.equal(error.extensions.provider, P);
      assert.equal(upstream.simulator.callCount, 0);
    });

    it("makes no call and answers UNAUTHENTICATED without a token", async () => {
      const error = await api("alice", null)
        .createBackupLock(BackupModule.FOLDER)
        .catch((e: unknown) => e);

      assert.ok(error instanceof LockGraphError);
      assert.equal(error.extensions.code, ErrorCode.UNAUTHENTICATED);
      assert.equal(upstream.simulator.callCount, 0);
    });

    it("makes no call and answers BAD_USER_INPUT for a lock id that names no backup module", async () => {
      const error = await api()
        .renewLock({ provider: P, lockId: "78e41c7e@999" })
        .catch((e: unknown) => e);

      assert.ok(error instanceof LockGraphError);
      assert.equal(error.extensions.code, ErrorCode.BAD_USER_INPUT);
      assert.equal(upstream.simulator.callCount, 0);
    });
  });

  describe("documented and assumed error bodies", () => {
    it("400 13000102 (parameter check failed) -> BAD_USER_INPUT", async () => {
      upstream.simulator.inject({
        method: "POST",
        status: 400,
        body: { code: 13000102, msg: "Verify parameters failed." },
      });

      const error = await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.BAD_USER_INPUT,
        provider: P,
        status: 400,
        vendorCode: "13000102",
      });
      assert.equal((error.extensions.upstream as { message: string }).message, "Verify parameters failed.");
    });

    it("400 13000309 on renewing a lock the vendor does not know -> NOT_FOUND", async () => {
      await expectContractError(
        api().renewLock({ provider: P, lockId: "78e41c7e-db02-4d55-85b3-8153e4fefd2e@102" }),
        {
          code: ErrorCode.NOT_FOUND,
          provider: P,
          status: 400,
          vendorCode: "13000309",
        },
      );
    });

    it("400 13000309 on renewing a lapsed lock -> NOT_FOUND", async () => {
      const acquired = await api().createBackupLock(BackupModule.FOLDER);
      time += 10 * MINUTE + 1_000;

      await expectContractError(api().renewLock(refOf(acquired)), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 400,
        vendorCode: "13000309",
      });
    });

    it("401 APIGW.0301 (assumed) -> UNAUTHENTICATED", async () => {
      upstream.simulator.inject({
        status: 401,
        body: { code: "APIGW.0301", msg: "Incorrect IAM authentication information: decrypt token fail" },
      });

      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        status: 401,
        vendorCode: "APIGW.0301",
      });
    });

    it("401 APIGW.0303 for an X-Date older than 15 minutes -> UNAUTHENTICATED", async () => {
      const slowClock = () => time - 16 * MINUTE;

      await expectContractError(
        api("alice", "Bearer alice", slowClock).createBackupLock(BackupModule.FOLDER),
        {
          code: ErrorCode.UNAUTHENTICATED,
          provider: P,
          status: 401,
          vendorCode: "APIGW.0303",
        },
      );
    });

    it("401 APIGW.0303 for an X-Date in the vendor's future -> UNAUTHENTICATED", async () => {
      const fastClock = () => time + 2_000;

      await expectContractError(
        api("alice", "Bearer alice", fastClock).createBackupLock(BackupModule.FOLDER),
        {
          code: ErrorCode.UNAUTHENTICATED,
          provider: P,
          status: 401,
          vendorCode: "APIGW.0303",
        },
      );
    });

    it("401 APIGW.0303 for an X-User-Id that is not the token's user -> UNAUTHENTICATED", async () => {
      await expectContractError(api("bob", "Bearer alice").createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        status: 401,
        vendorCode: "APIGW.0303",
        credentials: ["Bearer alice"],
      });
    });

    it("another gateway code goes by its HTTP status: 429 APIGW.0308 -> RATE_LIMITED", async () => {
      upstream.simulator.inject({
        method: "POST",
        status: 429,
        body: { code: "APIGW.0308", msg: "The throttling threshold has been reached." },
      });

      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.RATE_LIMITED,
        provider: P,
        status: 429,
        vendorCode: "APIGW.0308",
      });
    });

    it("redacts the token when the vendor echoes it", async () => {
      upstream.simulator.inject({
        status: 401,
        body: { code: "APIGW.0301", msg: "token s3cr3t-token is expired" },
      });

      const error = await expectContractError(
        api("alice", "Bearer s3cr3t-token").createBackupLock(BackupModule.FOLDER),
        {
          code: ErrorCode.UNAUTHENTICATED,
          provider: P,
          credentials: ["Bearer s3cr3t-token"],
        },
      );
      assert.match(error.message, /\[REDACTED\] is expired/);
    });

    it("never retries an acquire: one failed POST is one call", async () => {
      upstream.simulator.inject({
        method: "POST",
        status: 503,
        body: { code: "APIGW.0201", msg: "Backend unavailable" },
        times: 1,
      });

      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 503,
      });
      assert.equal(upstream.simulator.callsTo("POST").length, 1);
    });
  });

  describe("failures inside a 200", () => {
    it("200 with 13000309 (the simulator's failures-in-200 mode) -> NOT_FOUND", async () => {
      vendor.failuresIn200 = true;

      await expectContractError(
        api().renewLock({ provider: P, lockId: "78e41c7e-db02-4d55-85b3-8153e4fefd2e@100" }),
        {
          code: ErrorCode.NOT_FOUND,
          provider: P,
          status: 200,
          vendorCode: "13000309",
        },
      );
    });

    it("200 with 13000409 on a second acquire (failures-in-200 mode) -> LOCK_CONFLICT", async () => {
      vendor.failuresIn200 = true;
      await api().createBackupLock(BackupModule.FOLDER);

      await expectContractError(elsewhere().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 200,
        vendorCode: "13000409",
      });
    });

    it("200 with 13000102 -> BAD_USER_INPUT", async () => {
      upstream.simulator.inject({ status: 200, body: { code: 13000102, msg: "Verify parameters failed." } });

      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.BAD_USER_INPUT,
        provider: P,
        status: 200,
        vendorCode: "13000102",
      });
    });

    it("200 with an unlisted code -> PRECONDITION_FAILED with the vendor's message", async () => {
      upstream.simulator.inject({
        status: 200,
        body: { code: 13000412, msg: "The space is not activated." },
      });

      const error = await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 200,
        vendorCode: "13000412",
      });
      assert.equal((error.extensions.upstream as { message: string }).message, "The space is not activated.");
    });

    it('reads a code sent as a string: 200 with "13000309" -> NOT_FOUND', async () => {
      upstream.simulator.inject({
        method: "DELETE",
        status: 200,
        body: { code: "13000309", msg: "Resource does not exist." },
      });

      await expectContractError(
        api().releaseLock({ provider: P, lockId: "78e41c7e-db02-4d55-85b3-8153e4fefd2e@100" }),
        {
          code: ErrorCode.NOT_FOUND,
          provider: P,
          status: 200,
          vendorCode: "13000309",
        },
      );
    });

    it("a release refused inside a 200 leaves the lock recorded as held", async () => {
      upstream.simulator.inject({
        method: "DELETE",
        status: 200,
        body: { code: 13000412, msg: "The space is not activated." },
      });
      const acquired = await api().createBackupLock(BackupModule.FOLDER);

      await expectContractError(api().releaseLock(refOf(acquired)), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
      });
      assert.equal((await api().findLock(refOf(acquired)))?.state, LockState.HELD);
    });
  });

  describe("transport and shape failures", () => {
    it("an HTML 502 page -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "html", status: 502 });
      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 502,
        vendorCode: null,
      });
    });

    it("an HTML body on a 4xx -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "html", status: 400 });
      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 400,
      });
    });

    it("malformed JSON in a 200 -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "malformed-json" });
      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a 200 without the lock id -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ status: 200, body: { code: 0, msg: "success", data: {} } });
      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a 200 whose lock id is for another module -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({
        status: 200,
        body: { code: 0, msg: "success", data: { lockId: "78e41c7e-db02-4d55-85b3-8153e4fefd2e@102" } },
      });
      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a 200 that is not { code, msg } at all -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ method: "DELETE", status: 200, body: { released: true } });
      await expectContractError(
        api().releaseLock({ provider: P, lockId: "78e41c7e-db02-4d55-85b3-8153e4fefd2e@100" }),
        {
          code: ErrorCode.UPSTREAM_BAD_RESPONSE,
          provider: P,
          status: 200,
        },
      );
    });

    it("an answer slower than the timeout -> UPSTREAM_TIMEOUT", async () => {
      upstream.simulator.inject({ delayMs: 1_000, method: "POST" });
      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_TIMEOUT,
        provider: P,
        status: null,
      });
    });

    it("a dropped connection -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "drop", method: "POST" });
      await expectContractError(api().createBackupLock(BackupModule.FOLDER), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: null,
      });
    });
  });

  it("encodes the vendor's lock id into a LockGraph id that routes back to it", () => {
    const lockId = "78e41c7e-db02-4d55-85b3-8153e4fefd2e@102";
    assert.deepEqual(decodeLockId(encodeLockId({ provider: P, lockId })), { provider: P, lockId });
  });
});

/** An X-Date read back as ms since the epoch. */
function fromXDate(xDate: string): number {
  return Date.parse(xDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
}
