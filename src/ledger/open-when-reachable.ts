import { setTimeout as sleep } from "node:timers/promises";
import { Ledger, type LedgerOptions } from "./ledger.js";

/** Errors of a server that is not up yet (refused, unresolvable, timed out, still starting, or a proxy in front of it hanging up). */
const NOT_UP_YET = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "57P03"]);
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

function notUpYet(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (
    (code !== undefined && NOT_UP_YET.has(code)) ||
    /timeout exceeded when trying to connect|connection terminated unexpectedly/i.test(message ?? "")
  );
}

/**
 * Opens the ledger, waiting for a PostgreSQL server that does not answer yet (replicas and
 * their database are often started together). Anything else (a refused password, a database
 * that does not exist, a failed migration) is a configuration to fix and fails at once.
 */
export async function openWhenReachable(
  options: LedgerOptions,
  onWait: (error: Error, retryInMs: number) => void,
): Promise<Ledger> {
  for (let delay = RETRY_MIN_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
    try {
      return await Ledger.open(options);
    } catch (error) {
      if (options.location.driver !== "postgres" || !notUpYet(error)) throw error;
      onWait(error as Error, delay);
      await sleep(delay);
    }
  }
}
