import { z } from "zod";
import type { Database } from "../ledger/database.js";
import type { HoldEvent, HoldEventStore } from "../ledger/event-store.js";
import type { HoldStore } from "../ledger/hold-store.js";
import type { HoldEventKind } from "../ledger/vocabulary.js";

/** Whether the log has an event of one of `kinds` about the hold's current lease end. */
const aboutThisLeaseEnd = (kinds: readonly HoldEventKind[]) => `EXISTS (SELECT 1 FROM hold_events e
  WHERE e.hold_id = holds.id AND e.kind IN (${kinds.map((kind) => `'${kind}'`).join(", ")})
  AND (e.hold->>'expiresAt')::timestamptz = holds.expires_at)`;
/** A lease end that already has its EXPIRING event: one per hold and expiresAt, so a renewal earns a new warning. */
const WARNED = aboutThisLeaseEnd(["EXPIRING"]);
/**
 * A lease end the log has announced (the acquire, renewal or read that set it). KooDrive's
 * data source stores a new lease before the journal appends its ACQUIRED or RENEWED event;
 * a sweep in between must not warn of a lease nobody has heard of yet (EXPIRING before
 * ACQUIRED, seen with two replicas sweeping).
 */
const ANNOUNCED = aboutThisLeaseEnd(["ACQUIRED", "RENEWED", "OBSERVED_HELD"]);

const idRow = z.object({ id: z.string() });

/**
 * EXPIRING events: one for each held lease (KooDrive) that ends within the warning window,
 * once the log has announced it, however many replicas sweep at once. Each candidate is
 * row-locked and checked again in the same transaction, so a replica that waited for
 * another's warning sees it and adds none; a renewal (which updates the row) moves
 * expiresAt and so earns its own warning later.
 */
export class ExpiryWarnings {
  constructor(
    private readonly db: Database,
    private readonly holds: HoldStore,
    private readonly events: HoldEventStore,
    private readonly windowMs: number,
  ) {}

  async sweep(now: Date, limit = 500): Promise<HoldEvent[]> {
    const horizon = new Date(now.getTime() + this.windowMs);
    const { rows } = await this.db.query(
      `SELECT id FROM holds WHERE state = 'HELD' AND expires_at > $1 AND expires_at <= $2 AND ${ANNOUNCED} AND NOT ${WARNED} ORDER BY expires_at LIMIT $3`,
      [now, horizon, limit],
    );
    const warned: HoldEvent[] = [];
    for (const { id } of rows.map((row) => idRow.parse(row))) {
      const event = await this.db.transaction(async (tx) => {
        const hold = await this.holds.getForUpdate(tx, id);
        if (hold?.state !== "HELD" || !hold.expiresAt || hold.expiresAt <= now || hold.expiresAt > horizon)
          return undefined;
        const { rows: due } = await tx.query(
          `SELECT 1 FROM holds WHERE id = $1 AND ${ANNOUNCED} AND NOT ${WARNED}`,
          [id],
        );
        if (!due.length) return undefined;
        return this.events.append(tx, { kind: "EXPIRING", at: now, hold });
      });
      if (event) warned.push(event);
    }
    return warned;
  }
}
