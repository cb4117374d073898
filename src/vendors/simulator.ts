import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { readBody } from "../http/read-body.js";

/**
 * An injected fault. It applies to the requests that match `method` and `path` (a
 * substring), `times` times (every time when omitted), and replaces the real answer.
 */
export interface Fault {
  method?: string;
  path?: string;
  times?: number;
  /** Wait this long before answering (or before dropping). Past LockGraph's timeout, this is a timeout. */
  delayMs?: number;
  /** Answer with this status (and `body` / `headers`) instead of the real answer. */
  status?: number;
  headers?: Record<string, string>;
  /**
   * An object is sent as JSON; a string as it is. Inside it, `{{authorization}}` stands for
   * the Authorization header the request carried, and `{{authorization|f|g}}` for it passed
   * through filters: `token` (without its scheme), `basic` (a Basic token decoded to
   * `user:password`), `url` (percent-encoded), `form` (form-encoded, `+` for a space),
   * `base64`, `base64url`. Vendors do echo credentials in error bodies; this is how tests
   * prove LockGraph redacts every such form.
   */
  body?: unknown;
  /** Shortcuts: an HTML error page, a truncated JSON body, or a connection closed without an answer. */
  kind?: "html" | "malformed-json" | "drop";
}

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  rawBody: string;
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Route {
  method: string;
  /** Named groups become `params`. */
  pattern: RegExp;
  handle(request: SimRequest): SimResponse | Promise<SimResponse>;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

const MAX_RECORDED_CALLS = 10_000;

/**
 * The host every vendor simulator runs in: a small HTTP server with a route table, and the
 * knobs tests and demos drive - latency, injected faults, and a record of calls. The knobs
 * are also reachable over HTTP under `/__simulator/` (see the README).
 */
export class Simulator {
  /** Added to every answer, to simulate a slow vendor. */
  latencyMs = 0;
  /** How many requests reached the vendor routes since the last `resetCalls`. */
  callCount = 0;
  /** The same, by HTTP method. */
  callsByMethod: Record<string, number> = {};
  /** The most recent calls (bounded), for tests that look at headers and bodies. */
  readonly calls: RecordedCall[] = [];
  /** The most vendor requests served at once since the last `resetCalls`: how tests see LockGraph's concurrency cap from outside. */
  maxInFlight = 0;
  private inFlight = 0;
  private faults: Array<Fault & { remaining: number }> = [];
  private server: Server | undefined;

  constructor(
    readonly name: string,
    private readonly routes: Route[],
  ) {}

  inject(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clearFaults(): void {
    this.faults = [];
  }

  resetCalls(): void {
    this.callCount = 0;
    this.callsByMethod = {};
    this.calls.length = 0;
    this.maxInFlight = this.inFlight;
  }

  /** Calls whose method and path match, among the recorded ones. */
  callsTo(method: string, pathIncludes = ""): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path.includes(pathIncludes));
  }

  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const server = createServer((req, res) => {
      this.serve(req, res).catch(() => res.destroy());
    });
    server.keepAliveTimeout = 60_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const address = server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator");
    const rawBody = await readBody(req);
    if (url.pathname.startsWith("/__simulator/"))
      return send(res, this.admin(req.method ?? "GET", url.pathname, parseJson(rawBody)));

    const request: SimRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: parseJson(rawBody),
      rawBody,
      params: {},
    };
    this.record(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const fault = this.takeFault(request);
      if (fault) return await this.applyFault(fault, request, res);
      send(res, await this.route(request));
    } finally {
      this.inFlight -= 1;
    }
  }

  private async route(request: SimRequest): Promise<SimResponse> {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      return route.handle({ ...request, params: { ...match.groups } });
    }
    return pathMatched
      ? { status: 405, body: { message: "Method not allowed" } }
      : { status: 404, body: { message: "No such route" } };
  }

  private takeFault(request: SimRequest): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method === request.method) &&
        (!f.path || request.path.includes(f.path)),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }

  private async applyFault(fault: Fault, request: SimRequest, res: ServerResponse): Promise<void> {
    if (fault.delayMs) await sleep(fault.delayMs);
    if (res.destroyed) return;
    switch (fault.kind) {
      case "drop":
        res.socket?.destroy();
        return;
      case "html":
        res.writeHead(fault.status ?? 502, { "content-type": "text/html", ...fault.headers });
        res.end("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>");
        return;
      case "malformed-json":
        res.writeHead(fault.status ?? 200, { "content-type": "application/json", ...fault.headers });
        res.end('{"truncated": [1, 2');
        return;
    }
    // A delay-only fault still gives the real answer, just late.
    if (fault.status === undefined) return send(res, await this.route(request));
    send(res, { status: fault.status, headers: fault.headers, body: echoed(fault.body, request.headers) });
  }

  private admin(method: string, path: string, body: unknown): SimResponse {
    if (path === "/__simulator/faults" && method === "POST") {
      this.inject(body as Fault);
      return { status: 204 };
    }
    if (path === "/__simulator/faults" && method === "DELETE") {
      this.clearFaults();
      return { status: 204 };
    }
    if (path === "/__simulator/latency" && method === "PUT") {
      const ms = Number((body as { ms?: unknown } | undefined)?.ms);
      if (!Number.isFinite(ms) || ms < 0)
        return { status: 400, body: { message: 'send {"ms": <non-negative number>}' } };
      this.latencyMs = ms;
      return { status: 204 };
    }
    if (path === "/__simulator/calls" && method === "GET")
      return { status: 200, body: { count: this.callCount, byMethod: this.callsByMethod } };
    return { status: 404, body: { message: "Unknown simulator control" } };
  }

  private record(request: SimRequest): void {
    this.callCount += 1;
    this.callsByMethod[request.method] = (this.callsByMethod[request.method] ?? 0) + 1;
    if (this.calls.length >= MAX_RECORDED_CALLS) this.calls.shift();
    this.calls.push({
      method: request.method,
      path: request.path + (request.query.size ? `?${request.query}` : ""),
      headers: request.headers,
      body: request.body,
    });
  }
}

