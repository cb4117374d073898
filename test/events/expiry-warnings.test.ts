import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { ExpiryWarnings } from "../../src/events/expiry-warnings.js";
import { Ledger } from "../../src/ledger/ledger.js";
import { PostgresDatabase } from "../../src/ledger/pg-database.js";
import { TEST_DRIVERS, type TestDatabase } from "../support/databases.js";
import { at, backupLock } from "../support/holds.js";

const WINDOW_MS = 120_000;

for (const driver of TEST_DRIVERS) {
  describe(`ExpiryWarnings (${driver.name})`, () => {
    let t: TestDatabase;
    let ledger: Ledger;
    let warnings: ExpiryWarnings;
    before(async () => {
      t = await driver.create();
      ledger = await Ledger.over(t.db);
      warnings = new ExpiryWarnings(t.db, ledger.holds, ledger.events, WINDOW_MS);
    });
    after(() => t.destroy());
    beforeEach(() => t.reset());

    const kinds = async (holdId: string) =>
      (await ledger.events.history(holdId, 50)).events.map((e) => e.kind);

    it("warns once per lease end, inside the window only, and again after a renewal", async () => {
      await ledger.recorder.record(backupLock("b-1", { expiresAt: at(600) }), { kind: "ACQUIRED" });
      assert.deepEqual(await warnings.sweep(at(400)), [], "ends in 200 s: outside the 120 s window");
      const [warning] = await warnings.sweep(at(500));
      assert.equal(warning?.kind, "EXPIRING");
      assert.equal(warning?.hold.expiresAt?.toISOString(), at(600).toISOString());
      assert.equal(warning?.operation, null);
      assert.deepEqual(await warnings.sweep(at(510)), [], "already warned for this lease end");
      await ledger.recorder.record(backupLock("b-1", { expiresAt: at(1_200), at: at(520) }), {
        kind: "RENEWED",
      });
      assert.deepEqual(await warnings.sweep(at(530)), [], "renewed: the new end is far off");
      assert.equal((await warnings.sweep(at(1_100))).length, 1, "the renewed lease gets its own warning");
      assert.deepEqual(await kinds("b-1"), ["ACQUIRED", "EXPIRING", "RENEWED", "EXPIRING"]);
    });

    it("does not warn about released or lapsed leases", async () => {
      await ledger.recorder.record(backupLock("b-2", { expiresAt: at(600) }), { kind: "ACQUIRED" });
      await ledger.recorder.record(backupLock("b-2", { state: "RELEASED", at: at(10) }), {
        kind: "RELEASED",
      });
      await ledger.recorder.record(backupLock("b-3", { expiresAt: at(600) }), { kind: "ACQUIRED" });
      assert.deepEqual(await warnings.sweep(at(500)).then((e) => e.map((w) => w.hold.id)), ["b-3"]);
      assert.deepEqual(
        await warnings.sweep(at(700)),
        [],
        "b-3's lease has ended: EXPIRED is the sweep's business, not a warning",
      );
    });

    it("waits for the log to announce a lease: stored by KooDrive's data source before its ACQUIRED or RENEWED", async () => {
      const stored = backupLock("b-4", { expiresAt: at(600) });
      await ledger.holds.upsert(stored);
      assert.deepEqual(await warnings.sweep(at(500)), [], "held, but no event has told anyone yet");
      await ledger.recorder.record(stored, { kind: "ACQUIRED" });
      const renewed = backupLock("b-4", { expiresAt: at(1_200), at: at(520) });
      await ledger.holds.upsert(renewed);
      assert.deepEqual(await warnings.sweep(at(1_100)), [], "the new end is not announced before RENEWED");
      await ledger.recorder.record(renewed, { kind: "RENEWED" });
      assert.equal((await warnings.sweep(at(1_100))).length, 1);
      assert.deepEqual(await kinds("b-4"), ["ACQUIRED", "RENEWED", "EXPIRING"]);
    });

    it("records each warning once when replicas sweep at the same moment", async () => {
      for (let i = 0; i < 20; i++)
        await ledger.recorder.record(backupLock(`b-${i}`, { expiresAt: at(600 + i) }), { kind: "ACQUIRED" });
      const replicas =
        driver.name === "postgres"
          ? [new PostgresDatabase({ url: t.url! }), new PostgresDatabase({ url: t.url! })]
          : [];
      try {
        const sweepers = [
          warnings,
          ...(await Promise.all(
            replicas.map(async (db) => {
              const other = await Ledger.over(db);
              return new ExpiryWarnings(db, other.holds, other.events, WINDOW_MS);
            }),
          )),
        ];
        const results = await Promise.all([...sweepers, ...sweepers].map((s) => s.sweep(at(590))));
        assert.equal(results.flat().length, 20, "twenty leases, twenty warnings in all");
        const logged = await ledger.events.after(undefined, { kinds: ["EXPIRING"] }, 100);
        assert.equal(new Set(logged.events.map((e) => e.hold.id)).size, 20);
        assert.equal(logged.events.length, 20);
      } finally {
        await Promise.all(replicas.map((db) => db.close()));
      }
    });
  });
}
