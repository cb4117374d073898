import type { HoldEvent, HoldEventFilter, HoldEventPage } from "../ledger/event-store.js";
import { eventIdAfter, matchesFilter } from "./event-filter.js";

/** Why a subscription ended other than by its consumer. */
export class SubscriberTooSlow extends Error {
  constructor(readonly bufferLimit: number) {
    super(
      `The subscriber fell ${bufferLimit} events behind and was dropped; reconnect with afterEventId to resume.`,
    );
    this.name = "SubscriberTooSlow";
  }
}

/** Reads the ledger's events after an id (the ledger's `events.after`). */
export type BacklogReader = (
  afterId: string,
  filter: HoldEventFilter,
  first: number,
) => Promise<HoldEventPage>;

export interface SubscriptionOptions {
  /** Live events that may wait for the consumer; one more and the subscription is dropped. */
  bufferLimit: number;
  /** Rows per ledger read while catching up. */
  pageSize: number;
  /** Called once when the subscription is dropped for falling behind. */
  onDrop?: (reason: SubscriberTooSlow) => void;
}

interface Backlog {
  read: BacklogReader;
  /** The last backlog id handed out (or afterEventId). */
  after: string;
  /** The newest id the hub had dispatched when this subscription joined: live delivery covers everything above. */
  until: string;
  page: HoldEvent[];
}

/**
 * One subscriber's stream of events, as an async iterator. Events after `afterEventId` up
 * to the hub's position at joining come from the ledger, a page at a time as the consumer
 * pulls them; live events the hub pushes meanwhile wait in a bounded queue and follow.
 * Every event is above the previous one, so none arrives twice and none out of order.
 */
export class HoldEventSubscription implements AsyncIterableIterator<HoldEvent> {
  private readonly queue: HoldEvent[] = [];
  private backlog: Backlog | undefined;
  /** The newest id accepted for delivery: anything at or below it is a duplicate. */
  private lastId: string | undefined;
  private waiter:
    | { resolve(result: IteratorResult<HoldEvent>): void; reject(error: unknown): void }
    | undefined;
  private ended: { error?: unknown } | undefined;

  constructor(
    readonly filter: HoldEventFilter,
    private readonly options: SubscriptionOptions,
    private readonly onEnd: (subscription: HoldEventSubscription) => void,
    start: { afterEventId?: string; hubPosition?: string; read: BacklogReader },
  ) {
    this.lastId = start.afterEventId;
    if (
      start.afterEventId !== undefined &&
      start.hubPosition !== undefined &&
      eventIdAfter(start.hubPosition, start.afterEventId)
    ) {
      this.backlog = { read: start.read, after: start.afterEventId, until: start.hubPosition, page: [] };
    }
  }

  /** Events currently waiting for the consumer (live ones only; the backlog stays in the ledger). */
  get buffered(): number {
    return this.queue.length;
  }

  /** The hub hands over every live event in id order; this keeps the ones the filter wants. */
  push(event: HoldEvent): void {
    if (this.ended || !matchesFilter(this.filter, event)) return;
    if (!this.backlog && !eventIdAfter(event.id, this.lastId)) return;
    if (this.waiter && !this.backlog) {
      this.lastId = event.id;
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (this.queue.length < this.options.bufferLimit) this.queue.push(event);
    else this.drop();
  }

  async next(): Promise<IteratorResult<HoldEvent>> {
    if (this.ended) {
      if (this.ended.error === undefined) return { value: undefined, done: true };
      const { error } = this.ended;
      this.ended = {}; // an error is reported once; then the stream is simply over
      throw error;
    }
    if (this.backlog) {
      const fromLedger = await this.nextFromBacklog(this.backlog);
      if (fromLedger) return { value: fromLedger, done: false };
      if (this.ended) return this.next();
    }
    const queued = this.nextQueued();
    if (queued) return { value: queued, done: false };
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<HoldEvent>> {
    this.end({});
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<HoldEvent>> {
    this.end({});
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Ends the stream from the server's side (shutdown): the consumer sees it complete. */
  close(): void {
    this.end({});
  }

  private async nextFromBacklog(backlog: Backlog): Promise<HoldEvent | undefined> {
    if (backlog.page.length === 0) {
      let page: HoldEventPage;
      try {
        page = await backlog.read(backlog.after, this.filter, this.options.pageSize);
      } catch (error) {
        this.end({ error });
        return undefined;
      }
      if (this.ended) return undefined; // returned while the page was being read
      backlog.page = page.events.filter((event) => !eventIdAfter(event.id, backlog.until));
      if (backlog.page.length === 0) {
        this.backlog = undefined; // caught up: the queue holds everything above `until`
        this.lastId = backlog.until;
        return undefined;
      }
    }
    const event = backlog.page.shift();
    if (!event) return undefined;
    backlog.after = event.id;
    this.lastId = event.id;
    return event;
  }

  private nextQueued(): HoldEvent | undefined {
    for (let event = this.queue.shift(); event; event = this.queue.shift()) {
      if (eventIdAfter(event.id, this.lastId)) {
        this.lastId = event.id;
        return event;
      }
    }
    return undefined;
  }

  private drop(): void {
    const reason = new SubscriberTooSlow(this.options.bufferLimit);
    this.end({ error: reason });
    this.options.onDrop?.(reason);
  }

  private end(how: { error?: unknown }): void {
    if (this.ended) return;
    this.ended = how;
    this.queue.length = 0;
    this.backlog = undefined;
    this.onEnd(this);
    const waiter = this.waiter;
    this.waiter = undefined;
    if (!waiter) return;
    if (how.error === undefined) waiter.resolve({ value: undefined, done: true });
    else {
      this.ended = {};
      waiter.reject(how.error);
    }
  }
}
