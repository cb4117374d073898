import { Ledger } from "../src/ledger/ledger.js";
import type { Database } from "../src/ledger/database.js";
import { migrate } from "../src/ledger/migrate.js";
import { PgliteDatabase } from "../src/ledger/pglite-database.js";
import { PostgresDatabase } from "../src/ledger/pg-database.js";
import { createEmptyPostgresDatabase } from "../test/support/databases.js";
import { timePages } from "./ledger-pages.js";

/**
 * `npm run bench` (second part): the ledger alone, on the embedded PGlite and on the local
 * PostgreSQL server. (1) What the ledger adds to one acquire: the intent before the vendor
 * call plus the recorded outcome after it (p50, p99 of 300). (2) A page of 50 holds
 * (`holds(verify: false)`'s query) at 1,000, 10,000 and 100,000 rows.
 */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const round = (ms: number) => Math.round(ms * 100) / 100;

async function acquireOverhead(db: Database, runs = 300): Promise<{ p50Ms: number; p99Ms: number }> {
  const ledger = await Ledger.over(db);
  const walls: number[] = [];
  for (let i = 0; i < runs + 30; i++) {
    const at = new Date();
    const started = performance.now();
    const intentId = await ledger.intents.begin({
      operation: "checkOutDocument",
      provider: "SUPEROFFICE",
      resource: { kind: "DOCUMENT", id: String(i) },
      at,
    });
    await ledger.recorder.record(
      {
        id: `bench-doc-${i}`,
        typename: "Lock",
        provider: "SUPEROFFICE",
        resource: { kind: "DOCUMENT", id: String(i) },
        state: "HELD",
        level: "EXCLUSIVE",
        holder: { id: "571", displayName: "Alice" },
        at,
        observed: true,
      },
      { kind: "ACQUIRED", operation: "checkOutDocument", intentId },
    );
    if (i >= 30) walls.push(performance.now() - started); // after 30 warm-up rounds
  }
  walls.sort((a, b) => a - b);
  return { p50Ms: round(percentile(walls, 0.5)), p99Ms: round(percentile(walls, 0.99)) };
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  const embedded = await PgliteDatabase.open(undefined);
  await migrate(embedded);
  results.embedded = { acquire: await acquireOverhead(embedded), pages: await timePages(embedded) };
  await embedded.close();

  const server = await createEmptyPostgresDatabase();
  const postgres = new PostgresDatabase({ url: server.url });
  try {
    await migrate(postgres);
    results.postgres = { acquire: await acquireOverhead(postgres), pages: await timePages(postgres) };
  } finally {
    await postgres.close();
    await server.drop();
  }
  console.log(JSON.stringify(results, null, 2));
}

await main();
