import type { HoldEventHub } from "./events/hold-event-hub.js";
import type { Ledger } from "./ledger/ledger.js";
import type { HoldJournal } from "./services/hold-journal.js";
import { HoldQueries } from "./services/hold-queries.js";
import { OPERATOR_HEADER, type OperatorTokens } from "./services/operator-tokens.js";
import { LockService, type LockServiceLimits } from "./services/lock-service.js";
import { createScope, type ScopeLimits } from "./services/request-scope.js";
import type { Cancellation } from "./vendors/cancellation.js";
import { Credentials, type HeaderSource } from "./vendors/credentials.js";
import type { LockIds } from "./vendors/lock-ids.js";
import { VendorApis, type VendorParts } from "./vendors/vendor-apis.js";

/** What every request's context is built from: the container's long-lived parts. */
export interface ContextParts extends VendorParts {
  lockIds: LockIds;
  limits: LockServiceLimits & ScopeLimits;
  journal: HoldJournal;
  ledger: Ledger;
  operators: OperatorTokens;
  /** Live events of this process (docs/events.md). */
  events: HoldEventHub;
  /** How often a non-operator subscription's access is checked again. */
  subscriptionRecheckMs: number;
}

/** Per request: the caller's credentials and lock service, so nothing is shared between callers. */
export interface Context {
  credentials: Credentials;
  locks: LockService;
  /** Whether the caller sent a token from LOCKGRAPH_OPERATOR_TOKENS. */
  operator: boolean;
  events: HoldEventHub;
  subscriptionRecheckMs: number;
  /** A lock service with nothing cached, for checks that repeat (a subscription's access). */
  freshLocks(): LockService;
  /** Who holds what, from the ledger, verified at the vendors. */
  holds: HoldQueries;
  /** Over WebSocket only: the connection the subscription runs on, so a dropped subscriber can close it. */
  connection?: { dropSlowConsumer(reason: string): void };
}

/** `cancellation`: cancelled when the caller disconnects (cancels its outstanding reads). */
export function createContext(
  parts: ContextParts,
  headers: HeaderSource,
  cancellation?: Cancellation,
): Context {
  const credentials = new Credentials(headers, parts.vendors);
  // Each lock service gets its own scope (deadline, call budget): a re-check starts afresh.
  const lockService = () =>
    new LockService(
      new VendorApis(parts, credentials, createScope(parts.limits, cancellation)),
      parts.lockIds,
      parts.limits,
      parts.journal,
    );
  const locks = lockService();
  const operator = parts.operators.admits(headers.get(OPERATOR_HEADER.toLowerCase()));
  return {
    credentials,
    locks,
    operator,
    holds: new HoldQueries(parts.ledger, locks, credentials, operator),
    events: parts.events,
    subscriptionRecheckMs: parts.subscriptionRecheckMs,
    freshLocks: lockService,
  };
}
