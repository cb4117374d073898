import { AsyncLocalStorage } from "node:async_hooks";

/** An acquire's terms (docs/ledger.md): how much longer its vendor call may run, and whom to tell when the caller's wait ends. */
export interface Patience {
  extraMs: number;
  /** Called with the timeout the caller gets, while the vendor call goes on. */
  giveUp(error: unknown): void;
}

const current = new AsyncLocalStorage<Patience>();

/**
 * Runs `call` so that its vendor attempts may run `extraMs` beyond their timeout. When the
 * caller's usual wait ends first, `giveUp` gets the timeout error and the call goes on: a
 * lock taken late is still answered to `call`, and so recorded rather than lost.
 */
export function withPatience<T>(patience: Patience, call: () => Promise<T>): Promise<T> {
  return current.run(patience, call);
}

export function currentPatience(): Patience | undefined {
  return current.getStore();
}
