import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { LedgerAvailability } from "../../src/ledger/availability.js";
import { PostgresDatabase } from "../../src/ledger/pg-database.js";
import { createPostgresDatabase, type TestDatabase } from "../support/databases.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

async function until(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) assert.fail(`not within ${ms} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

describe("ledger availability through a connection that goes down and comes back", () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let db: PostgresDatabase;
  before(async () => {
    t = await createPostgresDatabase();
    proxy = await startTcpProxy("127.0.0.1", Number(new URL(t.url!).port || 5432));
    const url = new URL(t.url!);
    url.host = `127.0.0.1:${proxy.port}`;
    db = new PostgresDatabase({ url: url.toString(), connectTimeoutMs: 1_000 });
  });
  after(async () => {
    await db.close();
    await proxy.close();
    await t.destroy();
  });

  it("turns unavailable when the database drops and available again by itself when it returns", async () => {
    const changes: boolean[] = [];
    const availability = new LedgerAvailability(db, { intervalMs: 200, onChange: (up) => changes.push(up) });
    availability.start();
    try {
      await availability.probe();
      assert.equal(availability.available, true);
      proxy.cut();
      await until(() => !availability.available, 5_000);
      await assert.rejects(db.query("SELECT 1"));
      proxy.restore();
      const recoveredIn = await until(() => availability.available, 10_000);
      assert.ok(recoveredIn < 10_000);
      await db.query("SELECT 1");
      assert.deepEqual(changes, [false, true]);
    } finally {
      await availability.stop();
    }
  });
});
