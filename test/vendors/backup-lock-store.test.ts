import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupLockStore, type BackupLockRecord } from "../../src/vendors/koodrive/backup-lock-store.js";

const MINUTE = 60_000;

describe("BackupLockStore", () => {
  let time = 0;
  const clock = () => time;
  const record = (lockId: string, expiresInMs = 10 * MINUTE): BackupLockRecord => ({
    lockId,
    userId: "alice",
    owner: "hash-of-alice-and-her-token",
    moduleCode: lockId.split("@")[1] ?? "100",
    acquiredAt: new Date(time),
    expiresAt: new Date(time + expiresInMs),
  });

  it("answers a live record by lock id", async () => {
    const store = new BackupLockStore(clock);
    await store.put(record("a@100"));

    assert.equal((await store.get("a@100"))?.userId, "alice");
  });

  it("forgets a record once it has expired", async () => {
    const store = new BackupLockStore(clock);
    await store.put(record("a@100"));
    time += 10 * MINUTE;

    assert.equal(await store.get("a@100"), undefined);
  });

  it("replaces a record on put (a renewal) and keeps it past the first expiry", async () => {
    const store = new BackupLockStore(clock);
    await store.put(record("a@100"));
    time += 7 * MINUTE;
    await store.put(record("a@100"));
    time += 7 * MINUTE;

    assert.equal((await store.get("a@100"))?.expiresAt.getTime(), time + 3 * MINUTE);
  });

  it("forgets a deleted record", async () => {
    const store = new BackupLockStore(clock);
    await store.put(record("a@100"));
    await store.delete("a@100");

    assert.equal(await store.get("a@100"), undefined);
  });

  it("stays within its bound by forgetting the record that expires soonest", async () => {
    const store = new BackupLockStore(clock, 2);
    await store.put(record("a@100"));
    time += 1;
    await store.put(record("b@100"));
    time += 1;
    await store.put(record("c@100"));

    assert.deepEqual(
      await Promise.all(["a@100", "b@100", "c@100"].map(async (id) => (await store.get(id))?.lockId)),
      [undefined, "b@100", "c@100"],
    );
  });

  it("a renewal moves a record to the back of the eviction line", async () => {
    const store = new BackupLockStore(clock, 2);
    await store.put(record("a@100"));
    time += 1;
    await store.put(record("b@100"));
    time += 1;
    await store.put(record("a@100"));
    await store.put(record("c@100"));

    assert.deepEqual(
      await Promise.all(["a@100", "b@100", "c@100"].map(async (id) => (await store.get(id))?.lockId)),
      ["a@100", undefined, "c@100"],
    );
  });
});