/** The token text of an Authorization header: the simulated user's identity (docs/contract.md). */
export function tokenOf(
  authorization: string | string[] | undefined,
  scheme = /^(Bearer|Basic|SoTicket)[ +]/i,
): string | undefined {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  if (!value || !scheme.test(value)) return undefined;
  const token = value.replace(scheme, "").trim();
  return token || undefined;
}

const ECHO_FILTERS: Record<string, (text: string) => string> = {
  token: (text) => text.replace(/^[A-Za-z]+[ +]+/, ""),
  basic: (text) => Buffer.from(text, "base64").toString("utf8"),
  url: encodeURIComponent,
  form: (text) => new URLSearchParams({ s: text }).toString().slice(2),
  base64: (text) => Buffer.from(text, "utf8").toString("base64"),
  base64url: (text) => Buffer.from(text, "utf8").toString("base64url"),
};

/** A fault's body with each `{{authorization|...}}` replaced by the request's own header, filtered. */
function echoed(body: unknown, headers: IncomingHttpHeaders): unknown {
  const authorization = String(headers.authorization ?? "");
  const fill = (text: string) =>
    text.replace(/\{\{authorization((?:\|[a-z0-9]+)*)\}\}/g, (_, filters: string) =>
      filters
        .split("|")
        .filter(Boolean)
        .reduce((value, name) => ECHO_FILTERS[name]?.(value) ?? value, authorization),
    );
  if (typeof body === "string") return fill(body);
  if (Array.isArray(body)) return body.map((item) => echoed(item, headers));
  if (body && typeof body === "object")
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, echoed(v, headers)]));
  return body;
}

function send(res: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload = "";
  if (response.body !== undefined) {
    payload = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
