import type { Logger } from "pino";
import { ErrorCode, LockGraphError, ledgerUnavailable } from "../domain/errors.js";
import type { Lock, Reservation, ResourceKind } from "../domain/locks.js";
import type { LedgerAvailability } from "../ledger/availability.js";
import type { Hold as LedgerHold } from "../ledger/hold.js";
import type { HoldChange } from "../ledger/hold-store.js";
import type { Ledger } from "../ledger/ledger.js";
import type { HoldEventKind } from "../ledger/vocabulary.js";
import type { Provider } from "../domain/providers.js";
import { type Patience, UpstreamTransportError } from "../vendors/http.js";
import { transportFailure } from "../vendors/upstream-errors.js";
import { changeOf, withLedger } from "./hold-changes.js";

/** What an operation acts on, as the ledger keys it (built by the lock service). */
export interface JournalTarget {
  provider: string;
  resource?: { kind: ResourceKind; id: string };
  /** The hold's id where the arguments name it (a refusal is recorded against it). */
  holdId?: string;
}

export interface JournalOptions {
  /** How much longer LockGraph waits for that answer after the caller gave up (at least 60 s). */
  lateAnswerMs: number;
  now?: () => number;
}

type Held = Lock | Reservation;

/** How long reads' observations gather before they are recorded together (see `observe`). */
const OBSERVATION_BATCH_MS = 25;

/**
 * The ledger as the lock service uses it, one per process: acquires are refused while the
 * ledger is away, write their intent before the vendor call, and are recorded whenever the
 * answer comes, even after the caller stopped waiting; renewals, releases and refusals
 * are recorded; reads record only what differs. A failed write never fails a read or a
 * completed vendor call: it is logged and marks the ledger unavailable until it answers again.
 */
export class HoldJournal {
  private readonly pending = new Set<Promise<unknown>>();
  /** What reads found since the last flush, by hold id (the latest read wins): held, and gone. */
  private readonly found = new Map<string, HoldChange>();
  private readonly gone = new Map<string, Date>();
  private flushScheduled = false;

  constructor(
    private readonly ledger: Ledger,
    private readonly availability: LedgerAvailability,
    private readonly logger: Logger,
    private readonly options: JournalOptions,
  ) {}

  get available(): boolean {
    return this.availability.available;
  }

  /**
   * An acquire: refused with LEDGER_UNAVAILABLE before any vendor call when the ledger
   * cannot record it; otherwise the intent is written, the vendor called with extra
   * patience, and the outcome recorded when it comes. The caller waits at most the
   * provider's timeout; the recording does not.
   */
  async acquire<T>(
    operation: string,
    target: JournalTarget,
    actorId: string | undefined,
    call: (patience: Patience) => Promise<T>,
  ): Promise<T> {
    if (!this.available) throw ledgerUnavailable();
    let intentId: string;
    const startedAt = this.now();
    try {
      intentId = await this.ledger.intents.begin({
        operation,
        provider: target.provider,
        resource: target.resource ?? { kind: "BACKUP", id: "" },
        actorId,
        at: startedAt,
      });
    } catch (error) {
      this.failed(error, operation);
      throw ledgerUnavailable();
    }
    return this.patiently(target, call, {
      answered: (answer) => this.recordAnswers(operation, "ACQUIRED", answer, { intentId, startedAt }),
      refused: (error) => this.recordRefusal(operation, target, error, intentId),
    });
  }

  /**
   * A renewal or release: the vendor is called with the same patience as an acquire, so an
   * answer that comes after the caller stopped waiting is still recorded (KooDrive has no
   * read that would find a release out later). An answer that is no Lock (iModels'
   * release-chunk payload) names what it released through `released`.
   */
  change<T>(
    operation: string,
    kind: "RENEWED" | "RELEASED",
    target: JournalTarget,
    call: (patience: Patience) => Promise<T>,
    released?: (answer: T) => Held[],
  ): Promise<T> {
    return this.patiently(target, call, {
      answered: async (answer) => {
        if (!released) return this.recordAnswers(operation, kind, answer);
        for (const held of released(answer)) await this.recordAnswers(operation, kind, held);
        return answer;
      },
      refused: (error) => this.recordRefusal(operation, target, error),
    });
  }

