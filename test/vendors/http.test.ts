import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Provider } from "../../src/domain/providers.js";
import { createReferenceDataSimulator } from "../../src/vendors/reference-data/simulator.js";
import { simulatedUpstream, type SimulatedUpstream } from "../support/upstream.js";

describe("UpstreamClient's concurrency cap", () => {
  let upstream: SimulatedUpstream;
  const read = () =>
    upstream.client.send({
      operation: "status",
      method: "GET",
      path: "/api/v2/clients/1/reference/lock",
      headers: { authorization: "Bearer alice" },
      idempotent: true,
    });

  before(async () => {
    upstream = await simulatedUpstream(Provider.REFERENCE_DATA, createReferenceDataSimulator(), {
      LOCKGRAPH_UPSTREAM_MAX_CONCURRENCY: "2",
      LOCKGRAPH_UPSTREAM_TIMEOUT_MS: "300",
      LOCKGRAPH_UPSTREAM_RETRIES: "0",
    });
    upstream.simulator.latencyMs = 100;
  });
  after(() => upstream.close());

  it("never has more calls in flight than the cap", async () => {
    upstream.simulator.resetCalls();
    await Promise.all(Array.from({ length: 8 }, read));
    assert.equal(upstream.simulator.maxInFlight, 2);
  });

  it("does not count time queued behind the cap against the vendor's timeout", async () => {
    // 20 calls at 100 ms, two at a time, take ~1 s: far past the 300 ms timeout for the last ones.
    const answers = await Promise.all(Array.from({ length: 20 }, read));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(20).fill(200),
    );
  });
});
