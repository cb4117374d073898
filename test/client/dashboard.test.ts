import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createLockGraphClient, type LockGraphClient } from "../../client/index.js";
import { ORACLE_CONTENT_WORLD } from "../../src/vendors/oracle-content/simulator.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

/** What a dashboard does with the typed SDK: take locks at several vendors, then ask who holds what. */
describe("a dashboard through the typed SDK", () => {
  let lockgraph: TestLockGraph;
  let alice: LockGraphClient;
  let bob: LockGraphClient;
  const credentials = (user: string) => ({
    referenceData: `Bearer ${user}`,
    iModels: `Bearer ${user}`,
    superOffice: `Bearer ${user}`,
    kooDrive: `Bearer ${user}`,
    kooDriveUserId: user,
    oracleContent: `Bearer ${user}`,
  });

  before(async () => {
    lockgraph = await startTestLockGraph();
    alice = createLockGraphClient(lockgraph.url, credentials("alice"));
    bob = createLockGraphClient(lockgraph.url, credentials("bob"));
  });
  after(() => lockgraph.close());

  it("shows each document's holder, in the order asked, with null for free ones", async () => {
    await alice.CheckOutDocument({ documentId: 41 });
    await bob.CheckOutDocument({ documentId: 43 });

    const { documentLocks } = await alice.DocumentLocks({ documentIds: [41, 42, 43] });

    assert.deepEqual(
      documentLocks!.map((lock) => lock?.holder?.displayName ?? null),
      ["Alice", null, "Bob"],
    );
  });

  it("reserves and releases a file, then shows it free", async () => {
    const fileId = ORACLE_CONTENT_WORLD.sharedFileId;
    const { reserveFile } = await alice.ReserveFile({ fileId });
    assert.equal(reserveFile!.state, "HELD");

    const { unreserveFile } = await alice.UnreserveFile({ fileId });
    assert.equal(unreserveFile!.state, "RELEASED");
    assert.deepEqual((await alice.FileReservations({ fileIds: [fileId] })).fileReservations, [null]);
  });

  it("pages an iModel's locks and releases one by its id", async () => {
    const objectIds = ["0x1", "0x2", "0x3"];
    const { acquireIModelLocks } = await alice.AcquireIModelLocks({
      input: { iModelId: "dashboard-imodel", briefcaseId: 11, level: "EXCLUSIVE", objectIds },
    });
    assert.deepEqual(acquireIModelLocks!.resource.objectIds, objectIds);

    const page = await alice.IModelLocks({ iModelId: "dashboard-imodel", first: 10 });
    assert.deepEqual(
      page.iModelLocks!.edges.map((edge) => edge.node.id),
      [acquireIModelLocks!.id],
    );

    const { releaseLock } = await alice.ReleaseLock({ id: acquireIModelLocks!.id });
    assert.equal(releaseLock!.state, "RELEASED");
  });

  it("renews a backup lock: its expiry moves forward", async () => {
    const { acquireBackupLock } = await alice.AcquireBackupLock({ module: "ADDRESS_BOOK" });
    const { renewLock } = await alice.RenewLock({ id: acquireBackupLock!.id });
    assert.ok(Date.parse(renewLock!.expiresAt!) >= Date.parse(acquireBackupLock!.expiresAt!));
    await alice.ReleaseLock({ id: acquireBackupLock!.id });
  });
});