  /**
   * Calls the vendor with `lateAnswerMs` of extra patience and records the outcome whenever
   * it comes; the caller waits at most the provider's timeout (it then gets UPSTREAM_TIMEOUT)
   * and the recording goes on, tracked for the shutdown drain.
   */
  private patiently<T>(
    target: JournalTarget,
    call: (patience: Patience) => Promise<T>,
    record: { answered(answer: T): Promise<T>; refused(error: unknown): Promise<unknown> },
  ): Promise<T> {
    let giveUp: (error: unknown) => void = () => undefined;
    const gaveUp = new Promise<never>((_, reject) => (giveUp = reject));
    gaveUp.catch(() => undefined); // rejected for nobody when the answer came first
    const patience: Patience = {
      extraMs: this.options.lateAnswerMs,
      giveUp: (error: unknown) => giveUp(this.callerError(target.provider, error)),
    };
    const outcome = call(patience).then(record.answered, async (error: unknown) => {
      await record.refused(error);
      throw error;
    });
    this.track(outcome);
    return Promise.race([outcome, gaveUp]);
  }

  /**
   * A read: what it found held is observed (OBSERVED_HELD where the ledger did not know),
   * and `goneIds` it found not held become OBSERVED_RELEASED where the ledger had them held.
   * Recorded in the background, so a read never waits on the ledger; unrecorded while the
   * ledger is away. The reads of each OBSERVATION_BATCH_MS are recorded together, each hold
   * once: one query compares them with the ledger, one statement moves observedAt of those
   * that did not change, and only a change takes a transaction. So a hold read a thousand
   * times a second costs the ledger two statements per batch, not a thousand transactions.
   */
  observe<T>(answer: T, goneIds: readonly string[]): T {
    if (!this.available) return answer;
    const at = this.now();
    for (const held of heldIn(answer)) {
      this.gone.delete(held.id);
      this.found.set(held.id, changeOf(held, at, true));
    }
    for (const id of goneIds) {
      this.found.delete(id);
      this.gone.set(id, at);
    }
    if (!this.flushScheduled && (this.found.size > 0 || this.gone.size > 0)) {
      this.flushScheduled = true;
      const flush = new Promise((resolve) => setTimeout(resolve, OBSERVATION_BATCH_MS))
        .then(() => this.flushObservations())
        .catch((error: unknown) => this.failed(error, "observe"));
      this.track(flush);
    }
    return answer;
  }

  private async flushObservations(): Promise<void> {
    this.flushScheduled = false;
    const found = [...this.found.values()];
    const gone = [...this.gone];
    this.found.clear();
    this.gone.clear();
    const known = await this.ledger.holds.getMany([...found.map((f) => f.id), ...gone.map(([id]) => id)]);
    const confirmed: string[] = [];
    for (const change of found) {
      const hold = known.get(change.id);
      if (hold && confirms(hold, change)) confirmed.push(change.id);
      else await this.ledger.recorder.observe(change);
    }
    await this.ledger.holds.touchObserved(confirmed, found.at(-1)?.at ?? this.now());
    for (const [id, at] of gone)
      if (known.get(id)?.state === "HELD") await this.ledger.recorder.observeGone(id, at);
  }

