export interface RecheckOptions {
  /** How often the check runs while the stream lasts. */
  everyMs: number;
  /** Whether a failed check ends the stream (a refusal) or is only reported (a vendor outage, say). */
  ends(error: unknown): boolean;
  onKeptAfter?: (error: unknown) => void;
}

/**
 * A stream whose right to continue is checked again on a timer: when the check refuses,
 * the source is ended and the consumer's next read rejects with the refusal, so the
 * subscriber learns why it stopped.
 */
export class RecheckedStream<T> implements AsyncIterableIterator<T> {
  private refusal: { error: unknown } | undefined;
  private readonly timer: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly source: AsyncIterator<T>,
    check: () => Promise<void>,
    options: RecheckOptions,
  ) {
    this.timer = setInterval(() => {
      if (this.checking) return; // a slow vendor never stacks checks up
      this.checking = true;
      check()
        .catch(async (error: unknown) => {
          if (!options.ends(error)) return options.onKeptAfter?.(error);
          this.refusal = { error };
          this.stop();
          await this.source.return?.();
        })
        .finally(() => (this.checking = false));
    }, options.everyMs);
    this.timer.unref();
  }

  async next(): Promise<IteratorResult<T>> {
    const result = await this.source.next();
    if (!result.done) return result;
    this.stop();
    if (this.refusal) {
      const { error } = this.refusal;
      this.refusal = undefined;
      throw error;
    }
    return result;
  }

  async return(): Promise<IteratorResult<T>> {
    this.stop();
    return (await this.source.return?.()) ?? { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private stop(): void {
    clearInterval(this.timer);
  }
}
