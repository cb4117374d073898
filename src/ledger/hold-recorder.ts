import { ADVISORY_LOCK } from "./advisory-locks.js";
import type { Database, Transaction } from "./database.js";
import type { Actor, HoldEvent, HoldEventStore } from "./event-store.js";
import type { Hold } from "./hold.js";
import type { HoldChange, HoldStore } from "./hold-store.js";
import type { IntentOutcome, IntentStore } from "./intent-store.js";
import type { HoldEventKind } from "./vocabulary.js";

/** What an event says beyond the hold itself; its time is the change's `at`. */
export interface EventFacts {
  kind: HoldEventKind;
  actor?: Actor | null;
  operation?: string | null;
  errorCode?: string | null;
  /** The acquire intent this outcome completes. */
  intentId?: string;
  /** When that acquire began (see `record`). */
  startedAt?: Date;
}

export interface Recorded {
  hold: Hold;
  event: HoldEvent;
}

/** An outcome through LockGraph: no event where an acquire answered a hold the ledger already had as it is. */
export interface Outcome {
  hold: Hold;
  event?: HoldEvent;
}

/** An observation: the hold as it stands now, and the event when it differed from the ledger. */
export interface Observed {
  hold: Hold;
  event?: HoldEvent;
}

/**
 * Writes a hold's new state and the event that explains it in one transaction, so the
 * log and the current state never disagree. Every write of one hold first takes that
 * hold's advisory lock: compare-then-write (observations) cannot race another replica.
 */
export class HoldRecorder {
  constructor(
    private readonly db: Database,
    private readonly holds: HoldStore,
    private readonly events: HoldEventStore,
    private readonly intents: IntentStore,
  ) {}

  /**
   * An outcome through LockGraph (ACQUIRED, RENEWED, RELEASED): the change applies and the
   * event is appended. An acquire that answered a live hold the ledger already had, unchanged
   * since before the acquire began (KooDrive answers a re-acquire with the lock the ledger
   * keeps), completes its intent but adds no event: nothing happened to the hold, and
   * subscribers must not hear it taken twice.
   */
  record(change: HoldChange, facts: EventFacts): Promise<Outcome> {
    return this.db.transaction(async (tx) => {
      await lockHold(tx, change.id);
      const { startedAt } = facts;
      const before = startedAt ? await this.holds.get(change.id, tx) : undefined;
      const hold = await this.holds.upsert(change, tx);
      if (startedAt && before && before.updatedAt < startedAt && unchangedHeld(before, hold)) {
        if (facts.intentId !== undefined)
          await this.intents.complete(
            facts.intentId,
            { outcome: "ACQUIRED", holdId: hold.id, at: change.at },
            tx,
          );
        return { hold };
      }
      return { hold, event: await this.append(tx, hold, change.at, facts, "ACQUIRED") };
    });
  }

  /**
   * A vendor refused an acquire or a release: the event carries the hold as the ledger
   * has it (unchanged), or as `attempted` describes it when the ledger never saw it.
   */
  refuse(attempted: HoldChange, facts: EventFacts & { errorCode: string }): Promise<Recorded> {
    return this.db.transaction(async (tx) => {
      await lockHold(tx, attempted.id);
      const hold = (await this.holds.get(attempted.id, tx)) ?? unsavedHold(attempted);
      return {
        hold,
        event: await this.append(tx, hold, attempted.at, { ...facts, kind: "REFUSED" }, "REFUSED"),
      };
    });
  }

  /**
   * What a read found held at the vendor. Where it differs from the ledger (unknown, not
   * held, or held by someone else) the ledger follows and an OBSERVED_HELD event is
   * appended; otherwise only the hold's fields and observedAt move. A read older than the
   * ledger's last change of the hold (recorded in the background, it may land after a
   * release that followed it) is stale and changes nothing.
   */
  observe(found: HoldChange): Promise<Observed> {
    return this.db.transaction(async (tx) => {
      await lockHold(tx, found.id);
      const known = await this.holds.get(found.id, tx);
      if (known && known.updatedAt > found.at) return { hold: known };
      const differs =
        known?.state !== "HELD" || (found.holder !== undefined && found.holder?.id !== known.holder?.id);
      const hold = await this.holds.upsert({ ...found, state: "HELD", observed: true }, tx);
      return {
        hold,
        event: differs ? await this.append(tx, hold, found.at, { kind: "OBSERVED_HELD" }) : undefined,
      };
    });
  }

  /**
   * A read found the hold gone. Where the ledger had it held it becomes RELEASED with an
   * OBSERVED_RELEASED event; a hold the ledger never knew is not stored.
   */
  observeGone(id: string, at: Date): Promise<Observed | undefined> {
    return this.db.transaction(async (tx) => {
      await lockHold(tx, id);
      const known = await this.holds.get(id, tx);
      if (!known) return undefined;
      if (known.updatedAt > at) return { hold: known }; // stale, as in `observe`
      if (known.state !== "HELD") {
        await this.holds.touchObserved([id], at, tx);
        return { hold: { ...known, observedAt: at } };
      }
      const hold = await this.holds.upsert({ ...known, state: "RELEASED", at, observed: true }, tx);
      return { hold, event: await this.append(tx, hold, at, { kind: "OBSERVED_RELEASED" }) };
    });
  }

  /** Marks every lapsed lease EXPIRED with one EXPIRED event each, however many replicas sweep at once. */
  expireLapsed(now: Date): Promise<Recorded[]> {
    return this.db.transaction(async (tx) => {
      const expired = await this.holds.expireLapsed(tx, now);
      const recorded: Recorded[] = [];
      for (const hold of expired)
        recorded.push({ hold, event: await this.events.append(tx, { kind: "EXPIRED", at: now, hold }) });
      return recorded;
    });
  }

  private async append(
    tx: Transaction,
    hold: Hold,
    at: Date,
    facts: EventFacts,
    outcome?: IntentOutcome,
  ): Promise<HoldEvent> {
    const event = await this.events.append(tx, {
      kind: facts.kind,
      at,
      hold,
      actor: facts.actor,
      operation: facts.operation,
      errorCode: facts.errorCode,
    });
    if (facts.intentId !== undefined && outcome !== undefined) {
      await this.intents.complete(
        facts.intentId,
        { outcome, holdId: hold.id, errorCode: facts.errorCode, at },
        tx,
      );
    }
    return event;
  }
}

function lockHold(tx: Transaction, id: string): Promise<unknown> {
  return tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [ADVISORY_LOCK.holdClass, id]);
}

/** The hold a refused first acquire would have been, for the event only. */
function unsavedHold(change: HoldChange): Hold {
  return {
    id: change.id,
    typename: change.typename,
    provider: change.provider,
    resource: {
      kind: change.resource.kind,
      id: change.resource.id,
      objectIds: change.resource.objectIds ?? null,
    },
    level: change.level ?? null,
    state: change.state,
    holder: change.holder ?? null,
    vendorAcquiredAt: change.vendorAcquiredAt ?? null,
    heldSince: null,
    expiresAt: change.expiresAt ?? null,
    observedAt: null,
    firstSeenAt: change.at,
    updatedAt: change.at,
  };
}

/** Still held by the same holder, over the same objects, to the same end. */
function unchangedHeld(before: Hold, after: Hold): boolean {
  return (
    before.state === "HELD" &&
    after.state === "HELD" &&
    before.holder?.id === after.holder?.id &&
    before.expiresAt?.getTime() === after.expiresAt?.getTime() &&
    JSON.stringify(before.resource.objectIds) === JSON.stringify(after.resource.objectIds)
  );
}
