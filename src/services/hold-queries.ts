import { decodeOpaque, encodeOpaque } from "../domain/ids.js";
import { badUserInput, ErrorCode, LockGraphError } from "../domain/errors.js";
import { encodeHoldEventId, type Hold, type HoldEventKind } from "../domain/holds.js";
import type { LockState, PageInfo, ResourceKind } from "../domain/locks.js";
import { Provider } from "../domain/providers.js";
import type { HoldEvent } from "../ledger/event-store.js";
import type { Hold as LedgerHold } from "../ledger/hold.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Credentials } from "../vendors/credentials.js";
import { KOODRIVE_USER_HEADER } from "../vendors/registry.js";
import { holdFromLedger, withLedger } from "./hold-changes.js";
import type { LockService } from "./lock-service.js";
import { OPERATOR_HEADER } from "./operator-tokens.js";

export interface HoldFilterInput {
  providers?: Provider[] | null;
  states?: LockState[] | null;
  holderId?: string | null;
  resources?: Array<{ kind: ResourceKind; id: string }> | null;
  expiresBefore?: Date | null;
}

export interface HoldEventFilterInput {
  providers?: Provider[] | null;
  holdIds?: string[] | null;
  resources?: Array<{ kind: ResourceKind; id: string }> | null;
  kinds?: HoldEventKind[] | null;
}

export interface Page<T> {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: PageInfo;
}

/** A ledger event as the schema shows it: its hold shaped as the Lock or Reservation it is. */
export interface HoldEventView {
  id: string;
  kind: HoldEventKind;
  at: Date;
  hold: Hold;
  actor: { id: string; displayName: string | null } | null;
  operation: string | null;
  errorCode: string | null;
}

const MAX_FIRST = 100;
/** Candidates read from the ledger per round while a verified page fills. */
const CANDIDATES_PER_ROUND = 100;

/**
 * "Who holds what", one instance per request. Candidates come from the ledger; with
 * verify each is read live with the caller's own credentials (the lock service's reads,
 * so the vendors' loaders batch them and the provider caps bound them) and only what the
 * caller may read is returned. Operators alone may read the ledger unverified, and its events.
 */
export class HoldQueries {
  constructor(
    private readonly ledger: Ledger,
    private readonly locks: LockService,
    private readonly credentials: Credentials,
    private readonly operator: boolean,
  ) {}

  async holds(
    filter: HoldFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
    verify: boolean,
  ): Promise<Page<Hold>> {
    const size = pageSize(first);
    let afterSeq = after ? decodeCursor("holds", after) : undefined;
    const base = ledgerFilter(filter);
    if (!verify) {
      this.requireOperator("holds(verify: false)");
      const page = await this.ledger.holds.page(base, size, afterSeq);
      return connection(
        page.holds.map(({ hold, seq }) => ({
          node: holdFromLedger(hold),
          cursor: encodeCursor("holds", seq),
        })),
        page.hasNextPage,
      );
    }
    // Providers the caller sent no credential for are left out before any read.
    const readable = (base.providers?.length ? base.providers : Object.values(Provider)).filter((p) =>
      this.credentials.for(p as Provider),
    );
    if (readable.length === 0) return connection([], false);
    const edges: Array<{ node: Hold; cursor: string }> = [];
    let more = true;
    while (edges.length < size && more) {
      const page = await this.ledger.holds.page(
        { ...base, providers: readable },
        Math.max(CANDIDATES_PER_ROUND, size),
        afterSeq,
      );
      const verified = await Promise.all(page.holds.map(({ hold }) => this.verify(hold)));
      let taken = 0;
      for (const [i, live] of verified.entries()) {
        afterSeq = page.holds[i]!.seq;
        taken = i + 1;
        if (live) edges.push({ node: live, cursor: encodeCursor("holds", afterSeq) });
        if (edges.length === size) break;
      }
      more = page.hasNextPage || taken < page.holds.length;
    }
    return connection(edges, more);
  }

