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
 * message, code or detail; everything vendor-written passes through `redact` (strings) or
 * `redactAll` (whole structures) before it reaches a caller, a log line or a metric.
 */
export class Redactor {
  private readonly headerValues: Iterable<string>;
  /** Built on the first redaction: most requests never meet a vendor error. */
  private pattern?: RegExp | null;

  constructor(headerValues: Iterable<string>) {
    this.headerValues = headerValues;
  }

  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | null): string | null {
    if (text === null) return null;
    this.pattern ??= patternOf(secretsOf(this.headerValues));
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }

  /** Every string inside a vendor's structure (`details`, `conflictingLocks`, `objectIds`), redacted. */
  redactAll<T>(value: T): T {
    if (typeof value === "string") return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactAll(item)) as T;
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactAll(v)])) as T;
    return value;
  }
}

/**
 * What a credential can be echoed as: the header value, its bare token and the token under
 * its scheme either way (KooDrive's `Bearer+`), and for Basic the decoded `user:password` and
 * password. Short bare tokens count too: the simulators' `Bearer alice` is the whole secret.
 */
function secretsOf(headerValues: Iterable<string>): string[] {
  const secrets = new Set<string>();
  for (const value of headerValues) {
    const trimmed = value.trim();
    if (!trimmed) continue;
    secrets.add(trimmed);
    const token = bareToken(trimmed);
    if (!token) continue;
    secrets.add(token);
    const scheme = trimmed.slice(0, trimmed.length - token.length).replace(/[ +]+$/, "");
    if (scheme) for (const joiner of [" ", "+"]) secrets.add(`${scheme}${joiner}${token}`);
    if (/^basic$/i.test(scheme)) {
      const pair = Buffer.from(token, "base64").toString("utf8");
      const password = pair.slice(pair.indexOf(":") + 1);
      if (pair.includes(":")) secrets.add(pair);
      if (pair.includes(":") && password.length >= 4) secrets.add(password);
    }
  }
  return [...secrets];
}

/** Each secret in every encoding a vendor may echo it in, as one pattern, longest first. */
function patternOf(secrets: string[]): RegExp | null {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(literal(secret));
    // Percent-encoding, in either letter case of its hex digits, and the form encoding's `+` for a space.
    forms.add(percentPattern(encodeURIComponent(secret)));
    forms.add(percentPattern(new URLSearchParams({ s: secret }).toString().slice(2)));
    for (const fragment of base64Fragments(secret)) {
      forms.add(literal(fragment));
      forms.add(literal(fragment.replace(/\+/g, "-").replace(/\//g, "_")));
    }
  }
  const sorted = [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
  return sorted.length ? new RegExp(sorted.join("|"), "g") : null;
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const percentPattern = (encoded: string) =>
  literal(encoded).replace(
    /%([0-9A-F])([0-9A-F])/g,
    (_, a: string, b: string) => `%${hexCase(a)}${hexCase(b)}`,
  );
const hexCase = (digit: string) => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit);

/**
 * A secret's base64, padded and not, and for secrets of 12 bytes or more the characters
 * of its base64 that do not depend on what surrounds it, at each of the three byte
 * alignments: so it is found inside a longer base64 text too (a Basic pair, a JSON blob).
 * Shorter secrets get no fragments: theirs would be short enough to match by chance.
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const whole = bytes.toString("base64");
  const fragments = [whole, whole.replace(/=+$/, "")];
  if (bytes.length < 12) return fragments;
  for (const offset of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const start = [0, 2, 3][offset] ?? 0;
    fragments.push(shifted.slice(start, Math.floor(((offset + bytes.length) * 4) / 3)));
  }
  return fragments;
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
  const vendorCode = redactor.redact(
    failure.vendorCode === undefined || failure.vendorCode === null ? null : String(failure.vendorCode),
  );
  // Whatever else the vendor wrote (details, conflictingLocks, objectIds) is as vendor-written as its message.
  const extensions: LockGraphErrorExtensions = {
    provider,
    upstream: { status: response.status, code: vendorCode, message: vendorMessage },
    ...redactor.redactAll(failure.extensions),
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
