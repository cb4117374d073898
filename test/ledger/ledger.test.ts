import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CredentialBinding } from "../../src/ledger/credential-binding.js";
import { Ledger } from "../../src/ledger/ledger.js";
import { TEST_DRIVERS, type TestDatabase } from "../support/databases.js";
import { backupLock } from "../support/holds.js";

for (const driver of TEST_DRIVERS) {
  describe(`KooDrive credential binding (${driver.name})`, () => {
    let t: TestDatabase;
    let ledger: Ledger;
    before(async () => {
      t = await driver.create();
      ledger = await Ledger.over(t.db);
    });
    after(() => t.destroy());

    it("confirms the same user id and credential presented again, and nothing else", () => {
      const binding = ledger.binding.bind("alice", "Bearer s3cret-token");
      assert.equal(ledger.binding.matches(binding, "alice", "Bearer s3cret-token"), true);
      assert.equal(ledger.binding.matches(binding, "alice", "Bearer other"), false);
      assert.equal(ledger.binding.matches(binding, "bob", "Bearer s3cret-token"), false);
      assert.equal(
        ledger.binding.matches(binding, "alic", "eBearer s3cret-token"),
        false,
        "the separator keeps pairs apart",
      );
      assert.equal(ledger.binding.matches(null, "alice", "Bearer s3cret-token"), false);
    });

    it("keeps neither the credential nor the key in the hold's row", async () => {
      const credential = "Bearer s3cret-token";
      await ledger.recorder.record(backupLock("b-1", { binding: ledger.binding.bind("alice", credential) }), {
        kind: "ACQUIRED",
      });
      const { rows } = await t.db.query("SELECT * FROM holds");
      const { rows: keyRows } = await t.db.query("SELECT encode(key, 'hex') AS hex FROM ledger_secret");
      const text =
        JSON.stringify(rows) + JSON.stringify((await t.db.query("SELECT * FROM hold_events")).rows);
      assert.equal(text.includes("s3cret"), false);
      assert.equal(text.includes((keyRows[0] as { hex: string }).hex), false);
    });

    it("every handle on one ledger shares its key, so replicas agree", async () => {
      const again = await CredentialBinding.open(t.db, undefined);
      assert.equal(again.bind("alice", "Bearer x"), ledger.binding.bind("alice", "Bearer x"));
    });

    it("uses LOCKGRAPH_LEDGER_KEY instead when set, and refuses a short one", async () => {
      const configured = await CredentialBinding.open(t.db, "k".repeat(32));
      assert.notEqual(configured.bind("alice", "Bearer x"), ledger.binding.bind("alice", "Bearer x"));
      await assert.rejects(
        CredentialBinding.open(t.db, "short"),
        /LOCKGRAPH_LEDGER_KEY must be at least 32 characters/,
      );
    });
  });
}

describe("the embedded ledger on disk", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "lockgraph-ledger-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("keeps holds, events and the binding key across a restart", async () => {
    const location = { driver: "pglite", dataDir: join(dir, "nested", ".lockgraph") } as const;
    const first = await Ledger.open({ location });
    const binding = first.binding.bind("alice", "Bearer a");
    const { event } = await first.recorder.record(backupLock("b-1", { binding }), {
      kind: "ACQUIRED",
      operation: "acquireBackupLock",
    });
    await first.close();

    const second = await Ledger.open({ location });
    try {
      assert.equal((await second.holds.get("b-1"))?.state, "HELD");
      assert.equal(second.binding.matches(await second.holds.bindingOf("b-1"), "alice", "Bearer a"), true);
      assert.deepEqual(
        (await second.events.history("b-1", 10)).events.map((e) => e.id),
        [event?.id],
      );
    } finally {
      await second.close();
    }
  });
});
