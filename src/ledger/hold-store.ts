import { z } from "zod";
import type { Queryable } from "./database.js";
import { type Hold, holdSchema, type ResourceRef } from "./hold.js";
import { int8 } from "./rows.js";
import { Params } from "./sql.js";
import type { HoldTypename, LockLevel, LockState, Provider, ResourceKind } from "./vocabulary.js";

/**
 * A change to one hold. Optional fields left undefined keep what the ledger has; given
 * (null included) they replace it, so a release that knows only the id keeps the holder.
 */
export interface HoldChange {
  id: string;
  typename: HoldTypename;
  provider: Provider;
  resource: { kind: ResourceKind; id: string; objectIds?: string[] | null };
  state: LockState;
  level?: LockLevel | null;
  holder?: { id: string; displayName: string | null } | null;
  vendorAcquiredAt?: Date | null;
  expiresAt?: Date | null;
  /** KooDrive: the keyed hash of the user id and credential that acquired or renewed it. */
  binding?: string | null;
  /** When the change happened. */
  at: Date;
  /** True when the vendor itself just confirmed this state (sets observedAt to `at`). */
  observed: boolean;
}

export interface HoldFilter {
  providers?: readonly Provider[];
  /** Default: HELD only. */
  states?: readonly LockState[];
  holderId?: string;
  resources?: readonly ResourceRef[];
  expiresBefore?: Date;
}

export interface HoldPage {
  /** Each hold with its position, the keyset cursor to continue after it. */
  holds: Array<{ hold: Hold; seq: string }>;
  hasNextPage: boolean;
}

const COLUMNS = `id, seq, typename, provider, resource_kind, resource_id, object_ids, level, state, holder_id, holder_name,
  vendor_acquired_at, held_since, expires_at, observed_at, first_seen_at, updated_at`;

const holdRow = z
  .object({
    id: z.string(),
    seq: int8,
    typename: z.unknown(),
    provider: z.unknown(),
    resource_kind: z.unknown(),
    resource_id: z.unknown(),
    object_ids: z.unknown(),
    level: z.unknown(),
    state: z.unknown(),
    holder_id: z.string().nullable(),
    holder_name: z.string().nullable(),
    vendor_acquired_at: z.unknown(),
    held_since: z.unknown(),
    expires_at: z.unknown(),
    observed_at: z.unknown(),
    first_seen_at: z.unknown(),
    updated_at: z.unknown(),
  })
  .transform((row) => ({
    seq: row.seq,
    hold: holdSchema.parse({
      id: row.id,
      typename: row.typename,
      provider: row.provider,
      resource: { kind: row.resource_kind, id: row.resource_id, objectIds: row.object_ids },
      level: row.level,
      state: row.state,
      holder: row.holder_id === null ? null : { id: row.holder_id, displayName: row.holder_name },
      vendorAcquiredAt: row.vendor_acquired_at,
      heldSince: row.held_since,
      expiresAt: row.expires_at,
      observedAt: row.observed_at,
      firstSeenAt: row.first_seen_at,
      updatedAt: row.updated_at,
    }),
  }));

const bindingRow = z.object({ binding: z.string().nullable() });

/** Keeps each optional column unless the change provides it. */
const keepUnless = (column: string, flag: number) =>
  `${column} = CASE WHEN $${flag}::boolean THEN EXCLUDED.${column} ELSE holds.${column} END`;

/** The current state of every hold the ledger knows, one row per hold. */
export class HoldStore {
  constructor(private readonly db: Queryable) {}

  async get(id: string, q: Queryable = this.db): Promise<Hold | undefined> {
    const { rows } = await q.query(`SELECT ${COLUMNS} FROM holds WHERE id = $1`, [id]);
    return rows.length ? holdRow.parse(rows[0]).hold : undefined;
  }

