import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { HoldEventHub } from "../../src/events/hold-event-hub.js";
import { SubscriberTooSlow, type HoldEventSubscription } from "../../src/events/hold-event-subscription.js";
import type { HoldEvent } from "../../src/ledger/event-store.js";
import { Ledger } from "../../src/ledger/ledger.js";
import { PostgresDatabase } from "../../src/ledger/pg-database.js";
import { TEST_DRIVERS, type TestDatabase } from "../support/databases.js";
import { at, documentLock } from "../support/holds.js";

/** The next `n` events, or a failure naming how many came within `ms`. */
async function take(subscription: HoldEventSubscription, n: number, ms = 5_000): Promise<HoldEvent[]> {
  const got: HoldEvent[] = [];
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`only ${got.length} of ${n} events within ${ms} ms`)), ms).unref(),
  );
  while (got.length < n) {
    const next = await Promise.race([subscription.next(), deadline]);
    if (next.done) throw new Error(`the stream ended after ${got.length} of ${n} events`);
    got.push(next.value);
  }
  return got;
}

for (const driver of TEST_DRIVERS) {
  describe(`HoldEventHub (${driver.name})`, () => {
    let t: TestDatabase;
    let ledger: Ledger;
    let hub: HoldEventHub;
    before(async () => {
      t = await driver.create();
      ledger = await Ledger.over(t.db);
    });
    after(() => t.destroy());
    beforeEach(async () => {
      await hub?.close();
      await t.reset();
      hub = await HoldEventHub.start(t.db, ledger.events, { bufferLimit: 50, pageSize: 3 });
    });

    const acquire = (doc: number, seconds = 0) =>
      ledger.recorder.record(documentLock(doc, { at: at(seconds) }), { kind: "ACQUIRED" });
    const release = (doc: number, seconds = 1) =>
      ledger.recorder.record(documentLock(doc, { state: "RELEASED", at: at(seconds) }), { kind: "RELEASED" });

    it("delivers live events that match the filter, in commit order", async () => {
      const one = hub.subscribe({ resources: [{ kind: "DOCUMENT", id: "1" }] });
      const all = hub.subscribe({});
      await acquire(1);
      await acquire(2);
      await release(1);
      assert.deepEqual(
        (await take(one, 2)).map((e) => [e.hold.id, e.kind]),
        [
          ["doc-1", "ACQUIRED"],
          ["doc-1", "RELEASED"],
        ],
      );
      assert.deepEqual(
        (await take(all, 3)).map((e) => e.hold.id),
        ["doc-1", "doc-2", "doc-1"],
      );
      await one.return();
      await all.return();
      assert.equal(hub.subscriberCount, 0);
    });

    it("resumes after an event id: the ledger's events first, then live ones, none twice, none missed", async () => {
      const first = await acquire(1);
      for (let doc = 2; doc <= 8; doc++) await acquire(doc);
      await hub.settle();
      // Appends race the catch-up: they commit while the subscriber reads its backlog a page at a time.
      const racing = (async () => {
        for (let doc = 9; doc <= 20; doc++) await acquire(doc);
      })();
      const resumed = hub.subscribe({}, { afterEventId: first.event!.id });
      const events = await take(resumed, 19);
      await racing;
      assert.deepEqual(
        events.map((e) => e.hold.id),
        Array.from({ length: 19 }, (_, i) => `doc-${i + 2}`),
      );
      const ids = events.map((e) => BigInt(e.id));
      assert.ok(
        ids.every((id, i) => i === 0 || id > ids[i - 1]!),
        "ids strictly increase",
      );
      await resumed.return();
    });

    it("skips live events at or below an afterEventId the hub has not reached yet", async () => {
      const ahead = hub.subscribe({}, { afterEventId: "1000000" });
      const everyone = hub.subscribe({});
      await acquire(1);
      await take(everyone, 1);
      const pending = ahead.next();
      const outcome = await Promise.race([
        pending,
        new Promise((resolve) => setTimeout(() => resolve("nothing"), 200)),
      ]);
      assert.equal(outcome, "nothing");
      await ahead.return();
      assert.deepEqual(await pending, { value: undefined, done: true });
      await everyone.return();
    });

    it("drops a subscriber that stops reading once its buffer is full; the others keep receiving", async () => {
      let dropped: SubscriberTooSlow | undefined;
      const stalled = hub.subscribe({}, { onDrop: (reason) => (dropped = reason) });
      const reader = hub.subscribe({});
      const reading = take(reader, 60, 20_000);
      for (let doc = 1; doc <= 60; doc++) await acquire(doc);
      assert.equal((await reading).length, 60);
      assert.ok(dropped instanceof SubscriberTooSlow, "the stalled subscriber was dropped");
      await assert.rejects(stalled.next(), SubscriberTooSlow);
      assert.deepEqual(await stalled.next(), { value: undefined, done: true });
      assert.equal(hub.subscriberCount, 1);
      await reader.return();
    });

    it("ends every subscription when it closes", async () => {
      const subscription = hub.subscribe({});
      const pending = subscription.next();
      await hub.close();
      assert.deepEqual(await pending, { value: undefined, done: true });
      assert.throws(() => hub.subscribe({}), /closed/);
      hub = await HoldEventHub.start(t.db, ledger.events, { bufferLimit: 50 });
    });

    if (driver.name === "postgres") {
      it("delivers an event appended through another replica's connection", async () => {
        const replica = new PostgresDatabase({ url: t.url! });
        try {
          const other = await Ledger.over(replica);
          const subscription = hub.subscribe({ holdIds: ["doc-7"] });
          const started = Date.now();
          await other.recorder.record(documentLock(7), { kind: "ACQUIRED" });
          const [event] = await take(subscription, 1, 1_000);
          assert.equal(event?.hold.id, "doc-7");
          assert.ok(Date.now() - started < 1_000);
          await subscription.return();
        } finally {
          await replica.close();
        }
      });
    }
  });
}
