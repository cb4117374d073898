import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ErrorCode } from "../../src/domain/errors.js";
import { Provider } from "../../src/domain/providers.js";
import { ORACLE_CONTENT_WORLD } from "../../src/vendors/oracle-content/simulator.js";
import { credentialsFor } from "../support/canonical-calls.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

/** Issue 12, item 1: one vendor's failure nulls its own field, never its siblings. */
describe("partial answers", () => {
  let lockgraph: TestLockGraph;

  before(async () => {
    lockgraph = await startTestLockGraph();
  });
  after(() => lockgraph.close());

  it("a document reading five vendors, one failing, answers the other four", async () => {
    const iModels = lockgraph.simulators.get(Provider.IMODELS);
    iModels.inject({
      method: "GET",
      path: "/imodels/",
      status: 403,
      body: { error: { code: "InsufficientPermissions" } },
    });
    try {
      const result = await lockgraph.request(
        `query ($fileId: ID!) {
          referenceDataLock(clientId: 501) { id }
          documentLocks(documentIds: [501]) { id }
          iModelLocks(iModelId: "partial-imodel") { edges { cursor } }
          fileReservations(fileIds: [$fileId]) { id }
          lock(id: "WyJMb2NrIiwiS09PRFJJVkUiLCJub25lQDEwMCJd") { id }
        }`,
        { fileId: ORACLE_CONTENT_WORLD.sharedFileId },
        credentialsFor("partial-reader"),
      );
      assert.equal(result.status, 200);
      assert.deepEqual(result.data, {
        referenceDataLock: null,
        documentLocks: [null],
        iModelLocks: null,
        fileReservations: [null],
        lock: null,
      });
      assert.deepEqual(
        result.errors?.map((e) => [e.path, e.extensions.code, e.extensions.provider]),
        [[["iModelLocks"], ErrorCode.FORBIDDEN, Provider.IMODELS]],
      );
    } finally {
      iModels.clearFaults();
    }
  });

  it("two acquires in one document, one refused, return the lock the other took", async () => {
    const bob = credentialsFor("partial-bob");
    await lockgraph.request("mutation { checkOutDocument(documentId: 502) { id } }", {}, bob);

    const alice = credentialsFor("partial-alice");
    const result = await lockgraph.request<{ lockReferenceData: { id: string; state: string } | null }>(
      `mutation {
        checkOutDocument(documentId: 502) { id }
        lockReferenceData(clientId: 502) { id state }
      }`,
      {},
      alice,
    );
    assert.equal(result.data?.lockReferenceData?.state, "HELD");
    assert.equal((result.data as Record<string, unknown>).checkOutDocument, null);
    assert.deepEqual(
      result.errors?.map((e) => [e.path, e.extensions.code]),
      [[["checkOutDocument"], ErrorCode.LOCK_CONFLICT]],
    );
  });
});