  async holdEvents(
    filter: HoldEventFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<HoldEventView>> {
    this.requireOperator("holdEvents");
    const page = await this.ledger.events.after(
      after ? decodeCursor("events", after) : undefined,
      eventFilter(filter),
      pageSize(first),
    );
    return connection(
      page.events.map((event) => ({ node: eventView(event), cursor: encodeCursor("events", event.id) })),
      page.hasNextPage,
    );
  }

  /** A hold's history, oldest first: it comes with a hold the caller was allowed to read. */
  async history(
    holdId: string,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<HoldEventView>> {
    const page = await this.ledger.events.history(
      holdId,
      pageSize(first),
      after ? decodeCursor("events", after) : undefined,
    );
    return connection(
      page.events.map((event) => ({ node: eventView(event), cursor: encodeCursor("events", event.id) })),
      page.hasNextPage,
    );
  }

  /** The live state of a candidate as the caller may see it, or null (gone, or not theirs to read). */
  private async verify(hold: LedgerHold): Promise<Hold | null> {
    try {
      if (hold.provider === Provider.KOODRIVE)
        return (await this.ownsBackupLock(hold)) ? holdFromLedger(hold) : null;
      const live =
        hold.typename === "Reservation"
          ? await this.locks.reservation(hold.id)
          : await this.locks.lock(hold.id, "holds");
      // What the vendor says now, with what the ledger adds (acquiredAt where the vendor gives none).
      return live ? { ...withLedger(live, hold), observedAt: new Date() } : null;
    } catch (error) {
      if (error instanceof LockGraphError) return null; // the vendor would not show it to this caller
      throw error;
    }
  }

  /** KooDrive has no read endpoint: its holds go only to the user id and credential that last acquired or renewed them. */
  private async ownsBackupLock(hold: LedgerHold): Promise<boolean> {
    const userId = this.credentials.header(KOODRIVE_USER_HEADER);
    const token = this.credentials.for(Provider.KOODRIVE)?.replace(/^Bearer(?:\+|\s+)/i, "");
    if (!userId || !token) return false;
    if (hold.state === "HELD" && hold.expiresAt && hold.expiresAt.getTime() <= Date.now()) return false;
    return this.ledger.binding.matches(await this.ledger.holds.bindingOf(hold.id), userId, token);
  }

  private requireOperator(field: string): void {
    if (this.operator) return;
    throw new LockGraphError(
      ErrorCode.FORBIDDEN,
      `${field} is for operators: send ${OPERATOR_HEADER}: Bearer <token> with a token from LOCKGRAPH_OPERATOR_TOKENS.`,
      { header: OPERATOR_HEADER },
    );
  }
}

function ledgerFilter(filter: HoldFilterInput | null | undefined) {
  return {
    providers: filter?.providers ?? undefined,
    states: filter?.states ?? undefined,
    holderId: filter?.holderId ?? undefined,
    resources: filter?.resources ?? undefined,
    expiresBefore: filter?.expiresBefore ?? undefined,
  };
}

function eventFilter(filter: HoldEventFilterInput | null | undefined) {
  return {
    providers: filter?.providers ?? undefined,
    holdIds: filter?.holdIds ?? undefined,
    resources: filter?.resources ?? undefined,
    kinds: filter?.kinds ?? undefined,
  };
}

/** Views already shaped, by the ledger's event object: the hub hands one object to every subscriber. */
const views = new WeakMap<HoldEvent, HoldEventView>();

/**
 * A ledger event as the schema shows it, the one shape of Query.holdEvents, Hold.history and
 * Subscription.holdEvents: its id is the opaque HoldEvent id clients pass back as afterEventId.
 * Shaped once per event object, however many subscribers receive it.
 */
export function eventView(event: HoldEvent): HoldEventView {
  let view = views.get(event);
  if (!view) {
    view = {
      ...event,
      id: encodeHoldEventId(event.id),
      kind: event.kind as HoldEventKind,
      hold: holdFromLedger(event.hold),
    };
    views.set(event, view);
  }
  return view;
}

function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw badUserInput(`first must be a whole number from 1 to ${MAX_FIRST}.`, { argument: "first" });
  }
  return first;
}

function encodeCursor(kind: string, position: string): string {
  return encodeOpaque([kind, position]);
}

function decodeCursor(kind: string, cursor: string): string {
  const tuple = decodeOpaque(cursor);
  if (
    Array.isArray(tuple) &&
    tuple[0] === kind &&
    typeof tuple[1] === "string" &&
    /^\d{1,18}$/.test(tuple[1])
  )
    return tuple[1];
  throw badUserInput(
    "after is not a cursor of this list. Pass an endCursor exactly as LockGraph returned it.",
    { argument: "after" },
  );
}

function connection<T>(edges: Array<{ node: T; cursor: string }>, hasNextPage: boolean): Page<T> {
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
