import { pageSize } from "../domain/arguments.js";
import { decodeOpaque, encodeOpaque } from "../domain/ids.js";
import { badUserInput, ErrorCode, LockGraphError } from "../domain/errors.js";
import { encodeHoldEventId, type Hold, type HoldEventKind } from "../domain/holds.js";
import { LockState, type PageInfo, type ResourceKind } from "../domain/locks.js";
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

/** A provider whose candidates could not be verified: the vendor failed, so its holds are left out. */
export interface HoldsFailure {
  provider: Provider;
  code: ErrorCode;
  message: string;
}

export interface HoldPage extends Page<Hold> {
  failures: HoldsFailure[];
}

/** The vendor's own refusals: the caller may not see the hold, or it is gone. Anything else is a failure to report. */
const HIDES_A_HOLD: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
]);

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

/**
 * Candidates read from the ledger per round after the first while a verified page fills. The
 * first round reads just the page's size: most candidates are still held, and each costs a
 * vendor read.
 */
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
  ): Promise<HoldPage> {
    const size = pageSize(first);
    let afterSeq = after ? decodeCursor("holds", after) : undefined;
    const base = ledgerFilter(filter);
    if (!verify) {
      this.requireOperator("holds(verify: false)");
      const page = await this.ledger.holds.page(base, size, afterSeq);
      return {
        ...connection(
          page.holds.map(({ hold, seq }) => ({
            node: holdFromLedger(hold),
            cursor: encodeCursor("holds", seq),
          })),
          page.hasNextPage,
        ),
        failures: [],
      };
    }
    const states = new Set<string>(base.states?.length ? base.states : [LockState.HELD]);
    // Providers the caller sent no credential for are left out before any read.
    let readable = (base.providers?.length ? base.providers : Object.values(Provider)).filter((p) =>
      this.credentials.for(p as Provider),
    );
    const failures = new Map<Provider, HoldsFailure>();
    const edges: Array<{ node: Hold; cursor: string }> = [];
    let more = readable.length > 0;
    for (let round = 0; edges.length < size && more && readable.length > 0; round++) {
      const page = await this.ledger.holds.page(
        { ...base, providers: readable },
        round === 0 ? size : Math.max(CANDIDATES_PER_ROUND, size),
        afterSeq,
      );
      const verified = await Promise.all(page.holds.map(({ hold }) => this.verify(hold, failures)));
      let taken = 0;
      for (const [i, live] of verified.entries()) {
        afterSeq = page.holds[i]!.seq;
        taken = i + 1;
        if (live && states.has(live.state))
          edges.push({ node: live, cursor: encodeCursor("holds", afterSeq) });
        if (edges.length === size) break;
      }
      more = page.hasNextPage || taken < page.holds.length;
      // A vendor that failed is not asked again for this page: its failure is reported once.
      readable = readable.filter((p) => !failures.has(p as Provider));
    }
    return { ...connection(edges, more), failures: [...failures.values()] };
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

  /**
   * The live state of a candidate as the caller may see it: the vendor's answer, or the
   * ledger's hold as RELEASED where the vendor answered that it is gone. Null where the vendor
   * would not show it to this caller, or failed (then `failures` says why).
   */
  private async verify(hold: LedgerHold, failures: Map<Provider, HoldsFailure>): Promise<Hold | null> {
    const provider = hold.provider as Provider;
    try {
      if (provider === Provider.KOODRIVE)
        return (await this.ownsBackupLock(hold)) ? holdFromLedger(hold) : null;
      const live =
        hold.typename === "Reservation"
          ? await this.locks.reservation(hold.id)
          : await this.locks.lock(hold.id, "holds");
      const observedAt = new Date();
      // What the vendor says now, with what the ledger adds (acquiredAt where the vendor gives none).
      if (live) return { ...withLedger(live, hold), observedAt };
      return { ...holdFromLedger(hold), state: LockState.RELEASED, observedAt };
    } catch (error) {
      if (!(error instanceof LockGraphError)) throw error;
      if (!HIDES_A_HOLD.has(error.code) && !failures.has(provider))
        failures.set(provider, { provider, code: error.code, message: error.message });
      return null;
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
