import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { migrate } from "../../src/ledger/migrate.js";
import { MIGRATIONS } from "../../src/ledger/migrations/index.js";
import { databaseLocation } from "../../src/ledger/open-database.js";
import { PostgresDatabase } from "../../src/ledger/pg-database.js";
import { createEmptyPostgresDatabase, TEST_DRIVERS, type TestDatabase } from "../support/databases.js";

/** Resolves once `check` holds, polling; fails after `ms`. */
async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail("condition not met in time");
    await sleep(20);
  }
}

for (const driver of TEST_DRIVERS) {
  describe(`ledger database (${driver.name})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await driver.create();
      await t.db.query("CREATE TABLE scratch (n int NOT NULL)");
    });
    after(() => t.destroy());
    beforeEach(() => t.db.query("DELETE FROM scratch"));

    const count = async () =>
      ((await t.db.query("SELECT count(*)::int AS n FROM scratch")).rows[0] as { n: number }).n;

    it("commits a transaction's writes together", async () => {
      const value = await t.db.transaction(async (tx) => {
        await tx.query("INSERT INTO scratch (n) VALUES ($1), ($2)", [1, 2]);
        return "done";
      });
      assert.equal(value, "done");
      assert.equal(await count(), 2);
    });

    it("rolls a transaction back when its work throws", async () => {
      await assert.rejects(
        t.db.transaction(async (tx) => {
          await tx.query("INSERT INTO scratch (n) VALUES (1)");
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal(await count(), 0);
    });

    it("keeps working after a failed statement", async () => {
      await assert.rejects(t.db.query("SELECT * FROM no_such_table"), /no_such_table/);
      await t.db.ping();
    });

    it("serialises concurrent transactions that take the same advisory lock", async () => {
      const order: string[] = [];
      const work = (name: string) =>
        t.db.transaction(async (tx) => {
          await tx.query("SELECT pg_advisory_xact_lock(42)");
          order.push(`${name} start`);
          await sleep(50);
          await tx.query("INSERT INTO scratch (n) VALUES (1)");
          order.push(`${name} end`);
        });
      await Promise.all([work("a"), work("b")]);
      assert.deepEqual(
        order.map((step) => step.split(" ")[1]),
        ["start", "end", "start", "end"],
      );
    });

    it("delivers a NOTIFY on commit, not on rollback, and none after unlisten", async () => {
      const got: string[] = [];
      const unlisten = await t.db.listen("lockgraph_test", { onNotify: (payload) => got.push(payload) });
      await assert.rejects(
        t.db.transaction(async (tx) => {
          await tx.query("SELECT pg_notify('lockgraph_test', 'rolled back')");
          throw new Error("undo");
        }),
      );
      await t.db.transaction(async (tx) => {
        await tx.query("SELECT pg_notify('lockgraph_test', 'committed')");
      });
      await eventually(() => got.length > 0);
      await unlisten();
      await t.db.query("SELECT pg_notify('lockgraph_test', 'after unlisten')");
      await sleep(200);
      assert.deepEqual(got, ["committed"]);
    });

    it("refuses a channel name that is not a plain identifier", async () => {
      await assert.rejects(
        t.db.listen("x; DROP TABLE scratch", { onNotify: () => undefined }),
        /lower-case letters/,
      );
    });

    it("applies no migration twice", async () => {
      assert.deepEqual(await migrate(t.db), []);
    });
  });
}

describe("ledger migrations on the PostgreSQL server", () => {
  it("two replicas migrating one empty database at once both succeed, each migration applied once", async () => {
    const empty = await createEmptyPostgresDatabase();
    const replicas = [new PostgresDatabase({ url: empty.url }), new PostgresDatabase({ url: empty.url })];
    try {
      const applied = await Promise.all(replicas.map((db) => migrate(db)));
      assert.deepEqual(applied.flat().sort(), MIGRATIONS.map((m) => m.version).sort());
      const { rows } = await replicas[0]!.query("SELECT version FROM schema_migrations ORDER BY version");
      assert.equal(rows.length, MIGRATIONS.length);
    } finally {
      await Promise.all(replicas.map((db) => db.close()));
      await empty.drop();
    }
  });
});

describe("the PostgreSQL listener", () => {
  let t: TestDatabase;
  before(async () => {
    t = await TEST_DRIVERS.find((d) => d.name === "postgres")!.create();
  });
  after(() => t.destroy());

  it("reconnects after its connection is killed, says so, and delivers later notifications", async () => {
    const got: string[] = [];
    let reconnects = 0;
    const unlisten = await t.db.listen("lockgraph_test", {
      onNotify: (p) => got.push(p),
      onReconnect: () => reconnects++,
    });
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
      );
      assert.equal(killed.rowCount, 1);
      await eventually(() => reconnects === 1);
      await t.db.query("SELECT pg_notify('lockgraph_test', 'after reconnect')");
      await eventually(() => got.includes("after reconnect"));
    } finally {
      await admin.end();
      await unlisten();
    }
  });
});

describe("databaseLocation", () => {
  it("reads the embedded, in-memory and server forms", () => {
    assert.deepEqual(databaseLocation(undefined, ".lockgraph"), { driver: "pglite", dataDir: ".lockgraph" });
    assert.deepEqual(databaseLocation("memory:", ".lockgraph"), { driver: "pglite", dataDir: undefined });
    assert.deepEqual(databaseLocation("postgres://u@db:5432/ledger", "x"), {
      driver: "postgres",
      url: "postgres://u@db:5432/ledger",
    });
  });

  it("refuses anything else, saying what it takes", () => {
    assert.throws(() => databaseLocation("mysql://db/x", "."), /memory: .* postgres:\/\//);
  });
});
