import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { cp, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Database } from "../../src/ledger/database.js";
import { migrate } from "../../src/ledger/migrate.js";
import { MIGRATIONS } from "../../src/ledger/migrations/index.js";
import { PgliteDatabase } from "../../src/ledger/pglite-database.js";
import { PostgresDatabase } from "../../src/ledger/pg-database.js";

/** The machine's PostgreSQL server (.ci/run starts it); tests make their own database on it. */
export const POSTGRES_ADMIN_URL =
  process.env.LOCKGRAPH_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  db: Database;
  /** postgres://… of the database, for a second handle (PostgreSQL only). */
  url: string | undefined;
  /** Empties every ledger table, so tests sharing the database start clean. */
  reset(): Promise<void>;
  /** Closes the handle and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

export interface TestDriver {
  name: "pglite" | "postgres";
  /** A fresh, migrated, empty ledger database. */
  create(): Promise<TestDatabase>;
}

async function reset(db: Database): Promise<void> {
  await db.query("TRUNCATE holds, hold_events, acquire_intents RESTART IDENTITY");
}

/** A migrated in-memory PGlite image, made once per machine and schema version and kept in the temp dir. */
async function pgliteImage(): Promise<Blob> {
  const file = join(tmpdir(), `lockgraph-test-pglite-v${MIGRATIONS.length}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const db = await PgliteDatabase.open(undefined);
    await migrate(db);
    const image = await db.dump();
    await db.close();
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(partial, Buffer.from(await image.arrayBuffer()));
    await rename(partial, file); // atomic: concurrent test files never read half a file
    return image;
  }
}

export async function createPgliteDatabase(): Promise<TestDatabase> {
  const db = await PgliteDatabase.open(undefined, await pgliteImage());
  await migrate(db);
  return { db, url: undefined, reset: () => reset(db), destroy: () => db.close() };
}

/** An empty database with a unique name on the PostgreSQL server; not migrated. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lockgraph_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyPostgresDatabase();
  const db = new PostgresDatabase({ url: empty.url });
  await migrate(db);
  return {
    db,
    url: empty.url,
    reset: () => reset(db),
    destroy: async () => {
      await db.close();
      await empty.drop();
    },
  };
}

/** Each database test runs once per driver: the embedded PGlite and the PostgreSQL server. */
export const TEST_DRIVERS: readonly TestDriver[] = [
  { name: "pglite", create: createPgliteDatabase },
  { name: "postgres", create: createPostgresDatabase },
];

/** A migrated embedded ledger on disk, made once per machine and schema version, copied for each server. */
async function pgliteTemplateDir(): Promise<string> {
  const dir = join(tmpdir(), `lockgraph-test-pglite-dir-v${MIGRATIONS.length}`);
  if (await stat(join(dir, "PG_VERSION")).catch(() => undefined)) return dir;
  const partial = `${dir}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const db = await PgliteDatabase.open(partial);
  await migrate(db);
  await db.close();
  await rename(partial, dir).catch(() => rm(partial, { recursive: true, force: true })); // another file made it first
  return dir;
}

const copies: string[] = [];
process.on("exit", () => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/**
 * The environment that gives one test server its own embedded ledger: a copy of a migrated
 * data directory (opened in well under a second, where a fresh one takes seconds), removed
 * when the test process exits.
 */
export async function testLedgerEnv(): Promise<Record<string, string>> {
  const copy = await mkdtemp(join(tmpdir(), "lockgraph-test-ledger-"));
  copies.push(copy);
  await cp(await pgliteTemplateDir(), copy, { recursive: true });
  return { LOCKGRAPH_DATA_DIR: copy };
}
