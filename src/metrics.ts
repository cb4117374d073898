import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Past this many distinct operation names (clients choose them), the rest count as OTHER_OPERATIONS. */
export const MAX_OPERATION_NAMES = 500;
/** Parentheses cannot occur in a GraphQL name, so this never collides with a real operation. */
export const OTHER_OPERATIONS = "(other)";

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

  readonly circuitOpenedAt = new Gauge({
    name: "lockgraph_upstream_circuit_opened_timestamp_seconds",
    help: "When each provider's circuit breaker last opened (Unix time); absent until it first opens.",
    labelNames: ["provider"] as const,
    registers: [this.registry],
  });

  readonly #operationNames = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "lockgraph_" });
  }

  /** One GraphQL operation; a client cannot grow /metrics without bound by inventing names. */
  countOperation(name: string, type: string, outcome: string): void {
    if (this.#operationNames.size < MAX_OPERATION_NAMES) this.#operationNames.add(name);
    const operation = this.#operationNames.has(name) ? name : OTHER_OPERATIONS;
    this.operations.inc({ operation, type, outcome });
  }

  /** One vendor call's outcome, and its latency when it got that far. Labels are fixed in code, never caller input. */
  recordUpstreamCall(provider: string, operation: string, outcome: string, seconds?: number): void {
    this.upstreamCalls.inc({ provider, operation, outcome });
    if (seconds !== undefined) this.upstreamLatency.observe({ provider, operation }, seconds);
  }
}
