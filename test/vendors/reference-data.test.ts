import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { ReferenceDataAPI } from "../../src/vendors/reference-data/api.js";
import { ErrorCode } from "../../src/domain/errors.js";
import { decodeLockId } from "../support/ids.js";
import { LockState } from "../../src/domain/locks.js";
import { Provider } from "../../src/domain/providers.js";
import { createReferenceDataSimulator } from "../../src/vendors/reference-data/simulator.js";
import { expectContractError } from "../support/errors.js";
import { simulatedUpstream, type SimulatedUpstream } from "../support/upstream.js";

const P = Provider.REFERENCE_DATA;

describe("ReferenceDataAPI against its simulator", () => {
  let upstream: SimulatedUpstream;
  const api = (credential: string | undefined = "Bearer alice") =>
    new ReferenceDataAPI(upstream.client, credential, upstream.redactor(...(credential ? [credential] : [])));

  before(async () => {
    upstream = await simulatedUpstream(P, createReferenceDataSimulator());
  });
  afterEach(async () => {
    upstream.simulator.clearFaults();
    await api("Bearer alice").unlock(1);
  });
  after(() => upstream.close());

  describe("lifecycle", () => {
    it("reports an unlocked client as null", async () => {
      assert.equal(await api().getLockStatus(1), null);
    });

    it("locks, reads the same lock back with a stable id, and releases it", async () => {
      const acquired = await api().lock(1);
      const read = await api().getLockStatus(1);

      assert.equal(read?.id, acquired.id);
      assert.equal(read?.holder?.id, "alice");
      assert.deepEqual(decodeLockId(acquired.id), { provider: P, clientId: 1 });

      const released = await api().releaseLock(decodeLockId(acquired.id));
      assert.equal(released.state, LockState.RELEASED);
      assert.equal(await api().getLockStatus(1), null);
    });

    it("answers the holder's second lock request with the same lock", async () => {
      const first = await api().lock(1);
      const second = await api().lock(1);
      assert.equal(second.id, first.id);
      assert.deepEqual(second.acquiredAt, first.acquiredAt);
    });

    it("sends the caller's credential as Authorization", async () => {
      upstream.simulator.resetCalls();
      await api("Bearer alice").getLockStatus(1);
      assert.equal(upstream.simulator.calls[0]?.headers.authorization, "Bearer alice");
    });

    it("makes no call and answers UNAUTHENTICATED without a credential", async () => {
      upstream.simulator.resetCalls();
      const error = await api("")
        .getLockStatus(1)
        .catch((e: unknown) => e);
      assert.equal((error as { extensions: { code: string } }).extensions.code, ErrorCode.UNAUTHENTICATED);
      assert.equal(upstream.simulator.callCount, 0);
    });
  });

  describe("documented error bodies", () => {
    it("409 Locking conflict when another user holds it -> LOCK_CONFLICT", async () => {
      await api("Bearer alice").lock(1);
      await expectContractError(api("Bearer bob").lock(1), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 409,
        vendorCode: "409",
        credentials: ["Bearer bob"],
      });
    });

    it("409 on release of another user's lock -> LOCK_CONFLICT, and the lock stays", async () => {
      await api("Bearer alice").lock(1);
      await expectContractError(api("Bearer bob").unlock(1), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 409,
      });
      assert.equal((await api().getLockStatus(1))?.holder?.id, "alice");
    });

    it("409 version conflict -> PRECONDITION_FAILED", async () => {
      upstream.simulator.inject({
        status: 409,
        body: { status: "error", code: 409, message: "Conflict", details: "Version conflict" },
      });
      await expectContractError(api().lock(1), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 409,
      });
    });

    it("401 envelope (unusable token) -> UNAUTHENTICATED", async () => {
      const error = await expectContractError(api("Token alice-secret").getLockStatus(1), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        status: 401,
        vendorCode: "401",
        credentials: ["Token alice-secret"],
      });
      assert.match(
        String((error.extensions.upstream as { message: string }).message),
        /Authentication failed/,
      );
    });

    it("401 in the Symfony JWT bundle's bare shape -> UNAUTHENTICATED", async () => {
      upstream.simulator.inject({ status: 401, body: { code: 401, message: "JWT Token not found" } });
      const error = await expectContractError(api().getLockStatus(1), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        status: 401,
        vendorCode: "401",
      });
      assert.equal((error.extensions.upstream as { message: string }).message, "JWT Token not found");
    });

    it("403 Access denied -> FORBIDDEN", async () => {
      await expectContractError(api().lock(901), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 403,
        vendorCode: "403",
      });
    });

    it("404 unknown client -> NOT_FOUND", async () => {
      await expectContractError(api().getLockStatus(5000), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 404,
        vendorCode: "404",
      });
    });

    it("500 Internal server error -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({
        status: 500,
        body: {
          status: "error",
          code: 500,
          message: "Internal server error",
          details: "An internal server error occurred",
        },
      });
      await expectContractError(api().lock(1), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 500,
        vendorCode: "500",
      });
    });

    it("redacts a credential the vendor echoes in its message", async () => {
      upstream.simulator.inject({
        status: 401,
        body: {
          status: "error",
          code: 401,
          message: "Authentication failed",
          details: "token s3cr3t-jwt is expired",
        },
      });
      const error = await expectContractError(api("Bearer s3cr3t-jwt").getLockStatus(1), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        credentials: ["Bearer s3cr3t-jwt"],
      });
      assert.match(error.message, /\[REDACTED\] is expired/);
    });
  });

  describe("transport and shape failures", () => {
    it("an HTML 502 page -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "html", status: 502 });
      await expectContractError(api().lock(1), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 502,
        vendorCode: null,
      });
    });

    it("malformed JSON in a 200 -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "malformed-json" });
      await expectContractError(api().getLockStatus(1), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a 200 with the wrong fields -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ status: 200, body: { clientId: "seven", locked: "yes" } });
      await expectContractError(api().getLockStatus(1), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("an HTML body on a 4xx -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "html", status: 404 });
      await expectContractError(api().lock(1), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 404,
      });
    });

    it("an answer slower than the timeout -> UPSTREAM_TIMEOUT", async () => {
      upstream.simulator.inject({ delayMs: 1_000, method: "POST" });
      await expectContractError(api().lock(1), {
        code: ErrorCode.UPSTREAM_TIMEOUT,
        provider: P,
        status: null,
      });
    });

    it("a dropped connection -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "drop", method: "POST" });
      await expectContractError(api().lock(1), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: null,
      });
    });
  });
});
