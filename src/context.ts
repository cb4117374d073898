import type { Ledger } from "./ledger/ledger.js";
import type { HoldJournal } from "./services/hold-journal.js";
import type { OperatorTokens } from "./services/operator-tokens.js";
import { LockService, type LockServiceLimits } from "./services/lock-service.js";
import { createScope, type ScopeLimits } from "./services/request-scope.js";
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
}

/** Per request: the caller's credentials and lock service, so nothing is shared between callers. */
export interface Context {
  credentials: Credentials;
  locks: LockService;
  /** Over WebSocket only: the connection the subscription runs on, so a dropped subscriber can close it. */
  connection?: { close(code: number, reason: string): void };
}

/** `signal`: aborted when the caller disconnects (cancels its outstanding reads). */
export function createContext(parts: ContextParts, headers: HeaderSource, signal?: AbortSignal): Context {
  const credentials = new Credentials(headers, parts.vendors);
  const apis = new VendorApis(parts, credentials, createScope(parts.limits, signal));
  return { credentials, locks: new LockService(apis, parts.lockIds, parts.limits, parts.journal) };
}
