import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { HOLD_EVENTS_CHANNEL } from "../../src/ledger/event-store.js";
import { Ledger } from "../../src/ledger/ledger.js";
import { PostgresDatabase } from "../../src/ledger/pg-database.js";
import { TEST_DRIVERS, type TestDatabase } from "../support/databases.js";
import { at, backupLock, documentLock, T0 } from "../support/holds.js";

for (const driver of TEST_DRIVERS) {
  describe(`HoldRecorder and HoldEventStore (${driver.name})`, () => {
    let t: TestDatabase;
    let ledger: Ledger;
    before(async () => {
      t = await driver.create();
      ledger = await Ledger.over(t.db);
    });
    after(() => t.destroy());
    beforeEach(() => t.reset());

    const alice = { id: "571", displayName: "Alice" };

    it("records an outcome: the hold changes and the event carries it as it stood right after", async () => {
      const { hold, event } = await ledger.recorder.record(documentLock(1), {
        kind: "ACQUIRED",
        actor: alice,
        operation: "checkOutDocument",
      });
      assert.equal(hold.state, "HELD");
      assert.deepEqual(await ledger.holds.get("doc-1"), hold);
      assert.ok(event);
      assert.equal(event.kind, "ACQUIRED");
      assert.deepEqual(event.hold, hold);
      assert.deepEqual(event.actor, alice);
      assert.equal(event.operation, "checkOutDocument");
      assert.equal(event.at.toISOString(), T0.toISOString());
      const released = await ledger.recorder.record(documentLock(1, { state: "RELEASED", at: at(5) }), {
        kind: "RELEASED",
        operation: "checkInDocument",
      });
      assert.equal(released.event?.hold.state, "RELEASED");
      const history = await ledger.events.history("doc-1", 10);
      assert.deepEqual(
        history.events.map((e) => [e.kind, e.hold.state, e.operation]),
        [
          ["ACQUIRED", "HELD", "checkOutDocument"],
          ["RELEASED", "RELEASED", "checkInDocument"],
        ],
      );
    });

    it("records a refusal without changing the hold, even of one the ledger never saw", async () => {
      const refusal = await ledger.recorder.refuse(documentLock(9, { holder: null }), {
        kind: "REFUSED",
        operation: "checkOutDocument",
        errorCode: "LOCK_CONFLICT",
      });
      assert.equal(refusal.event.kind, "REFUSED");
      assert.equal(refusal.event.errorCode, "LOCK_CONFLICT");
      assert.equal(refusal.event.hold.id, "doc-9");
      assert.equal(await ledger.holds.get("doc-9"), undefined, "a refused first acquire stores no hold");
      await ledger.recorder.record(documentLock(1), { kind: "ACQUIRED" });
      const second = await ledger.recorder.refuse(documentLock(1, { state: "RELEASED" }), {
        kind: "REFUSED",
        errorCode: "NOT_FOUND",
      });
      assert.equal(second.event.hold.state, "HELD", "the hold as the ledger has it");
      assert.equal((await ledger.holds.get("doc-1"))?.state, "HELD");
    });

    it("records an observation only where it differs from the ledger", async () => {
      const taken = await ledger.recorder.observe(documentLock(1));
      assert.equal(taken.event?.kind, "OBSERVED_HELD", "held, and the ledger did not know");
      assert.equal(taken.event?.operation, null);
      const same = await ledger.recorder.observe(documentLock(1, { at: at(10) }));
      assert.equal(same.event, undefined, "same state: no event");
      assert.equal(same.hold.observedAt?.toISOString(), at(10).toISOString(), "but observedAt moves");
      const other = await ledger.recorder.observe(
        documentLock(1, { holder: { id: "600", displayName: "Bob" }, at: at(20) }),
      );
      assert.equal(other.event?.kind, "OBSERVED_HELD", "held by someone else now");
      const gone = await ledger.recorder.observeGone("doc-1", at(30));
      assert.equal(gone?.event?.kind, "OBSERVED_RELEASED");
      assert.equal(gone?.hold.state, "RELEASED");
      assert.equal((await ledger.recorder.observeGone("doc-1", at(40)))?.event, undefined);
      assert.equal(await ledger.recorder.observeGone("doc-2", at(40)), undefined);
      assert.equal(await ledger.holds.get("doc-2"), undefined, "never held, never stored");
    });

    it("ignores a read older than the ledger's last change of the hold (recorded after it, in the background)", async () => {
      await ledger.recorder.record(documentLock(1, { at: at(10) }), { kind: "ACQUIRED" });
      await ledger.recorder.record(documentLock(1, { state: "RELEASED", at: at(20) }), { kind: "RELEASED" });
      const staleHeld = await ledger.recorder.observe(documentLock(1, { at: at(15) }));
      assert.equal(staleHeld.event, undefined);
      assert.equal(staleHeld.hold.state, "RELEASED");
      await ledger.recorder.record(documentLock(1, { at: at(30) }), { kind: "ACQUIRED" });
      assert.equal((await ledger.recorder.observeGone("doc-1", at(25)))?.event, undefined);
      assert.equal((await ledger.holds.get("doc-1"))?.state, "HELD");
      const kinds = (await ledger.events.history("doc-1", 10)).events.map((e) => e.kind);
      assert.deepEqual(kinds, ["ACQUIRED", "RELEASED", "ACQUIRED"]);
    });

    it("two observers of the same new hold record it once", async () => {
      const results = await Promise.all([
        ledger.recorder.observe(documentLock(1)),
        ledger.recorder.observe(documentLock(1)),
      ]);
      assert.equal(results.filter((r) => r.event).length, 1);
      assert.equal((await ledger.events.after(undefined, {}, 10)).events.length, 1);
    });

    it("completes the acquire intent with its outcome in the same transaction", async () => {
      const intentId = await ledger.intents.begin({
        operation: "acquireBackupLock",
        provider: "KOODRIVE",
        resource: { kind: "BACKUP", id: "100" },
        actorId: "alice",
        at: T0,
      });
      assert.deepEqual(
        (await ledger.intents.openSince(at(1))).map((i) => i.id),
        [intentId],
      );
      await ledger.recorder.record(backupLock("b-1"), { kind: "ACQUIRED", intentId });
      assert.deepEqual(await ledger.intents.openSince(at(1)), []);
      const refusedId = await ledger.intents.begin({
        operation: "acquireBackupLock",
        provider: "KOODRIVE",
        resource: { kind: "BACKUP", id: "101" },
        at: T0,
      });
      await ledger.recorder.refuse(backupLock("b-2"), {
        kind: "REFUSED",
        errorCode: "LOCK_CONFLICT",
        intentId: refusedId,
      });
      const { rows } = await t.db.query("SELECT outcome, error_code FROM acquire_intents WHERE id = $1", [
        refusedId,
      ]);
      assert.deepEqual(rows[0], { outcome: "REFUSED", error_code: "LOCK_CONFLICT" });
    });

    it("expires a lapsed lease with one EXPIRED event", async () => {
      await ledger.recorder.record(backupLock("b-1", { expiresAt: at(600) }), { kind: "ACQUIRED" });
      assert.deepEqual(await ledger.recorder.expireLapsed(at(599)), []);
      const expired = await ledger.recorder.expireLapsed(at(600));
      assert.deepEqual(
        expired.map((r) => [r.hold.id, r.event.kind, r.event.hold.state]),
        [["b-1", "EXPIRED", "EXPIRED"]],
      );
      assert.deepEqual(await ledger.recorder.expireLapsed(at(700)), []);
    });

    it("filters and pages events, and hands out ids after a given one", async () => {
      await ledger.recorder.record(documentLock(1), { kind: "ACQUIRED" });
      await ledger.recorder.record(backupLock("b-1"), { kind: "ACQUIRED" });
      await ledger.recorder.record(documentLock(1, { state: "RELEASED" }), { kind: "RELEASED" });
      const all = await ledger.events.after(undefined, {}, 2);
      assert.equal(all.events.length, 2);
      assert.equal(all.hasNextPage, true);
      const rest = await ledger.events.after(all.events[1]!.id, {}, 2);
      assert.deepEqual(
        rest.events.map((e) => e.kind),
        ["RELEASED"],
      );
      assert.equal(rest.hasNextPage, false);
      const kinds = async (filter: Parameters<typeof ledger.events.after>[1]) =>
        (await ledger.events.after(undefined, filter, 10)).events.map((e) => `${e.hold.id}:${e.kind}`);
      assert.deepEqual(await kinds({ providers: ["KOODRIVE"] }), ["b-1:ACQUIRED"]);
      assert.deepEqual(await kinds({ holdIds: ["doc-1"] }), ["doc-1:ACQUIRED", "doc-1:RELEASED"]);
      assert.deepEqual(await kinds({ resources: [{ kind: "BACKUP", id: "100" }] }), ["b-1:ACQUIRED"]);
      assert.deepEqual(await kinds({ kinds: ["RELEASED"] }), ["doc-1:RELEASED"]);
      assert.equal(await ledger.events.lastId(), rest.events[0]!.id);
    });

    it("NOTIFYs each appended event's id", async () => {
      const ids: string[] = [];
      const unlisten = await t.db.listen(HOLD_EVENTS_CHANNEL, { onNotify: (id) => ids.push(id) });
      try {
        const { event } = await ledger.recorder.record(documentLock(1), { kind: "ACQUIRED" });
        const deadline = Date.now() + 5_000;
        while (ids.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(ids, [event?.id]);
      } finally {
        await unlisten();
      }
    });

    it("prunes events, intents and ended holds past retention", async () => {
      await ledger.recorder.record(documentLock(1, { at: new Date("2025-01-01T00:00:00Z") }), {
        kind: "ACQUIRED",
      });
      await ledger.recorder.record(
        documentLock(1, { state: "RELEASED", at: new Date("2025-01-02T00:00:00Z") }),
        { kind: "RELEASED" },
      );
      await ledger.recorder.record(documentLock(2), { kind: "ACQUIRED" });
      await ledger.intents.begin({
        operation: "checkOutDocument",
        provider: "SUPEROFFICE",
        resource: { kind: "DOCUMENT", id: "3" },
        at: new Date("2025-01-01T00:00:00Z"),
      });
      const pruned = await ledger.prune(T0, 90);
      assert.deepEqual(pruned, { events: 2, intents: 1, holds: 1 });
      assert.deepEqual(
        (await ledger.events.after(undefined, {}, 10)).events.map((e) => e.hold.id),
        ["doc-2"],
      );
    });
  });
}

describe("event ids on the PostgreSQL server", () => {
  let t: TestDatabase;
  before(async () => {
    t = await TEST_DRIVERS.find((d) => d.name === "postgres")!.create();
  });
  after(() => t.destroy());

  it("a reader of 'after the last id seen' misses none and sees none twice while replicas append at once", async () => {
    const replicas = [
      new PostgresDatabase({ url: t.url! }),
      new PostgresDatabase({ url: t.url! }),
      new PostgresDatabase({ url: t.url! }),
    ];
    const ledgers = await Promise.all(replicas.map((db) => Ledger.over(db)));
    try {
      const seen: string[] = [];
      let writing = true;
      const reader = (async () => {
        for (;;) {
          const done = !writing;
          const page = await ledgers[0]!.events.after(seen.at(-1), {}, 1_000);
          seen.push(...page.events.map((e) => e.id));
          if (done && page.events.length === 0) return;
        }
      })();
      const writes = [];
      for (let n = 0; n < 120; n++)
        writes.push(
          ledgers[n % 3]!.recorder.record(documentLock(n % 10, { at: at(n) }), { kind: "ACQUIRED" }),
        );
      await Promise.all(writes);
      writing = false;
      await reader;
      assert.equal(seen.length, 120);
      assert.equal(new Set(seen).size, 120);
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => Number(a) - Number(b)),
      );
    } finally {
      await Promise.all(replicas.map((db) => db.close()));
    }
  });

  it("two replicas sweeping the same lapsed lease record EXPIRED once", async () => {
    await t.reset();
    const replicas = [new PostgresDatabase({ url: t.url! }), new PostgresDatabase({ url: t.url! })];
    const ledgers = await Promise.all(replicas.map((db) => Ledger.over(db)));
    try {
      for (let n = 0; n < 20; n++)
        await ledgers[0]!.recorder.record(backupLock(`b-${n}`, { expiresAt: at(60) }), { kind: "ACQUIRED" });
      const swept = await Promise.all(ledgers.map((l) => l.recorder.expireLapsed(at(61))));
      assert.equal(swept.flat().length, 20);
      assert.equal(
        (await ledgers[0]!.events.after(undefined, { kinds: ["EXPIRED"] }, 100)).events.length,
        20,
      );
    } finally {
      await Promise.all(replicas.map((db) => db.close()));
    }
  });
});
