import type { Database } from "../ledger/database.js";
import { HOLD_EVENTS_CHANNEL, type HoldEventFilter, type HoldEventStore } from "../ledger/event-store.js";
import { HoldEventSubscription, type SubscriberTooSlow } from "./hold-event-subscription.js";

export interface HubOptions {
  /** Live events one subscriber may have waiting before it is dropped. */
  bufferLimit: number;
  /** Rows per ledger read. */
  pageSize?: number;
  /** After a failed ledger read, how long until the hub tries again (a notification also wakes it). */
  retryMs?: number;
  onError?: (error: unknown) => void;
}

export interface SubscribeOptions {
  /** Resume: the events after this id come from the ledger first. */
  afterEventId?: string;
  onDrop?: (reason: SubscriberTooSlow) => void;
}

/**
 * One per process: LISTENs once on the ledger's channel and, on each notification (or a
 * reconnect of the listening connection, when notifications may have been lost), reads the
 * events after the last one it dispatched, in commit order, and hands each to every local
 * subscriber. Nothing here waits on a subscriber: a slow one fills its own buffer and is
 * dropped, the others are not held up.
 */
export class HoldEventHub {
  private readonly subscribers = new Set<HoldEventSubscription>();
  private readonly pageSize: number;
  /** The newest event id dispatched: a subscriber joining now gets everything above it live. */
  private position: string | undefined;
  private pumping: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private started = false;
  private closed = false;

  private constructor(
    private readonly events: HoldEventStore,
    private readonly options: HubOptions,
  ) {
    this.pageSize = options.pageSize ?? 500;
  }

  /** LISTENs first, then reads where the log ends: an event committed in between is read, not missed. */
  static async start(db: Database, events: HoldEventStore, options: HubOptions): Promise<HoldEventHub> {
    const hub = new HoldEventHub(events, options);
    hub.unlisten = await db.listen(HOLD_EVENTS_CHANNEL, {
      onNotify: () => hub.wake(),
      onReconnect: () => hub.wake(),
    });
    hub.position = await events.lastId();
    hub.started = true;
    return hub;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * A new subscriber. It is registered at once (synchronously), so every event the hub
   * dispatches from now on reaches it; with `afterEventId`, the events up to the hub's
   * current position are read from the ledger first.
   */
  subscribe(filter: HoldEventFilter, options: SubscribeOptions = {}): HoldEventSubscription {
    if (this.closed) throw new Error("The event hub is closed");
    const subscription = new HoldEventSubscription(
      filter,
      { bufferLimit: this.options.bufferLimit, pageSize: this.pageSize, onDrop: options.onDrop },
      (ended) => this.subscribers.delete(ended),
      {
        afterEventId: options.afterEventId,
        hubPosition: this.position,
        read: (after, f, first) => this.events.after(after, f, first),
      },
    );
    this.subscribers.add(subscription);
    return subscription;
  }

  /** Resolves once every event committed before the call has been dispatched (tests and shutdown). */
  async settle(): Promise<void> {
    this.wake();
    while (this.pumping) await this.pumping;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.unlisten?.();
    await this.pumping;
    for (const subscription of [...this.subscribers]) subscription.close();
  }

  /** Starts a read, or asks the running one to read once more when it is done. */
  private wake(): void {
    if (this.closed || !this.started) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => (this.pumping = undefined));
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.readAndDispatch();
      } catch (error) {
        this.options.onError?.(error);
        this.retryLater();
        return;
      }
    } while (this.again && !this.closed);
  }

  private async readAndDispatch(): Promise<void> {
    for (;;) {
      const page = await this.events.after(this.position, {}, this.pageSize);
      for (const event of page.events) {
        this.position = event.id;
        for (const subscriber of this.subscribers) subscriber.push(event);
      }
      if (!page.hasNextPage || this.closed) return;
    }
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, this.options.retryMs ?? 1_000);
    this.retryTimer.unref();
  }
}
