import { AsyncLocalStorage } from "node:async_hooks";

const extraMs = new AsyncLocalStorage<number>();

/**
 * Runs `call` with every vendor attempt inside it allowed `ms` beyond its timeout. Acquires
 * use it: the caller stops waiting at the usual timeout, but the vendor's answer is still
 * awaited, so a lock taken late is recorded rather than lost (docs/ledger.md).
 */
export function withPatience<T>(ms: number, call: () => Promise<T>): Promise<T> {
  return extraMs.run(ms, call);
}

/** The extra time granted to attempts made now (0 outside `withPatience`). */
export function extraPatienceMs(): number {
  return extraMs.getStore() ?? 0;
}
