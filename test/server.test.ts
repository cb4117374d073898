import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestLockGraph, type TestLockGraph } from "./support/lockgraph.js";

describe("HTTP endpoints", () => {
  let lockgraph: TestLockGraph;
  const at = (path: string) => new URL(path, lockgraph.url).toString();

  before(async () => {
    lockgraph = await startTestLockGraph();
  });
  after(() => lockgraph.close());

  it("/healthz answers 200 while the process runs", async () => {
    assert.equal((await fetch(at("/healthz"))).status, 200);
  });

  it("/readyz answers 200 once it can serve", async () => {
    assert.equal((await fetch(at("/readyz"))).status, 200);
  });

  it("/metrics counts GraphQL operations by outcome and upstream calls by provider", async () => {
    await lockgraph.request(
      "query Probe { referenceDataLock(clientId: 1) { id } }",
      {},
      { "x-reference-data-authorization": "Bearer alice" },
    );
    const text = await (await fetch(at("/metrics"))).text();
    assert.match(text, /lockgraph_graphql_operations_total\{operation="Probe",type="query",outcome="ok"\} 1/);
    assert.match(
      text,
      /lockgraph_upstream_requests_total\{provider="REFERENCE_DATA",operation="status",outcome="2xx"\} 1/,
    );
    assert.match(
      text,
      /lockgraph_upstream_request_duration_seconds_bucket\{le="0.005",provider="REFERENCE_DATA",operation="status"\}/,
    );
  });

  it("serves the Apollo Sandbox landing page to a browser GET", async () => {
    const response = await fetch(lockgraph.url, { headers: { accept: "text/html" } });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /embeddable-sandbox/);
  });

  it("refuses a GET operation without a CSRF-safe header", async () => {
    const response = await fetch(`${lockgraph.url}?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { "content-type": "text/plain" },
    });
    assert.equal(response.status, 400);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await fetch(lockgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    assert.equal(response.status, 400);
  });

  it("answers 404 elsewhere", async () => {
    assert.equal((await fetch(at("/nope"))).status, 404);
  });
});
