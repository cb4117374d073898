import { badUserInput } from "../domain/errors.js";
import type { Cancellation } from "../vendors/cancellation.js";
import type { CallScope } from "../vendors/http.js";

export interface ScopeLimits {
  /** LOCKGRAPH_REQUEST_DEADLINE_MS */
  requestDeadlineMs: number;
  /** LOCKGRAPH_MAX_UPSTREAM_CALLS_PER_REQUEST */
  maxUpstreamCallsPerRequest: number;
}

/** The message of an operation over its budget of vendor calls, here and in the up-front check. */
export function budgetMessage(max: number): string {
  return (
    `This operation needs more than ${max} vendor calls (LOCKGRAPH_MAX_UPSTREAM_CALLS_PER_REQUEST); ` +
    "ask for fewer ids, aliases or entities per request."
  );
}

/**
 * One GraphQL operation's share of the vendors: its deadline (from now), its own turn at
 * each provider's cap, and its budget of vendor calls. `cancellation` tells of the caller
 * going away.
 */
export function createScope(limits: ScopeLimits, cancellation?: Cancellation): CallScope {
  let calls = 0;
  return {
    owner: {},
    deadline: performance.now() + limits.requestDeadlineMs,
    cancellation,
    countCall() {
      calls += 1;
      if (calls > limits.maxUpstreamCallsPerRequest) {
        throw badUserInput(budgetMessage(limits.maxUpstreamCallsPerRequest));
      }
    },
  };
}
