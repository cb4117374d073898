import type { Database } from "../src/ledger/database.js";
import { HoldStore } from "../src/ledger/hold-store.js";

/**
 * A page of 50 holds from the ledger alone at 1,000, 10,000 and 100,000 rows: p50 and p99 of
 * `samples` pages at random depths, so a slow deep page would show. Rows are seeded in SQL
 * (generate_series) for speed; a tenth of them are RELEASED so the default HELD filter filters.
 */
export interface PageTiming {
  rows: number;
  p50Ms: number;
  p99Ms: number;
}

const PROVIDERS = ["REFERENCE_DATA", "IMODELS", "SUPEROFFICE", "KOODRIVE", "ORACLE_CONTENT"];

export async function seedHolds(db: Database, from: number, to: number): Promise<void> {
  await db.query(
    `INSERT INTO holds (id, typename, provider, resource_kind, resource_id, level, state, holder_id, held_since, first_seen_at, updated_at)
     SELECT 'bench-' || n, 'Lock', ($3::text[])[1 + n % 5], 'DOCUMENT', n::text, 'EXCLUSIVE',
            CASE WHEN n % 10 = 0 THEN 'RELEASED' ELSE 'HELD' END, 'user-' || (n % 100), now(), now(), now()
     FROM generate_series($1::int, $2::int) AS n`,
    [from, to, PROVIDERS],
  );
  await db.query("ANALYZE holds");
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function timePages(
  db: Database,
  sizes: readonly number[] = [1_000, 10_000, 100_000],
  samples = 300,
): Promise<PageTiming[]> {
  const holds = new HoldStore(db);
  await db.query("TRUNCATE holds RESTART IDENTITY");
  const timings: PageTiming[] = [];
  let seeded = 0;
  for (const rows of sizes) {
    await seedHolds(db, seeded + 1, rows);
    seeded = rows;
    for (let i = 0; i < 30; i++) await holds.page({}, 50); // warm the plan and the cache
    const walls: number[] = [];
    for (let i = 0; i < samples; i++) {
      const after = i % 3 === 0 ? undefined : String(Math.floor(Math.random() * rows * 0.85));
      const started = performance.now();
      const page = await holds.page({}, 50, after);
      walls.push(performance.now() - started);
      if (page.holds.length !== 50) throw new Error(`a page at ${after} had ${page.holds.length} holds`);
    }
    walls.sort((a, b) => a - b);
    timings.push({ rows, p50Ms: round(percentile(walls, 0.5)), p99Ms: round(percentile(walls, 0.99)) });
  }
  return timings;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
