import type { Cancellation } from "./cancellation.js";

/** Why a task gave up waiting for a slot. */
export class SlotUnavailable extends Error {
  constructor(readonly reason: "deadline" | "queue_full" | "cancelled") {
    super(reason);
  }
}

export interface SlotRequest {
  /**
   * Whose task this is (one GraphQL operation): waiting tasks are served owner by owner in
   * turn, so one operation with a thousand calls queued takes one slot in each round and
   * every other operation keeps getting slots.
   */
  owner?: object;
  /** `performance.now()` past which the task gives up waiting (SlotUnavailable "deadline"). */
  deadline?: number;
  /** Cancelling it while the task waits gives up the wait (SlotUnavailable "cancelled"). */
  cancellation?: Cancellation;
}

interface Waiter {
  start(): void;
  fail(error: SlotUnavailable): void;
}

const NO_OWNER = {};

/**
 * At most `limit` tasks at once; at most `maxQueue` wait, in per-owner FIFO queues served
 * round-robin. An upstream call takes a slot before its timeout starts, so time spent
 * waiting behind the cap is never mistaken for a slow vendor (nor counted against its
 * circuit breaker); the wait itself counts against the operation's deadline.
 */
export class ConcurrencyCap {
  private active = 0;
  private waiting = 0;
  /** Owners with waiting tasks, in turn order; a Map keeps insertion order. */
  private readonly queues = new Map<object, Waiter[]>();

  constructor(
    private readonly limit: number,
    private readonly maxQueue = Number.POSITIVE_INFINITY,
  ) {}

  async run<T>(task: () => Promise<T>, request: SlotRequest = {}): Promise<T> {
    if (this.active >= this.limit) await this.wait(request);
    else this.active += 1;
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Hands the slot to the next owner's oldest waiter (that owner goes to the back), or gives it back. */
  private release(): void {
    for (const [owner, queue] of this.queues) {
      const next = queue.shift();
      this.queues.delete(owner);
      if (queue.length > 0) this.queues.set(owner, queue);
      if (next) {
        this.waiting -= 1;
        next.start();
        return;
      }
    }
    this.active -= 1;
  }

  private wait({ owner = NO_OWNER, deadline, cancellation }: SlotRequest): Promise<void> {
    if (this.waiting >= this.maxQueue) return Promise.reject(new SlotUnavailable("queue_full"));
    if (cancellation?.cancelled) return Promise.reject(new SlotUnavailable("cancelled"));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onCancel = () => waiter.fail(new SlotUnavailable("cancelled"));
      const settle = () => {
        clearTimeout(timer);
        cancellation?.off("cancel", onCancel);
      };
      const waiter: Waiter = {
        start: () => {
          settle();
          resolve();
        },
        fail: (error) => {
          settle();
          this.remove(owner, waiter);
          reject(error);
        },
      };
      const queue = this.queues.get(owner) ?? [];
      queue.push(waiter);
      this.queues.set(owner, queue);
      this.waiting += 1;
      if (deadline !== undefined) {
        timer = setTimeout(
          () => waiter.fail(new SlotUnavailable("deadline")),
          Math.max(0, deadline - performance.now()),
        );
      }
      cancellation?.once("cancel", onCancel);
    });
  }

  private remove(owner: object, waiter: Waiter): void {
    const queue = this.queues.get(owner);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    this.waiting -= 1;
    if (queue.length === 0) this.queues.delete(owner);
  }
}
