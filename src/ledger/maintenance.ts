import type { Recorded } from "./hold-recorder.js";
import type { Ledger } from "./ledger.js";

export interface MaintenanceOptions {
  retentionDays: number;
  /** How often lapsed leases are marked EXPIRED. */
  expiryIntervalMs?: number;
  /** How often events past retention are pruned. */
  pruneIntervalMs?: number;
  now?: () => number;
  onExpired?: (recorded: Recorded[]) => void;
  /** Runs first in each expiry round: EXPIRING for leases that end soon (src/events/expiry-warnings.ts). */
  warnExpiring?: (now: Date) => Promise<unknown>;
  onError?: (error: unknown) => void;
}

/**
 * The ledger's housekeeping on timers: leases that lapse become EXPIRED (each once, however
 * many replicas sweep), and events older than the retention are pruned. A failed round
 * (the database away) is reported and retried on the next tick.
 */
export class LedgerMaintenance {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly ledger: Ledger,
    private readonly options: MaintenanceOptions,
  ) {}

  start(): void {
    if (this.timers.length) return;
    this.every(this.options.expiryIntervalMs ?? 5_000, () => this.expire());
    this.every(this.options.pruneIntervalMs ?? 3_600_000, () => this.prune());
  }

  async expire(): Promise<Recorded[]> {
    const now = new Date(this.now());
    await this.options.warnExpiring?.(now);
    const recorded = await this.ledger.recorder.expireLapsed(now);
    if (recorded.length) this.options.onExpired?.(recorded);
    return recorded;
  }

  prune(): Promise<{ events: number; intents: number; holds: number }> {
    return this.ledger.prune(new Date(this.now()), this.options.retentionDays);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.allSettled(this.running);
  }

  private every(ms: number, work: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      const round = work().catch((error: unknown) => this.options.onError?.(error));
      this.running.add(round);
      void round.finally(() => this.running.delete(round));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
