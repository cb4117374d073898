import { ClientError } from "graphql-request";

/** LockGraph's error codes (docs/contract.md, "Errors") as sentences a person can act on. */
const SENTENCES: Record<string, string> = {
  UNAUTHENTICATED: "The vendor did not accept your credential: check it under Credentials.",
  FORBIDDEN: "Your credential is not allowed to do this at the vendor.",
  NOT_FOUND: "The vendor no longer knows it: it may have been released already.",
  LOCK_CONFLICT: "Someone else holds it.",
  PRECONDITION_FAILED: "The vendor refused: the conditions it needs for this are not met.",
  BAD_USER_INPUT: "The vendor rejected the request as invalid.",
  RATE_LIMITED: "The vendor is limiting how often it may be asked: try again in a little while.",
  UNSUPPORTED_OPERATION: "This vendor cannot do that.",
  UPSTREAM_TIMEOUT: "The vendor did not answer in time.",
  UPSTREAM_UNAVAILABLE:
    "The vendor is unavailable: it answered with a server error or could not be reached, so its holds cannot be checked right now.",
  UPSTREAM_BAD_RESPONSE: "The vendor sent an answer LockGraph could not understand.",
  LEDGER_UNAVAILABLE: "LockGraph's own database cannot be reached right now.",
  INTERNAL_SERVER_ERROR: "LockGraph failed unexpectedly.",
};

export function sentenceFor(code: string): string {
  return SENTENCES[code] ?? `Something went wrong (${code}).`;
}

/** A problem to show: the sentence for its code, and the detail LockGraph or the vendor gave. */
export interface Problem {
  sentence: string;
  detail?: string;
}

export function describeError(error: unknown): Problem {
  if (error instanceof ClientError) {
    const first = error.response.errors?.[0];
    const code = first?.extensions?.code;
    // The vendor's own words where it gave some (extensions.upstream), else LockGraph's message.
    const upstream = first?.extensions?.upstream as { message?: unknown } | undefined;
    const detail =
      typeof upstream?.message === "string" && upstream.message ? upstream.message : first?.message;
    if (typeof code === "string") return { sentence: sentenceFor(code), detail };
    return {
      sentence: `LockGraph answered with HTTP status ${error.response.status}.`,
      detail: first?.message,
    };
  }
  return {
    sentence: "LockGraph could not be reached: check your connection; the page keeps trying.",
    detail: error instanceof Error ? error.message : undefined,
  };
}
