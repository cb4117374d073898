import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createKooDriveSimulator } from "../../src/vendors/koodrive/simulator.js";
import type { Simulator } from "../../src/vendors/simulator.js";
import { createEmptyPostgresDatabase, testLedgerEnv } from "../support/databases.js";
import { startTestLockGraph } from "../support/lockgraph.js";

const FIELDS = "id state expiresAt holder { id }";
const ACQUIRE = `mutation($module: BackupModule!) { acquireBackupLock(module: $module) { ${FIELDS} } }`;
const LOCK = `query($id: ID!) { lock(id: $id) { ${FIELDS} } }`;
const RENEW = `mutation($id: ID!) { renewLock(id: $id) { ${FIELDS} } }`;
const RELEASE = `mutation($id: ID!) { releaseLock(id: $id) { ${FIELDS} } }`;
const alice = { "x-koodrive-authorization": "Bearer alice", "x-koodrive-user-id": "alice" };

interface LockResult {
  id: string;
  state: string;
  expiresAt: string | null;
}

/** Each test runs on both ledgers: the embedded one on disk, and a database on the PostgreSQL server. */
const LEDGERS: Array<{
  name: string;
  env: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>;
}> = [
  { name: "embedded", env: async () => ({ env: await testLedgerEnv(), drop: async () => undefined }) },
  {
    name: "postgres",
    env: async () => {
      const db = await createEmptyPostgresDatabase();
      return { env: { LOCKGRAPH_DATABASE_URL: db.url }, drop: db.drop };
    },
  },
];

for (const ledger of LEDGERS) {
  describe(`KooDrive from the ledger (${ledger.name})`, () => {
    // KooDrive runs outside LockGraph here, so it keeps its locks while LockGraph restarts.
    let vendor: Simulator;
    let env: Record<string, string>;
    let drop: () => Promise<void>;
    before(async () => {
      vendor = createKooDriveSimulator();
      const made = await ledger.env();
      env = { ...made.env, LOCKGRAPH_KOODRIVE_URL: await vendor.listen() };
      drop = made.drop;
    });
    after(async () => {
      await vendor.close();
      await drop();
    });

    it("a lock survives a restart: lock(id) is HELD with the same expiresAt, and renew and release work", async () => {
      const first = await startTestLockGraph(env);
      const acquired = (
        await first.request<{ acquireBackupLock: LockResult }>(ACQUIRE, { module: "FOLDER" }, alice)
      ).data?.acquireBackupLock;
      await first.close();
      assert.ok(acquired);

      const second = await startTestLockGraph(env);
      try {
        const read = await second.request<{ lock: LockResult }>(LOCK, { id: acquired.id }, alice);
        assert.equal(read.data?.lock.state, "HELD");
        assert.equal(read.data?.lock.expiresAt, acquired.expiresAt);
        const renewed = await second.request<{ renewLock: LockResult }>(RENEW, { id: acquired.id }, alice);
        assert.equal(renewed.data?.renewLock.state, "HELD", JSON.stringify(renewed.errors));
        const released = await second.request<{ releaseLock: LockResult }>(
          RELEASE,
          { id: acquired.id },
          alice,
        );
        assert.equal(released.data?.releaseLock.state, "RELEASED", JSON.stringify(released.errors));
        assert.equal(
          (await second.request<{ lock: null }>(LOCK, { id: acquired.id }, alice)).data?.lock,
          null,
        );
      } finally {
        await second.close();
      }
    });

    it("an acquire answered after the caller's timeout is recorded, and the next acquire answers it", async () => {
      const lockgraph = await startTestLockGraph(env);
      try {
        vendor.latencyMs = 1_200; // past the 500 ms upstream timeout of the test server
        const late = await lockgraph.request(ACQUIRE, { module: "ALBUM" }, alice);
        assert.equal(late.errors?.[0]?.extensions.code, "UPSTREAM_TIMEOUT");
        const holds = lockgraph.container.ledger.holds;
        const deadline = Date.now() + 10_000;
        let recorded = (
          await holds.page({ providers: ["KOODRIVE"], resources: [{ kind: "BACKUP", id: "101" }] }, 5)
        ).holds;
        while (recorded.length === 0 && Date.now() < deadline) {
          await sleep(100);
          recorded = (
            await holds.page({ providers: ["KOODRIVE"], resources: [{ kind: "BACKUP", id: "101" }] }, 5)
          ).holds;
        }
        assert.equal(recorded.length, 1, "the late answer is in the ledger");
        vendor.latencyMs = 0;

        const again = await lockgraph.request<{ acquireBackupLock: LockResult }>(
          ACQUIRE,
          { module: "ALBUM" },
          alice,
        );

        assert.equal(again.errors, undefined);
        assert.equal(again.data?.acquireBackupLock.id, recorded[0]?.hold.id);
      } finally {
        vendor.latencyMs = 0;
        await lockgraph.close();
      }
    });

    it("a release answered after the caller's timeout is recorded: the lock is RELEASED, not left HELD", async () => {
      const lockgraph = await startTestLockGraph(env);
      try {
        const acquired = (
          await lockgraph.request<{ acquireBackupLock: LockResult }>(
            ACQUIRE,
            { module: "ADDRESS_BOOK" },
            alice,
          )
        ).data?.acquireBackupLock;
        assert.ok(acquired);
        vendor.latencyMs = 1_200; // past the 500 ms upstream timeout of the test server
        const late = await lockgraph.request(RELEASE, { id: acquired.id }, alice);
        assert.equal(late.errors?.[0]?.extensions.code, "UPSTREAM_TIMEOUT");
        const { ledger } = lockgraph.container;
        const deadline = Date.now() + 10_000;
        while ((await ledger.holds.get(acquired.id))?.state !== "RELEASED" && Date.now() < deadline)
          await sleep(100);
        assert.equal(
          (await ledger.holds.get(acquired.id))?.state,
          "RELEASED",
          "the late answer is in the ledger",
        );
        const kinds = (await ledger.events.history(acquired.id, 10)).events.map((e) => e.kind);
        assert.deepEqual(
          kinds,
          ["ACQUIRED", "RELEASED"],
          "no refusal recorded for the timeout the caller saw",
        );
        vendor.latencyMs = 0;
        const read = await lockgraph.request<{ lock: LockResult | null }>(LOCK, { id: acquired.id }, alice);
        assert.equal(read.data?.lock, null, "KooDrive's lock is read from the ledger: gone");
      } finally {
        vendor.latencyMs = 0;
        await lockgraph.close();
      }
    });
  });
}