  /** Row-locks the hold until the transaction ends, so a compare-then-write cannot race. */
  async getForUpdate(tx: Queryable, id: string): Promise<Hold | undefined> {
    const { rows } = await tx.query(`SELECT ${COLUMNS} FROM holds WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length ? holdRow.parse(rows[0]).hold : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Hold>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.db.query(`SELECT ${COLUMNS} FROM holds WHERE id = ANY($1::text[])`, [ids]);
    return new Map(rows.map((row) => holdRow.parse(row).hold).map((hold) => [hold.id, hold]));
  }

  /** The binding of a KooDrive hold (never part of a Hold, so it never reaches an event or a response). */
  async bindingOf(id: string): Promise<string | null> {
    return (await this.getBound(id))?.binding ?? null;
  }

  /** A hold with its binding, in one read. */
  async getBound(id: string): Promise<{ hold: Hold; binding: string | null } | undefined> {
    const { rows } = await this.db.query(`SELECT ${COLUMNS}, binding FROM holds WHERE id = $1`, [id]);
    if (!rows.length) return undefined;
    return { hold: holdRow.parse(rows[0]).hold, binding: bindingRow.parse(rows[0]).binding };
  }

  /** Inserts or updates a hold; resolves to it as it stands after the change. */
  async upsert(change: HoldChange, q: Queryable = this.db): Promise<Hold> {
    const given = (value: unknown) => value !== undefined;
    const { rows } = await q.query(
      `INSERT INTO holds (id, typename, provider, resource_kind, resource_id, object_ids, level, state, holder_id, holder_name,
         vendor_acquired_at, held_since, expires_at, observed_at, first_seen_at, updated_at, binding)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, CASE WHEN $8 = 'HELD' THEN $12::timestamptz END, $13,
         CASE WHEN $14::boolean THEN $12::timestamptz END, $12, $12, $15)
       ON CONFLICT (id) DO UPDATE SET
         state = EXCLUDED.state,
         held_since = CASE WHEN EXCLUDED.state <> 'HELD' THEN holds.held_since
                           WHEN holds.state = 'HELD' THEN COALESCE(holds.held_since, EXCLUDED.held_since)
                           ELSE EXCLUDED.held_since END,
         observed_at = COALESCE(EXCLUDED.observed_at, holds.observed_at),
         updated_at = EXCLUDED.updated_at,
         ${keepUnless("object_ids", 16)},
         ${keepUnless("level", 17)},
         ${keepUnless("holder_id", 18)},
         ${keepUnless("holder_name", 18)},
         ${keepUnless("vendor_acquired_at", 19)},
         ${keepUnless("expires_at", 20)},
         ${keepUnless("binding", 21)}
       RETURNING ${COLUMNS}`,
      [
        change.id,
        change.typename,
        change.provider,
        change.resource.kind,
        change.resource.id,
        change.resource.objectIds ?? null,
        change.level ?? null,
        change.state,
        change.holder?.id ?? null,
        change.holder?.displayName ?? null,
        change.vendorAcquiredAt ?? null,
        change.at,
        change.expiresAt ?? null,
        change.observed,
        change.binding ?? null,
        given(change.resource.objectIds),
        given(change.level),
        given(change.holder),
        given(change.vendorAcquiredAt),
        given(change.expiresAt),
        given(change.binding),
      ],
    );
    return holdRow.parse(rows[0]).hold;
  }

  /** Sets observedAt on holds whose state the vendor just confirmed unchanged, in one statement. */
  async touchObserved(ids: readonly string[], at: Date, q: Queryable = this.db): Promise<void> {
    if (ids.length === 0) return;
    await q.query(
      "UPDATE holds SET observed_at = $2 WHERE id = ANY($1::text[]) AND (observed_at IS NULL OR observed_at < $2)",
      [ids, at],
    );
  }

  /**
   * One page of holds in first-seen order, after the keyset cursor `afterSeq`. Each filter
   * narrows; every shape of filter walks an index in `seq` order, so a page costs the same
   * at any depth and any table size.
   */
  async page(filter: HoldFilter, first: number, afterSeq?: string): Promise<HoldPage> {
    const p = new Params();
    const where = [p.oneOf("state", filter.states?.length ? filter.states : ["HELD"])];
    if (filter.providers?.length) where.push(p.oneOf("provider", filter.providers));
    if (filter.holderId !== undefined) where.push(`holder_id = ${p.add(filter.holderId)}`);
    if (filter.resources?.length) where.push(p.resourceIn(filter.resources));
    if (filter.expiresBefore !== undefined)
      where.push(`expires_at < ${p.add(filter.expiresBefore, "::timestamptz")}`);
    if (afterSeq !== undefined) where.push(`seq > ${p.add(afterSeq, "::bigint")}`);
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM holds WHERE ${where.join(" AND ")} ORDER BY seq LIMIT ${p.add(first + 1, "::int")}`,
      p.values,
    );
    const parsed = rows.map((row) => holdRow.parse(row));
    return { holds: parsed.slice(0, first), hasNextPage: parsed.length > first };
  }

  /** A live KooDrive lock on `moduleCode` bound to this binding, if the ledger has one. */
  async liveBackupLock(moduleCode: string, binding: string, now: Date): Promise<Hold | undefined> {
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS} FROM holds
       WHERE resource_kind = 'BACKUP' AND resource_id = $1 AND provider = 'KOODRIVE' AND state = 'HELD'
         AND binding = $2 AND expires_at > $3
       ORDER BY expires_at DESC LIMIT 1`,
      [moduleCode, binding, now],
    );
    return rows.length ? holdRow.parse(rows[0]).hold : undefined;
  }

  /**
   * Marks HELD holds whose lease ended by `now` as EXPIRED and returns them. Rows another
   * replica is expiring at this moment are skipped, so each expiry is recorded once.
   */
  async expireLapsed(tx: Queryable, now: Date, limit = 500): Promise<Hold[]> {
    const { rows } = await tx.query(
      `UPDATE holds SET state = 'EXPIRED', updated_at = $1
       WHERE id IN (SELECT id FROM holds WHERE state = 'HELD' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [now, limit],
    );
    return rows.map((row) => holdRow.parse(row).hold);
  }

  /** Forgets holds that are no longer held and have not changed since `before`. */
  async pruneEnded(before: Date): Promise<number> {
    const { rowCount } = await this.db.query("DELETE FROM holds WHERE state <> 'HELD' AND updated_at < $1", [
      before,
    ]);
    return rowCount;
  }
}
