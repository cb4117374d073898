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

  readonly webSocketConnections: Gauge = new Gauge({
    name: "lockgraph_websocket_connections",
    help: "Open GraphQL over WebSocket connections.",
    registers: [this.registry],
    collect: (): void => this.webSocketConnections.set(this.#live().connections),
  });

  readonly activeSubscriptions: Gauge = new Gauge({
    name: "lockgraph_subscriptions_active",
    help: "Subscription.holdEvents streams running in this process.",
    registers: [this.registry],
    collect: (): void => this.activeSubscriptions.set(this.#live().subscriptions),
  });

  readonly subscribersDropped = new Counter({
    name: "lockgraph_subscribers_dropped_total",
    help: "Subscribers dropped for falling behind (their connection closed with 4413, see docs/events.md).",
    registers: [this.registry],
  });

  readonly eventsDelivered = new Counter({
    name: "lockgraph_subscription_events_delivered_total",
    help: "Hold events sent to subscribers (one per subscriber that receives it).",
    registers: [this.registry],
  });

  /** Reads the live connection and subscription counts; none until the WebSocket server is attached. */
  #live: () => { connections: number; subscriptions: number } = () => ({ connections: 0, subscriptions: 0 });

  /** Operation names with their own series: how often each was seen, and its label sets. */
  readonly #named = new Map<string, { count: number; series: Set<string> }>();
  /** Names waiting for a series, counted (bounded; the least recent is forgotten first). */
  readonly #candidates = new Map<string, number>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "lockgraph_" });
  }

  /**
   * One GraphQL operation. At most MAX_OPERATION_NAMES names get their own series (clients
   * choose names, so /metrics must not grow without end); the rest count as OTHER_OPERATIONS.
   * Once full, a name seen more often than the least-seen named one takes its place, so
   * hundreds of made-up names sent once cannot keep a real, busy operation out for ever.
   */
  countOperation(name: string, type: string, outcome: string): void {
    const named = this.#named.get(name) ?? this.admit(name);
    if (named) {
      named.count += 1;
      named.series.add(`${type}\n${outcome}`);
    }
    this.operations.inc({ operation: named ? name : OTHER_OPERATIONS, type, outcome });
  }

  private admit(name: string): { count: number; series: Set<string> } | undefined {
    const seen = (this.#candidates.get(name) ?? 0) + 1;
    this.#candidates.delete(name);
    if (this.#named.size >= MAX_OPERATION_NAMES) {
      let least: [string, { count: number; series: Set<string> }] | undefined;
      for (const entry of this.#named) if (!least || entry[1].count < least[1].count) least = entry;
      if (!least || seen <= least[1].count) {
        this.#candidates.set(name, seen);
        if (this.#candidates.size > MAX_OPERATION_NAMES)
          this.#candidates.delete(this.#candidates.keys().next().value as string);
        return undefined;
      }
      this.#named.delete(least[0]);
      for (const labels of least[1].series) {
        const [type, outcome] = labels.split("\n");
        this.operations.remove({ operation: least[0], type, outcome });
      }
    }
    const named = { count: seen - 1, series: new Set<string>() };
    this.#named.set(name, named);
    return named;
  }

  /** Where the gauges of open connections and active subscriptions read their values at each scrape. */
  watchSubscriptions(live: () => { connections: number; subscriptions: number }): void {
    this.#live = live;
  }

  /** One vendor call's outcome, and its latency when it got that far. Labels are fixed in code, never caller input. */
  recordUpstreamCall(provider: string, operation: string, outcome: string, seconds?: number): void {
    this.upstreamCalls.inc({ provider, operation, outcome });
    if (seconds !== undefined) this.upstreamLatency.observe({ provider, operation }, seconds);
  }
}
