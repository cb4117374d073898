import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { HoldStore } from "../../src/ledger/hold-store.js";
import { acquiredAt } from "../../src/ledger/hold.js";
import { TEST_DRIVERS, type TestDatabase } from "../support/databases.js";
import { at, backupLock, documentLock, T0 } from "../support/holds.js";

for (const driver of TEST_DRIVERS) {
  describe(`HoldStore (${driver.name})`, () => {
    let t: TestDatabase;
    let holds: HoldStore;
    before(async () => {
      t = await driver.create();
      holds = new HoldStore(t.db);
    });
    after(() => t.destroy());
    beforeEach(() => t.reset());

    it("stores a new hold and reads it back whole", async () => {
      const written = await holds.upsert(documentLock(1, { expiresAt: at(600), vendorAcquiredAt: null }));
      assert.deepEqual(await holds.get("doc-1"), written);
      assert.equal(written.state, "HELD");
      assert.deepEqual(written.holder, { id: "571", displayName: "Alice" });
      assert.equal(written.heldSince?.toISOString(), T0.toISOString());
      assert.equal(written.observedAt?.toISOString(), T0.toISOString());
      assert.equal(
        acquiredAt(written)?.toISOString(),
        T0.toISOString(),
        "no vendor time: when LockGraph first saw it held",
      );
      assert.equal(await holds.get("doc-2"), undefined);
    });

    it("prefers the vendor's acquire time", async () => {
      const written = await holds.upsert(documentLock(1, { vendorAcquiredAt: at(-3600) }));
      assert.equal(acquiredAt(written)?.toISOString(), at(-3600).toISOString());
    });

    it("keeps what a change leaves out, and replaces what it gives (null included)", async () => {
      await holds.upsert(documentLock(1, { expiresAt: at(600) }));
      const released = await holds.upsert({
        ...documentLock(1),
        state: "RELEASED",
        holder: undefined,
        level: undefined,
        at: at(10),
        observed: false,
      });
      assert.equal(released.state, "RELEASED");
      assert.deepEqual(
        released.holder,
        { id: "571", displayName: "Alice" },
        "a release that knows only the id keeps the holder",
      );
      assert.equal(released.expiresAt?.toISOString(), at(600).toISOString());
      assert.equal(released.observedAt?.toISOString(), T0.toISOString(), "not observed: observedAt stays");
      const cleared = await holds.upsert({
        ...documentLock(1),
        state: "RELEASED",
        expiresAt: null,
        at: at(20),
      });
      assert.equal(cleared.expiresAt, null);
    });

    it("keeps heldSince while held and starts it afresh on the next acquisition", async () => {
      await holds.upsert(documentLock(1));
      const stillHeld = await holds.upsert(documentLock(1, { at: at(30) }));
      assert.equal(stillHeld.heldSince?.toISOString(), T0.toISOString());
      await holds.upsert(documentLock(1, { state: "RELEASED", at: at(40) }));
      const again = await holds.upsert(documentLock(1, { at: at(50) }));
      assert.equal(again.heldSince?.toISOString(), at(50).toISOString());
      assert.equal(again.firstSeenAt.toISOString(), T0.toISOString());
    });

    it("keeps a binding out of the hold and hands it out only on request", async () => {
      const written = await holds.upsert(documentLock(1, { binding: "hmac-1" }));
      assert.equal(JSON.stringify(written).includes("hmac-1"), false);
      assert.equal(await holds.bindingOf("doc-1"), "hmac-1");
      await holds.upsert(documentLock(1, { at: at(5) }));
      assert.equal(await holds.bindingOf("doc-1"), "hmac-1", "a change without a binding keeps it");
    });

    it("pages in first-seen order with a keyset cursor, HELD only by default", async () => {
      for (let n = 1; n <= 7; n++)
        await holds.upsert(documentLock(n, { state: n === 4 ? "RELEASED" : "HELD" }));
      const first = await holds.page({}, 3);
      assert.deepEqual(
        first.holds.map((h) => h.hold.id),
        ["doc-1", "doc-2", "doc-3"],
      );
      assert.equal(first.hasNextPage, true);
      const second = await holds.page({}, 3, first.holds.at(-1)!.seq);
      assert.deepEqual(
        second.holds.map((h) => h.hold.id),
        ["doc-5", "doc-6", "doc-7"],
      );
      assert.equal(second.hasNextPage, false);
      const all = await holds.page({ states: ["HELD", "RELEASED"] }, 10);
      assert.equal(all.holds.length, 7);
    });

    it("filters by provider, holder, resource and expiry", async () => {
      await holds.upsert(documentLock(1, { holder: { id: "571", displayName: null } }));
      await holds.upsert(documentLock(2, { holder: { id: "600", displayName: null } }));
      await holds.upsert(backupLock("backup-1"));
      const ids = async (filter: Parameters<HoldStore["page"]>[0]) =>
        (await holds.page(filter, 10)).holds.map((h) => h.hold.id);
      assert.deepEqual(await ids({ providers: ["KOODRIVE"] }), ["backup-1"]);
      assert.deepEqual(await ids({ providers: ["KOODRIVE", "SUPEROFFICE"] }), ["doc-1", "doc-2", "backup-1"]);
      assert.deepEqual(await ids({ holderId: "600" }), ["doc-2"]);
      assert.deepEqual(
        await ids({
          resources: [
            { kind: "DOCUMENT", id: "1" },
            { kind: "BACKUP", id: "100" },
          ],
        }),
        ["doc-1", "backup-1"],
      );
      assert.deepEqual(await ids({ resources: [{ kind: "FILE", id: "1" }] }), []);
      assert.deepEqual(await ids({ expiresBefore: at(601) }), ["backup-1"]);
      assert.deepEqual(await ids({ expiresBefore: at(600) }), []);
    });

    it("finds a live KooDrive lock by module and binding only", async () => {
      const backup = (id: string, binding: string, expiresAt: Date) =>
        backupLock(id, { resource: { kind: "BACKUP", id: "101" }, binding, expiresAt });
      await holds.upsert(backup("b-live", "alice-binding", at(600)));
      await holds.upsert(backup("b-other", "bob-binding", at(600)));
      assert.equal((await holds.liveBackupLock("101", "alice-binding", at(1)))?.id, "b-live");
      assert.equal(await holds.liveBackupLock("100", "alice-binding", at(1)), undefined);
      assert.equal(
        await holds.liveBackupLock("101", "alice-binding", at(600)),
        undefined,
        "lapsed at expiresAt",
      );
    });

    it("expires lapsed leases once and leaves the rest", async () => {
      await holds.upsert(documentLock(1, { expiresAt: at(60) }));
      await holds.upsert(documentLock(2, { expiresAt: at(600) }));
      await holds.upsert(documentLock(3));
      const expired = await t.db.transaction((tx) => holds.expireLapsed(tx, at(61)));
      assert.deepEqual(
        expired.map((h) => [h.id, h.state]),
        [["doc-1", "EXPIRED"]],
      );
      assert.deepEqual(await t.db.transaction((tx) => holds.expireLapsed(tx, at(61))), []);
      assert.equal((await holds.get("doc-2"))?.state, "HELD");
    });

    it("prunes ended holds older than the cut-off, never held ones", async () => {
      await holds.upsert(documentLock(1, { state: "RELEASED" }));
      await holds.upsert(documentLock(2));
      await holds.upsert(documentLock(3, { state: "RELEASED", at: at(100) }));
      assert.equal(await holds.pruneEnded(at(50)), 1);
      assert.deepEqual([...(await holds.getMany(["doc-1", "doc-2", "doc-3"])).keys()].sort(), [
        "doc-2",
        "doc-3",
      ]);
    });
  });
}
