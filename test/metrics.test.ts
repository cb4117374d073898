import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_OPERATION_NAMES, Metrics, OTHER_OPERATIONS } from "../src/metrics.js";

async function operationSeries(metrics: Metrics): Promise<Map<string, number>> {
  const { values } = await metrics.operations.get();
  return new Map(values.map((v) => [`${v.labels.operation} ${v.labels.type} ${v.labels.outcome}`, v.value]));
}

describe("Metrics", () => {
  it("counts each operation under its name, type and outcome", async () => {
    const metrics = new Metrics();
    metrics.countOperation("Probe", "query", "ok");
    metrics.countOperation("Probe", "query", "ok");
    metrics.countOperation("Probe", "query", "error");
    const series = await operationSeries(metrics);
    assert.equal(series.get("Probe query ok"), 2);
    assert.equal(series.get("Probe query error"), 1);
  });

  it("counts operation names past the bound as one (other) series, so clients cannot grow /metrics without end", async () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES + 50; i++) metrics.countOperation(`Op${i}`, "query", "ok");
    metrics.countOperation("Op0", "query", "ok");
    const series = await operationSeries(metrics);
    assert.equal(series.size, MAX_OPERATION_NAMES + 1);
    assert.equal(series.get(`${OTHER_OPERATIONS} query ok`), 50);
    assert.equal(series.get("Op0 query ok"), 2, "a name seen before the bound keeps its own series");
  });

  it("lets a busy real operation take the series of a made-up name seen once", async () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) metrics.countOperation(`Junk${i}`, "query", "ok");
    for (let i = 0; i < 3; i++) metrics.countOperation("Dashboard", "query", "ok");
    const series = await operationSeries(metrics);
    assert.equal(series.size, MAX_OPERATION_NAMES + 1, "still at most the bound of names, plus (other)");
    assert.equal(series.get("Dashboard query ok"), 2, "its own series from its second call on");
    assert.equal(series.get("Junk0 query ok"), undefined, "the least-seen name gave its series up");
    assert.equal(series.get(`${OTHER_OPERATIONS} query ok`), 1);
  });

  it("records a vendor call's outcome, and its latency only when it has one", async () => {
    const metrics = new Metrics();
    metrics.recordUpstreamCall("KOODRIVE", "renew", "2xx", 0.003);
    metrics.recordUpstreamCall("KOODRIVE", "renew", "circuit_open");
    const calls = (await metrics.upstreamCalls.get()).values.map((v) => [v.labels.outcome, v.value]);
    assert.deepEqual(calls.sort(), [
      ["2xx", 1],
      ["circuit_open", 1],
    ]);
    const count = (await metrics.upstreamLatency.get()).values.find(
      (v) => v.metricName === "lockgraph_upstream_request_duration_seconds_count",
    );
    assert.equal(count?.value, 1);
  });
});