  /** Waits for acquires whose answer is still due (shutdown), at most `ms`. */
  async drain(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
    ]);
    clearTimeout(timer);
  }

  private async recordAnswers<T>(
    operation: string,
    kind: HoldEventKind,
    answer: T,
    acquire?: { intentId: string; startedAt: Date },
  ): Promise<T> {
    try {
      const at = this.now();
      return await this.annotate(answer, async (held) => {
        const change = changeOf(held, at, true);
        const actor = change.holder ?? null;
        return (await this.ledger.recorder.record(change, { kind, actor, operation, ...acquire })).hold;
      });
    } catch (error) {
      this.failed(error, operation);
      return answer;
    }
  }

  /** A vendor's refusal (it answered, and said no) is REFUSED with the contract code; no answer at all is not. */
  private async recordRefusal(
    operation: string,
    target: JournalTarget,
    error: unknown,
    intentId?: string,
  ): Promise<void> {
    const refused = error instanceof LockGraphError && error.extensions.upstream?.status != null;
    try {
      if (refused && target.holdId !== undefined && target.resource) {
        const attempted: HoldChange = {
          id: target.holdId,
          typename: target.resource.kind === "FILE" ? "Reservation" : "Lock",
          provider: target.provider,
          resource: { kind: target.resource.kind, id: target.resource.id },
          state: "RELEASED",
          at: this.now(),
          observed: false,
        };
        await this.ledger.recorder.refuse(attempted, {
          kind: "REFUSED",
          operation,
          errorCode: error.code,
          intentId,
        });
      } else if (intentId !== undefined) {
        const outcome = refused ? "REFUSED" : "UNKNOWN";
        const errorCode = error instanceof LockGraphError ? error.code : ErrorCode.INTERNAL_SERVER_ERROR;
        await this.ledger.intents.complete(intentId, { outcome, errorCode, at: this.now() });
      }
    } catch (failure) {
      this.failed(failure, operation);
    }
  }

  /** Applies `record` to every Lock or Reservation in an answer (one, a page's nodes, or none). */
  private async annotate<T>(answer: T, record: (held: Held) => Promise<LedgerHold>): Promise<T> {
    if (!answer || typeof answer !== "object") return answer;
    if ("edges" in answer && Array.isArray(answer.edges)) {
      const edges = [];
      for (const edge of answer.edges as Array<{ node: Held }>)
        edges.push({ ...edge, node: withLedger(edge.node, await record(edge.node)) });
      return { ...answer, edges };
    }
    if ("id" in answer && "state" in answer) {
      const held = answer as unknown as Held;
      return withLedger(held, await record(held)) as unknown as T;
    }
    return answer;
  }

  /** What the caller gets when its wait ends before the vendor answers: the contract's UPSTREAM_TIMEOUT. */
  private callerError(provider: string, error: unknown): unknown {
    return error instanceof UpstreamTransportError
      ? transportFailure(provider as Provider, true, error.message)
      : error;
  }

  private track(outcome: Promise<unknown>): void {
    const settled = outcome.catch(() => undefined);
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
  }

  private failed(error: unknown, operation: string): void {
    this.availability.reportFailure();
    this.logger.error({ err: error, operation }, "the ledger could not record an operation");
  }

  private now(): Date {
    return new Date((this.options.now ?? Date.now)());
  }
}

/** The Locks and Reservations in an answer: one, a page's nodes, or none. */
function heldIn(answer: unknown): Held[] {
  if (!answer || typeof answer !== "object") return [];
  if ("edges" in answer && Array.isArray(answer.edges))
    return (answer.edges as Array<{ node: Held }>).map((edge) => edge.node);
  return "id" in answer && "state" in answer ? [answer as Held] : [];
}

/** The vendor's answer says what the ledger already has: held, by the same holder, over the same objects, to the same end. */
function confirms(hold: LedgerHold, found: HoldChange): boolean {
  const same = <V>(given: V | undefined, known: V) =>
    given === undefined || JSON.stringify(given) === JSON.stringify(known);
  return (
    hold.state === "HELD" &&
    same(found.holder ?? undefined, hold.holder) &&
    same(found.resource.objectIds ?? undefined, hold.resource.objectIds) &&
    same(found.expiresAt?.getTime(), hold.expiresAt?.getTime()) &&
    same(found.vendorAcquiredAt?.getTime(), hold.vendorAcquiredAt?.getTime())
  );
}
