import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "./database.js";
import type { ResourceRef } from "./hold.js";
import { RESOURCE_KINDS, type Provider } from "./vocabulary.js";

/** How an acquire ended, as far as LockGraph learned. */
export type IntentOutcome = "ACQUIRED" | "REFUSED" | "UNKNOWN";

export interface NewIntent {
  operation: string;
  provider: Provider;
  resource: ResourceRef;
  actorId?: string | null;
  at: Date;
}

export interface IntentCompletion {
  outcome: IntentOutcome;
  holdId?: string | null;
  errorCode?: string | null;
  at: Date;
}

export interface OpenIntent {
  id: string;
  operation: string;
  provider: Provider;
  resource: ResourceRef;
  actorId: string | null;
  startedAt: Date;
}

const openIntentRow = z
  .object({
    id: z.string(),
    operation: z.string(),
    provider: z.string(),
    resource_kind: z.enum(RESOURCE_KINDS),
    resource_id: z.string(),
    actor_id: z.string().nullable(),
    started_at: z.coerce.date(),
  })
  .transform(
    (row): OpenIntent => ({
      id: row.id,
      operation: row.operation,
      provider: row.provider,
      resource: { kind: row.resource_kind, id: row.resource_id },
      actorId: row.actor_id,
      startedAt: row.started_at,
    }),
  );

/**
 * What an acquire set out to do, written before the vendor call and completed when its
 * answer comes: an intent still open long after it started is an acquire whose answer
 * LockGraph never saw (the process stopped), so the hold may exist unseen.
 */
export class IntentStore {
  constructor(private readonly db: Queryable) {}

  async begin(intent: NewIntent): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO acquire_intents (id, operation, provider, resource_kind, resource_id, actor_id, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        intent.operation,
        intent.provider,
        intent.resource.kind,
        intent.resource.id,
        intent.actorId ?? null,
        intent.at,
      ],
    );
    return id;
  }

  /** Completes an open intent; completing one twice changes nothing. */
  async complete(id: string, completion: IntentCompletion, q: Queryable = this.db): Promise<void> {
    await q.query(
      `UPDATE acquire_intents SET completed_at = $2, outcome = $3, hold_id = $4, error_code = $5
       WHERE id = $1 AND completed_at IS NULL`,
      [id, completion.at, completion.outcome, completion.holdId ?? null, completion.errorCode ?? null],
    );
  }

  /** Intents started before `before` and never completed, oldest first. */
  async openSince(before: Date, limit = 100): Promise<OpenIntent[]> {
    const { rows } = await this.db.query(
      `SELECT id, operation, provider, resource_kind, resource_id, actor_id, started_at FROM acquire_intents
       WHERE completed_at IS NULL AND started_at < $1 ORDER BY started_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((row) => openIntentRow.parse(row));
  }

  /** Deletes intents completed, or abandoned, before `before`. */
  async pruneBefore(before: Date): Promise<number> {
    const { rowCount } = await this.db.query(
      "DELETE FROM acquire_intents WHERE (completed_at IS NOT NULL AND completed_at < $1) OR (completed_at IS NULL AND started_at < $1)",
      [before],
    );
    return rowCount;
  }
}
