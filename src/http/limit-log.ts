import type { Logger } from "pino";

/**
 * A warning when a connection or request limit is hit, at most one a second per limit (an
 * attack hits them thousands of times), with how many were hit since the last line.
 */
export class LimitLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly logger: Logger) {}

  hit(limit: string, what: string): void {
    const now = Date.now();
    const entry = this.last.get(limit);
    if (entry && now - entry.at < 1_000) {
      entry.suppressed += 1;
      return;
    }
    this.logger.warn({ limit, alsoSince: entry?.suppressed ?? 0 }, `limit reached: ${what}`);
    this.last.set(limit, { at: now, suppressed: 0 });
  }
}
