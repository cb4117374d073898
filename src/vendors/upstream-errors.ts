import { ErrorCode, LockGraphError, type LockGraphErrorExtensions } from "../domain/errors.js";
import type { Provider } from "../domain/providers.js";
import { retryAfterSeconds, type UpstreamResponse } from "./http.js";

const REDACTED = "[REDACTED]";

/** A credential without its scheme ("Bearer", "Bearer+", "Basic"): vendors may echo just this. */
export function bareToken(credential: string): string {
  return credential.replace(/^[A-Za-z]+[ +]+/, "");
}

/**
 * The caller's secrets for one request. Vendors sometimes echo a token inside an error
 * message; everything vendor-written passes through `redact` before it reaches a caller.
 */
export class Redactor {
  private readonly headerValues: Iterable<string>;
  /** Built on the first redaction: most requests never meet a vendor error. */
  private secrets?: string[];

  constructor(headerValues: Iterable<string>) {
    this.headerValues = headerValues;
  }

  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | null): string | null {
    if (text === null) return null;
    let out = text;
    for (const secret of (this.secrets ??= secretsOf(this.headerValues)))
      out = out.split(secret).join(REDACTED);
    return out;
  }
}

/** Each header value and its bare token, longest first, so a token inside its own header value is not half-replaced. */
function secretsOf(headerValues: Iterable<string>): string[] {
  const secrets = new Set<string>();
  for (const value of headerValues) {
    const trimmed = value.trim();
    if (!trimmed) continue;
    secrets.add(trimmed);
    const token = bareToken(trimmed);
    if (token) secrets.add(token);
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** The contract's status -> code table, for vendor bodies that carry no more specific code (every 5xx, 504 too, is UPSTREAM_UNAVAILABLE: UPSTREAM_TIMEOUT is for no answer at all). */
function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 413 || status === 415 || status === 422) return ErrorCode.BAD_USER_INPUT;
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404 || status === 410) return ErrorCode.NOT_FOUND;
  if (status === 409 || status === 423) return ErrorCode.LOCK_CONFLICT;
  if (status === 412) return ErrorCode.PRECONDITION_FAILED;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status >= 500) return ErrorCode.UPSTREAM_UNAVAILABLE;
  return ErrorCode.UPSTREAM_BAD_RESPONSE;
}

export interface VendorFailure {
  /** The contract code; defaults to the status table. */
  code?: ErrorCode;
  /** The vendor's own error code, as it wrote it. */
  vendorCode?: string | number | null;
  vendorMessage?: string | null;
  /** Extra contract extensions such as `conflictingLocks`. */
  extensions?: LockGraphErrorExtensions;
}

/**
 * Builds the contract error for a vendor's failure: code, provider, upstream
 * {status, code, message} and retryAfter, with the caller's credentials redacted.
 * Every vendor's `toGraphQLError` ends here.
 */
export function upstreamError(
  provider: Provider,
  response: UpstreamResponse,
  failure: VendorFailure,
  redactor: Redactor,
): LockGraphError {
  const code = failure.code ?? codeForStatus(response.status);
  const vendorMessage = redactor.redact(failure.vendorMessage ?? null);
  const vendorCode =
    failure.vendorCode === undefined || failure.vendorCode === null ? null : String(failure.vendorCode);
  const extensions: LockGraphErrorExtensions = {
    provider,
    upstream: { status: response.status, code: vendorCode, message: vendorMessage },
    ...failure.extensions,
  };
  if (code === ErrorCode.RATE_LIMITED) {
    const retryAfter = retryAfterSeconds(response);
    if (retryAfter !== undefined) extensions.retryAfter = retryAfter;
  }
  const said = vendorMessage ? `: ${vendorMessage}` : "";
  return new LockGraphError(
    code,
    `${provider} failed with ${code} (HTTP ${response.status})${said}`,
    extensions,
  );
}

/** A body that is not the vendor's documented shape. */
export function badResponse(provider: Provider, response: UpstreamResponse, reason: string): LockGraphError {
  return new LockGraphError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `${provider} sent a response LockGraph cannot read: ${reason}`,
    {
      provider,
      upstream: { status: response.status, code: null, message: null },
    },
  );
}

/** No answer came at all: UPSTREAM_TIMEOUT when the vendor was too slow, else UPSTREAM_UNAVAILABLE. */
export function transportFailure(provider: Provider, timedOut: boolean, message: string): LockGraphError {
  const code = timedOut ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_UNAVAILABLE;
  return new LockGraphError(code, message, {
    provider,
    upstream: { status: null, code: null, message: null },
  });
}
