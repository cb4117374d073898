import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * One registry per LockGraph instance (not prom-client's global one), so several
 * instances in one process - as the tests run them - never collide.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly operations = new Counter({
    name: "lockgraph_graphql_operations_total",
    help: "GraphQL operations by operation name, type and outcome (ok, partial, error).",
    labelNames: ["operation", "type", "outcome"] as const,
    registers: [this.registry],
  });

  readonly upstreamCalls = new Counter({
    name: "lockgraph_upstream_requests_total",
    help: "HTTP calls to vendors by provider, vendor operation and outcome (HTTP status class, timeout, unavailable, circuit_open).",
    labelNames: ["provider", "operation", "outcome"] as const,
    registers: [this.registry],
  });

  readonly upstreamLatency = new Histogram({
    name: "lockgraph_upstream_request_duration_seconds",
    help: "Latency of HTTP calls to vendors, including reading the body.",
    labelNames: ["provider", "operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "lockgraph_" });
  }
}
