import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ErrorCode } from "../../src/domain/errors.js";
import { PROVIDERS } from "../../src/domain/providers.js";
import type { Fault } from "../../src/vendors/simulator.js";
import { CANONICAL_CALLS, captureUnhandledRejections, credentialsFor } from "../support/canonical-calls.js";
import { startTestLockGraph, type GraphQLResult, type TestLockGraph } from "../support/lockgraph.js";

/**
 * Issue 5's fault suite: every simulator knob on every provider ends in its contract code,
 * and LockGraph stays ready with no unhandled rejection.
 */
const TIMEOUT_MS = 150;
const BREAKER_THRESHOLD = 3;
const BREAKER_RESET_MS = 100;

let userSeq = 0;
/** A fresh simulated user per call, so stateful vendors (KooDrive's one lock per module) start clean. */
const freshCredentials = () => credentialsFor(`fault-user-${++userSeq}`);

// Providers run side by side (each has its own simulator, breaker and cap); each
// provider's own tests run one after another, since they share its simulator's faults.
describe("fault suite", { concurrency: true }, () => {
  let lockgraph: TestLockGraph;
  const unhandled = captureUnhandledRejections();

  before(async () => {
    lockgraph = await startTestLockGraph({
      LOCKGRAPH_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      LOCKGRAPH_UPSTREAM_RETRIES: "2",
      LOCKGRAPH_RETRY_AFTER_CAP_SECONDS: "1",
      LOCKGRAPH_BREAKER_THRESHOLD: String(BREAKER_THRESHOLD),
      LOCKGRAPH_BREAKER_RESET_MS: String(BREAKER_RESET_MS),
    });
  });
  after(async () => {
    unhandled.stop();
    assert.equal((await fetch(new URL("/readyz", lockgraph.url))).status, 200);
    await lockgraph.close();
    assert.deepEqual(unhandled.rejections, []);
  });

  for (const provider of PROVIDERS) {
    describe(provider, { concurrency: false }, () => {
      const call = CANONICAL_CALLS[provider];
      const sim = () => lockgraph.simulators.get(provider);
      const send = () => lockgraph.request(call.query, call.variables, freshCredentials());
      const inject = (fault: Fault) => sim().inject({ path: call.path, ...fault });
      const codeOf = (result: GraphQLResult) => result.errors?.[0]?.extensions.code;
      /** Calls the vendor saw for this operation during `act`. */
      async function counting(
        act: () => Promise<GraphQLResult>,
      ): Promise<{ result: GraphQLResult; calls: number }> {
        sim().resetCalls();
        const result = await act();
        return { result, calls: sim().calls.filter((c) => c.path.includes(call.path)).length };
      }

      afterEach(async () => {
        sim().clearFaults();
        await sleep(BREAKER_RESET_MS + 20); // let any circuit a test opened close again
      });

      it("a vendor slower than the timeout -> UPSTREAM_TIMEOUT", async () => {
        inject({ delayMs: TIMEOUT_MS * 3 });
        const result = await send();
        assert.equal(codeOf(result), ErrorCode.UPSTREAM_TIMEOUT);
        assert.equal(result.errors?.[0]?.extensions.provider, provider);
      });

      it("a persistent 503 -> UPSTREAM_UNAVAILABLE", async () => {
        inject({ status: 503, body: "Service Unavailable" });
        assert.equal(codeOf(await send()), ErrorCode.UPSTREAM_UNAVAILABLE);
      });

      it("an HTML error page -> UPSTREAM_UNAVAILABLE", async () => {
        inject({ kind: "html", status: 502 });
        assert.equal(codeOf(await send()), ErrorCode.UPSTREAM_UNAVAILABLE);
      });

      it("malformed JSON -> UPSTREAM_BAD_RESPONSE", async () => {
        inject({ kind: "malformed-json", status: 200 });
        assert.equal(codeOf(await send()), ErrorCode.UPSTREAM_BAD_RESPONSE);
      });

      it("a dropped connection -> UPSTREAM_UNAVAILABLE", async () => {
        inject({ kind: "drop" });
        assert.equal(codeOf(await send()), ErrorCode.UPSTREAM_UNAVAILABLE);
      });

      it("a persistent 429 with Retry-After -> RATE_LIMITED carrying the vendor's retryAfter", async () => {
        inject({ status: 429, headers: { "retry-after": "1" }, body: "{}" });
        const { result, calls } = await counting(send);
        assert.equal(codeOf(result), ErrorCode.RATE_LIMITED);
        assert.equal(result.errors?.[0]?.extensions.retryAfter, 1);
        assert.equal(calls, call.idempotent ? 3 : 1, "bounded retries for reads, none for acquires");
      });

      it("a 429 asking for longer than the cap -> RATE_LIMITED at once, without retrying", async () => {
        inject({ status: 429, headers: { "retry-after": "120" }, body: "{}" });
        const { result, calls } = await counting(send);
        assert.equal(codeOf(result), ErrorCode.RATE_LIMITED);
        assert.equal(result.errors?.[0]?.extensions.retryAfter, 120);
        assert.equal(calls, 1);
      });

      it("a persistent 429 without Retry-After -> RATE_LIMITED", async () => {
        inject({ status: 429, body: "{}" });
        assert.equal(codeOf(await send()), ErrorCode.RATE_LIMITED);
      });

      if (call.idempotent) {
        it("a single 429, with or without Retry-After, is retried and the read succeeds", async () => {
          inject({ status: 429, headers: { "retry-after": "0" }, body: "{}", times: 1 });
          inject({ status: 429, body: "{}", times: 1 });
          const { result, calls } = await counting(send);
          assert.equal(result.errors, undefined);
          assert.equal(calls, 3);
        });
      } else {
        it("a single 429 on an acquire is not retried: RATE_LIMITED", async () => {
          inject({ status: 429, body: "{}", times: 1 });
          const { result, calls } = await counting(send);
          assert.equal(codeOf(result), ErrorCode.RATE_LIMITED);
          assert.equal(calls, 1);
        });
      }

      it("opens the circuit after repeated failures, fails fast while open, and recovers by itself", async () => {
        inject({ status: 503, body: "down" });
        for (let i = 0; i < BREAKER_THRESHOLD; i++) await send();
        const { result: open, calls } = await counting(send);
        assert.equal(codeOf(open), ErrorCode.UPSTREAM_UNAVAILABLE);
        assert.equal(calls, 0, "an open circuit makes no vendor call");

        sim().clearFaults();
        await sleep(BREAKER_RESET_MS + 50);
        const recovered = await send();
        assert.notEqual(codeOf(recovered), ErrorCode.UPSTREAM_UNAVAILABLE);
      });
    });
  }
});
