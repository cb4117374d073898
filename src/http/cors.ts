import type { IncomingMessage, ServerResponse } from "node:http";
import { CREDENTIAL_HEADERS, KOODRIVE_USER_HEADER } from "../vendors/registry.js";

/** The operator token's header (see docs/ on operator-only fields). */
const OPERATOR_HEADER = "x-lockgraph-authorization";

/** What a page on an allowed origin may send: JSON bodies, every credential header and the operator token. */
export const CORS_ALLOWED_HEADERS = [
  "content-type",
  ...Object.values(CREDENTIAL_HEADERS),
  KOODRIVE_USER_HEADER,
  OPERATOR_HEADER,
];

/** How long a browser may reuse a preflight's answer (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the origins in LOCKGRAPH_CORS_ORIGINS, and for no other. Requests from other
 * origins pass through untouched: no `Access-Control-*` header, so the browser refuses them,
 * and Apollo's CSRF prevention still judges every request that is not a preflight.
 */
export class Cors {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.origins = new Set(origins);
  }

  /** Answers a preflight from an allowed origin with 204; false when the request is none (the caller serves it). */
  answerPreflight(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (req.method !== "OPTIONS" || !req.headers["access-control-request-method"] || !this.allows(origin))
      return false;
    res.writeHead(204, {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": CORS_ALLOWED_HEADERS.join(", "),
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_SECONDS),
      vary: "Origin",
    });
    res.end();
    return true;
  }

  /** Headers for the actual response to a request carrying this `Origin`. */
  responseHeaders(origin: string | undefined): Record<string, string> {
    if (this.origins.size === 0) return {};
    // The answer depends on Origin whenever any origin is allowed, so caches must key on it.
    return this.allows(origin)
      ? { "access-control-allow-origin": origin, vary: "Origin" }
      : { vary: "Origin" };
  }

  private allows(origin: string | undefined): origin is string {
    return origin !== undefined && this.origins.has(origin);
  }
}
