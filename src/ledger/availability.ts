import type { Database } from "./database.js";

export interface AvailabilityOptions {
  /** How often the database is probed. Recovery is noticed within one interval (plus the connect timeout). */
  intervalMs?: number;
  onChange?: (available: boolean) => void;
}

/**
 * Whether the ledger's database answers, probed in the background so that callers ask a
 * boolean instead of waiting out a connect timeout. A ledger call that fails marks it
 * unavailable at once; the next successful probe marks it available again.
 */
export class LedgerAvailability {
  private up = true;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: AvailabilityOptions = {},
  ) {}

  get available(): boolean {
    return this.up;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.options.intervalMs ?? 1_000);
    this.timer.unref();
  }

  /** Probes now; resolves once the state reflects the answer. */
  probe(): Promise<void> {
    this.probing ??= this.db
      .ping()
      .then(
        () => this.set(true),
        () => this.set(false),
      )
      .finally(() => (this.probing = undefined));
    return this.probing;
  }

  /** A ledger call failed: stop trusting the database until a probe succeeds. */
  reportFailure(): void {
    this.set(false);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.probing;
  }

  private set(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.options.onChange?.(up);
  }
}
