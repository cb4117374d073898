import { z } from "zod";
import { ADVISORY_LOCK } from "./advisory-locks.js";
import type { Database } from "./database.js";
import { MIGRATIONS, type Migration } from "./migrations/index.js";

const appliedRow = z.object({ version: z.coerce.number().int() });

/**
 * Applies the migrations the database lacks, in one transaction under an advisory lock: a
 * replica that starts at the same time waits, then finds them applied. Resolves to the
 * versions this call applied.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCK.migrate]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((row) => appliedRow.parse(row).version));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
