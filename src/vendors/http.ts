import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleWhen, type IPolicy } from "cockatiel";
import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import type { IncomingHttpHeaders } from "undici/types/header.js";
import { badUserInput } from "../domain/errors.js";
import type { Metrics } from "../metrics.js";
import type { Provider } from "../domain/providers.js";
import type { Cancellation } from "./cancellation.js";
import { ConcurrencyCap, SlotUnavailable } from "./concurrency-cap.js";

/** How LockGraph calls one vendor (from the configuration). */
export interface UpstreamPolicyConfig {
  /** Base URL of the vendor; undefined means "start the embedded simulator". */
  url: string | undefined;
  timeoutMs: number;
  maxConcurrency: number;
  /** Retries after the first attempt, for idempotent calls only. */
  retries: number;
  /** Longest `Retry-After` LockGraph will wait before retrying a 429. */
  retryAfterCapMs: number;
  /** Consecutive failures that open the provider's circuit. */
  breakerThreshold: number;
  /** How long an open circuit fails fast before letting one call through. */
  breakerResetMs: number;
  /** The longest one operation waits on this vendor when no CallScope says otherwise. */
  deadlineMs: number;
  /** Most calls that may wait for a slot; past it a call fails at once (UPSTREAM_UNAVAILABLE). */
  maxQueue: number;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface UpstreamRequest {
  /** The vendor's verb, for metrics and logs (`status`, `releaseChunk`, ...). */
  operation: string;
  method: HttpMethod;
  /** Built with `pathOf`, so caller-supplied values can never add segments or a query. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  /** Safe to send again: reads, and releases the vendor makes idempotent. Acquires never are. */
  idempotent: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export type TransportFailureKind = "timeout" | "unavailable" | "circuit_open" | "cancelled";

/** The vendor could not be reached or did not answer in time; no HTTP response exists. */
export class UpstreamTransportError extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Joins path segments, percent-encoding every interpolated value as one segment.
 * A dot segment or an empty value is refused outright: encoding does not stop `..`.
 */
export function pathOf(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((path, literal, i) => {
    if (i === 0) return literal;
    const value = String(values[i - 1]);
    if (value === "" || value === "." || value === "..")
      throw badUserInput(`"${value}" is not a valid identifier.`);
    return path + encodeURIComponent(value) + literal;
  }, "");
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * A change's terms (acquire, renewal or release; docs/ledger.md): how much longer its vendor
 * call may run, and whom to tell when the caller's wait ends. When that wait ends first,
 * `giveUp` gets the timeout error and the call goes on: a lock taken or released late is
 * still answered, and so recorded rather than lost. (Carried on the scope, not in an
 * AsyncLocalStorage: on Node 20 one `run` turns on promise hooks for the whole process,
 * measured at ~5% of a lookup's CPU.)
 */
export interface Patience {
  extraMs: number;
  /** Called with the timeout the caller gets, while the vendor call goes on. */
  giveUp(error: unknown): void;
}

/**
 * What one GraphQL operation's calls share (src/context.ts builds one per request): its
 * deadline, its turn at each provider's cap, its budget of vendor calls, and the news of
 * its caller going away.
 */
export interface CallScope {
  /** Whose calls these are: slots of a provider's cap are shared out operation by operation. */
  owner?: object;
  /** `performance.now()` by which the operation must have its answer: attempts, back-off and queueing count. */
  deadline?: number;
  /**
   * Cancelled when the caller disconnects. Cancels reads only: an acquire keeps waiting for the
   * vendor's answer (up to its own attempt timeout), so what the vendor did is known.
   */
  cancellation?: Cancellation;
  /** Counts one vendor call against the operation's budget; throws once it is spent. */
  countCall?(): void;
  /** Set for the calls of one change through the ledger (VendorApis.withPatience): see `Patience`. */
  patience?: Patience;
}

/** What a data source calls: a provider's client, bound to one operation's scope or not. */
export interface Upstream {
  readonly provider: Provider;
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
}

/**
 * The one outbound HTTP client of a provider, built once per process:
 * - an undici keep-alive pool with one connection per slot of the provider's concurrency
 *   cap (ConcurrencyCap: bounded queue, served operation by operation);
 * - one deadline per operation: each attempt's timeout, the back-off before a retry and
 *   the wait for a slot all end by it;
 * - the circuit breaker is asked when an attempt has its slot, so nothing queued behind an
 *   opening circuit reaches the vendor;
 * - a per-attempt timer aborts through a plain EventEmitter, which undici accepts as a
 *   signal (an AbortController per call cost ~30 µs of CPU under load);
 * - bounded retries with full jitter that honour `Retry-After` (idempotent calls only).
 */
export class UpstreamClient implements Upstream {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly breaker: IPolicy;
  private readonly cap: ConcurrencyCap;

  constructor(
    readonly provider: Provider,
    baseUrl: string,
    private readonly policy: UpstreamPolicyConfig,
    private readonly metrics: Metrics,
  ) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.pool = new Pool(url.origin, { connections: policy.maxConcurrency, keepAliveTimeout: 30_000 });
    this.cap = new ConcurrencyCap(policy.maxConcurrency, policy.maxQueue);
    const isFailure = (error: unknown) =>
      error instanceof UpstreamTransportError && error.kind !== "cancelled";
    const breaker = circuitBreaker(
      handleWhen(isFailure).orWhenResult((r) => (r as UpstreamResponse).status >= 500),
      { halfOpenAfter: policy.breakerResetMs, breaker: new ConsecutiveBreaker(policy.breakerThreshold) },
    );
    breaker.onBreak(() => metrics.circuitOpenedAt.set({ provider }, Date.now() / 1000));
    this.breaker = breaker;
  }

  /** This client as one operation's calls see it. */
  scoped(scope: CallScope): Upstream {
    return { provider: this.provider, send: (request) => this.send(request, scope) };
  }

  async send(request: UpstreamRequest, scope: CallScope = {}): Promise<UpstreamResponse> {
    const deadline = scope.deadline ?? performance.now() + this.policy.deadlineMs;
    const attempts = request.idempotent ? 1 + this.policy.retries : 1;
    const cancel = request.idempotent ? scope.cancellation : undefined;
    for (let attempt = 1; ; attempt += 1) {
      let response: UpstreamResponse | undefined;
      let failure: unknown;
      try {
        response = await this.once(request, scope, deadline, cancel);
      } catch (error) {
        failure = error;
      }
      const again = response ? this.shouldRetry(response) : isRetryable(failure);
      const delay = this.backoffMs(response, attempt);
      if (attempt >= attempts || !again || performance.now() + delay >= deadline || cancel?.cancelled) {
        if (response) return response;
        throw failure;
      }
      await sleep(delay);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** One attempt: a slot (within the deadline), then the breaker, then the call. */
  private async once(request: UpstreamRequest, scope: CallScope, deadline: number, cancel?: Cancellation) {
    try {
      return await this.cap.run(
        () =>
          this.breaker.execute(() => {
            scope.countCall?.();
            return request.idempotent
              ? this.attempt(request, deadline, cancel)
              : this.unrepeatable(request, scope, deadline);
          }),
        { owner: scope.owner, deadline, cancellation: cancel },
      );
    } catch (error) {
      throw this.transportError(request, error);
    }
  }

  /**
   * A call that is not safe to repeat (an acquire, renewal or release): never cancelled, and
   * it runs to its own timeout even when the operation's deadline comes first, so the vendor
   * is not left mid-change. A change through the ledger waits by its `Patience`; a call made
   * without one gets UPSTREAM_TIMEOUT at the deadline, and its late answer settles nothing.
   */
  private unrepeatable(
    request: UpstreamRequest,
    scope: CallScope,
    deadline: number,
  ): Promise<UpstreamResponse> {
    const call = this.attempt(request, Number.POSITIVE_INFINITY, undefined, scope.patience?.extraMs);
    const remaining = deadline - performance.now();
    const { patience } = scope;
    if (patience) {
      // The caller's wait ends as usual, but the call goes on and answers late (docs/ledger.md).
      const timer = setTimeout(
        () => patience.giveUp(this.timeout(request, "the caller's wait")),
        Math.max(0, Math.min(remaining, this.policy.timeoutMs)),
      );
      return call.finally(() => clearTimeout(timer));
    }
    if (remaining >= this.policy.timeoutMs) return call;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(this.timeout(request, "the operation's deadline")),
        Math.max(0, remaining),
      );
      call.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }

  private async attempt(
    request: UpstreamRequest,
    deadline: number,
    cancel?: Cancellation,
    extraMs = 0,
  ): Promise<UpstreamResponse> {
    const started = performance.now();
    const headers: Record<string, string> = { accept: "application/json", ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers["content-type"] ??= "application/json";
    }
    const abort = new EventEmitter();
    let ended: TransportFailureKind | undefined;
    const stop = (kind: TransportFailureKind) => {
      ended ??= kind;
      abort.emit("abort");
    };
    const timeoutMs = Math.min(this.policy.timeoutMs + extraMs, deadline - started);
    const timer = setTimeout(() => stop("timeout"), Math.max(0, timeoutMs));
    const onCancel = () => stop("cancelled");
    cancel?.once("cancel", onCancel);
    try {
      if (timeoutMs <= 0) throw new Error("no time left");
      const res = await this.pool.request({
        method: request.method,
        path: this.basePath + request.path + queryString(request.query),
        headers,
        body,
        signal: abort,
      });
      const text = await res.body.text();
      this.record(request, `${Math.floor(res.statusCode / 100)}xx`, started);
      return { status: res.statusCode, headers: res.headers, text };
    } catch {
      const kind = ended ?? (timeoutMs <= 0 ? "timeout" : "unavailable");
      this.record(request, kind, started);
      if (kind === "timeout") throw this.timeout(request, `${Math.round(timeoutMs)} ms`);
      if (kind === "cancelled")
        throw new UpstreamTransportError(kind, "The caller went away; the read was cancelled.");
      throw new UpstreamTransportError(kind, `${this.provider} could not be reached.`);
    } finally {
      clearTimeout(timer);
      cancel?.off("cancel", onCancel);
    }
  }

  private timeout(_request: UpstreamRequest, within: string): UpstreamTransportError {
    return new UpstreamTransportError("timeout", `${this.provider} did not answer within ${within}.`);
  }

  private shouldRetry(response: UpstreamResponse): boolean {
    if (!RETRYABLE_STATUS.has(response.status)) return false;
    const retryAfter = retryAfterSeconds(response);
    // A vendor that asks for more patience than the cap gets an answer now, not a retry it refused.
    return retryAfter === undefined || retryAfter * 1000 <= this.policy.retryAfterCapMs;
  }

  private backoffMs(response: UpstreamResponse | undefined, attempt: number): number {
    const retryAfter = response && retryAfterSeconds(response);
    if (retryAfter !== undefined) return retryAfter * 1000;
    // Full jitter (AWS architecture blog, "Exponential Backoff And Jitter").
    return Math.random() * Math.min(1_000, 50 * 2 ** attempt);
  }

  private transportError(request: UpstreamRequest, error: unknown): unknown {
    if (error instanceof BrokenCircuitError) {
      this.metrics.recordUpstreamCall(this.provider, request.operation, "circuit_open");
      return new UpstreamTransportError("circuit_open", `${this.provider} is failing; its circuit is open.`);
    }
    if (error instanceof SlotUnavailable) {
      this.metrics.recordUpstreamCall(this.provider, request.operation, `queue_${error.reason}`);
      if (error.reason === "deadline")
        return this.timeout(request, "the operation's deadline (all connections busy)");
      if (error.reason === "cancelled")
        return new UpstreamTransportError("cancelled", "The caller went away.");
      return new UpstreamTransportError(
        "unavailable",
        `${this.provider} has too many calls waiting; try again shortly.`,
      );
    }
    return error;
  }

  private record(request: UpstreamRequest, outcome: string, started: number): void {
    this.metrics.recordUpstreamCall(
      this.provider,
      request.operation,
      outcome,
      (performance.now() - started) / 1000,
    );
  }
}

/** Transport failures are retried, except an open circuit (it fails fast) and a caller who left. */
function isRetryable(failure: unknown): boolean {
  return (
    failure instanceof UpstreamTransportError &&
    failure.kind !== "circuit_open" &&
    failure.kind !== "cancelled"
  );
}

/** `Retry-After` as whole seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(response: UpstreamResponse, now = Date.now()): number | undefined {
  const raw = response.headers["retry-after"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function queryString(query: UpstreamRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
