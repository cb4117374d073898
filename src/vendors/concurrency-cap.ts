/**
 * At most `limit` tasks at once; the rest wait in arrival order. An upstream call takes a
 * slot before its timeout starts, so time spent waiting behind the cap is never mistaken
 * for a slow vendor (and never counted against its circuit breaker).
 */
export class ConcurrencyCap {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
