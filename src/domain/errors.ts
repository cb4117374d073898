import type { Provider } from "./providers.js";

/** The error codes of the contract (docs/contract.md, "Errors"); clients switch on these. */
export enum ErrorCode {
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  NOT_FOUND = "NOT_FOUND",
  LOCK_CONFLICT = "LOCK_CONFLICT",
  PRECONDITION_FAILED = "PRECONDITION_FAILED",
  BAD_USER_INPUT = "BAD_USER_INPUT",
  RATE_LIMITED = "RATE_LIMITED",
  UNSUPPORTED_OPERATION = "UNSUPPORTED_OPERATION",
  UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT",
  UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE",
  UPSTREAM_BAD_RESPONSE = "UPSTREAM_BAD_RESPONSE",
  LEDGER_UNAVAILABLE = "LEDGER_UNAVAILABLE",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/**
 * What the vendor said, as the contract exposes it: never its headers or a credential.
 * All null when no answer came at all (timeout, dropped connection, open circuit).
 */
export interface UpstreamDetails {
  status: number | null;
  code: string | null;
  message: string | null;
}

export interface LockGraphErrorExtensions {
  provider?: Provider;
  upstream?: UpstreamDetails;
  retryAfter?: number;
  conflictingLocks?: unknown;
  [key: string]: unknown;
}

/**
 * A failure the contract describes. Anything else that escapes a resolver is a bug and is masked.
 * A plain Error, so nothing outside the schema needs GraphQL: graphql 16's GraphQLError takes
 * `originalError.extensions` as its own, so code, provider and upstream reach the caller as they are.
 */
export class LockGraphError extends Error {
  readonly code: ErrorCode;
  readonly extensions: LockGraphErrorExtensions & { code: ErrorCode };

  constructor(code: ErrorCode, message: string, extensions: LockGraphErrorExtensions = {}) {
    super(message);
    this.name = "LockGraphError";
    this.code = code;
    this.extensions = { code, ...extensions };
  }
}

export function badUserInput(message: string, extensions: LockGraphErrorExtensions = {}): LockGraphError {
  return new LockGraphError(ErrorCode.BAD_USER_INPUT, message, extensions);
}

export function unsupported(provider: Provider, operation: string): LockGraphError {
  return new LockGraphError(ErrorCode.UNSUPPORTED_OPERATION, `${provider} does not support ${operation}.`, {
    provider,
  });
}

/** LockGraph's own database cannot be reached (docs/ledger.md). */
export function ledgerUnavailable(): LockGraphError {
  return new LockGraphError(
    ErrorCode.LEDGER_UNAVAILABLE,
    "LockGraph's ledger cannot be reached, so acquires are refused before any vendor call; reads still answer. Try again shortly.",
  );
}
