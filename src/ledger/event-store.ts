import { z } from "zod";
import { ADVISORY_LOCK } from "./advisory-locks.js";
import type { Queryable, Transaction } from "./database.js";
import { holdSchema, type Hold } from "./hold.js";
import type { ResourceRef } from "./hold.js";
import { int8 } from "./rows.js";
import { Params } from "./sql.js";
import { HOLD_EVENT_KINDS, type HoldEventKind, type Provider } from "./vocabulary.js";

/** The channel every appended event is NOTIFYed on; the payload is the event id. */
export const HOLD_EVENTS_CHANNEL = "lockgraph_hold_events";

export interface Actor {
  id: string;
  displayName: string | null;
}

export interface NewHoldEvent {
  kind: HoldEventKind;
  at: Date;
  /** The hold as it stood right after the event. */
  hold: Hold;
  actor?: Actor | null;
  /** The GraphQL field behind it; null for observations and expiry. */
  operation?: string | null;
  /** On REFUSED: the contract's error code. */
  errorCode?: string | null;
}

export interface HoldEvent {
  /** Handed out in commit order: a reader of "after id N" misses none and sees none twice. */
  id: string;
  kind: HoldEventKind;
  at: Date;
  hold: Hold;
  actor: Actor | null;
  operation: string | null;
  errorCode: string | null;
}

export interface HoldEventFilter {
  providers?: readonly Provider[];
  holdIds?: readonly string[];
  resources?: readonly ResourceRef[];
  kinds?: readonly HoldEventKind[];
}

export interface HoldEventPage {
  events: HoldEvent[];
  hasNextPage: boolean;
}

const COLUMNS = "id, kind, at, hold, actor_id, actor_name, operation, error_code";

const eventRow = z
  .object({
    id: int8,
    kind: z.enum(HOLD_EVENT_KINDS),
    at: z.coerce.date(),
    // pg parses jsonb; both drivers agree, but a string is accepted too.
    hold: z
      .union([z.string().transform((text) => JSON.parse(text) as unknown), z.record(z.string(), z.unknown())])
      .pipe(holdSchema),
    actor_id: z.string().nullable(),
    actor_name: z.string().nullable(),
    operation: z.string().nullable(),
    error_code: z.string().nullable(),
  })
  .transform(
    (row): HoldEvent => ({
      id: row.id,
      kind: row.kind,
      at: row.at,
      hold: row.hold,
      actor: row.actor_id === null ? null : { id: row.actor_id, displayName: row.actor_name },
      operation: row.operation,
      errorCode: row.error_code,
    }),
  );

const lastIdRow = z.object({ id: int8.nullable() });

/** The append-only log of what happened to holds. */
export class HoldEventStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Appends one event and NOTIFYs its id on commit. The advisory lock, held to the end of
   * the caller's transaction, makes ids commit in the order they are handed out.
   */
  async append(tx: Transaction, event: NewHoldEvent): Promise<HoldEvent> {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCK.appendEvent]);
    const { rows } = await tx.query(
      `INSERT INTO hold_events (hold_id, kind, at, provider, resource_kind, resource_id, hold, actor_id, actor_name, operation, error_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11)
       RETURNING ${COLUMNS}`,
      [
        event.hold.id,
        event.kind,
        event.at,
        event.hold.provider,
        event.hold.resource.kind,
        event.hold.resource.id,
        JSON.stringify(event.hold),
        event.actor?.id ?? null,
        event.actor?.displayName ?? null,
        event.operation ?? null,
        event.errorCode ?? null,
      ],
    );
    const appended = eventRow.parse(rows[0]);
    await tx.query("SELECT pg_notify($1, $2)", [HOLD_EVENTS_CHANNEL, appended.id]);
    return appended;
  }

  /** Events with an id above `afterId` (all when undefined) that match the filter, oldest first. */
  async after(afterId: string | undefined, filter: HoldEventFilter, first: number): Promise<HoldEventPage> {
    const p = new Params();
    const where: string[] = [];
    if (afterId !== undefined) where.push(`id > ${p.add(afterId, "::bigint")}`);
    if (filter.providers?.length) where.push(p.oneOf("provider", filter.providers));
    if (filter.holdIds?.length) where.push(p.oneOf("hold_id", filter.holdIds));
    if (filter.kinds?.length) where.push(p.oneOf("kind", filter.kinds));
    if (filter.resources?.length) where.push(p.resourceIn(filter.resources));
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM hold_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ${p.add(first + 1, "::int")}`,
      p.values,
    );
    const events = rows.map((row) => eventRow.parse(row));
    return { events: events.slice(0, first), hasNextPage: events.length > first };
  }

  /** One hold's history, oldest first. */
  history(holdId: string, first: number, afterId?: string): Promise<HoldEventPage> {
    return this.after(afterId, { holdIds: [holdId] }, first);
  }

  /** The newest event's id, or undefined while the log is empty: where a live subscriber starts. */
  async lastId(): Promise<string | undefined> {
    const { rows } = await this.db.query("SELECT max(id) AS id FROM hold_events");
    return lastIdRow.parse(rows[0]).id ?? undefined;
  }

  /** Deletes events older than `before`, in bounded batches so no statement holds locks for long. */
  async pruneBefore(before: Date, batch = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.db.query(
        "DELETE FROM hold_events WHERE id IN (SELECT id FROM hold_events WHERE at < $1 ORDER BY id LIMIT $2)",
        [before, batch],
      );
      total += rowCount;
      if (rowCount < batch) return total;
    }
  }
}
