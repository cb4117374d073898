import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ErrorCode } from "../../src/domain/errors.js";
import { Provider } from "../../src/domain/providers.js";
import { ORACLE_CONTENT_WORLD } from "../../src/vendors/oracle-content/simulator.js";
import { startInProcess, type InProcessLockGraph } from "../support/in-process.js";

const alice = {
  "X-Reference-Data-Authorization": "Bearer alice",
  "X-SuperOffice-Authorization": "Bearer alice",
  "X-IModels-Authorization": "Bearer alice",
  "X-Oracle-Content-Authorization": "Bearer alice",
};

describe("the schema in-process (executeOperation)", () => {
  let lockgraph: InProcessLockGraph;

  before(async () => {
    lockgraph = await startInProcess();
  });
  after(() => lockgraph.close());

  it("acquires through a mutation and reads the same lock back by its id", async () => {
    const taken = await lockgraph.execute(
      "mutation { lockReferenceData(clientId: 7) { id state holder { id } } }",
      {},
      alice,
    );
    const lock = taken.data?.lockReferenceData as { id: string; state: string; holder: { id: string } };
    assert.deepEqual({ state: lock.state, holder: lock.holder }, { state: "HELD", holder: { id: "alice" } });

    const read = await lockgraph.execute(
      "query ($id: ID!) { lock(id: $id) { id provider } }",
      { id: lock.id },
      alice,
    );
    assert.deepEqual(read.data, { lock: { id: lock.id, provider: Provider.REFERENCE_DATA } });
  });

  it("resolves Lock and File entities through _entities", async () => {
    const taken = await lockgraph.execute("mutation { checkOutDocument(documentId: 21) { id } }", {}, alice);
    const id = (taken.data?.checkOutDocument as { id: string }).id;
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Lock { id resource { kind id } }
        ... on File { id reservation { fileId } }
      }
    }`;
    const representations = [
      { __typename: "Lock", id },
      { __typename: "File", id: ORACLE_CONTENT_WORLD.sharedFileId },
    ];
    const result = await lockgraph.execute(query, { representations }, alice);
    assert.equal(result.errors, undefined);
    assert.deepEqual(result.data?._entities, [
      { id, resource: { kind: "DOCUMENT", id: "21" } },
      { id: ORACLE_CONTENT_WORLD.sharedFileId, reservation: null },
    ]);
  });

  it("refuses a Document representation that is not a SuperOffice id, with the contract's code", async () => {
    const query =
      'query { _entities(representations: [{ __typename: "Document", id: "../etc" }]) { ... on Document { id } } }';
    const result = await lockgraph.execute(query, {}, alice);
    assert.equal(result.errors?.[0]?.extensions?.code, ErrorCode.BAD_USER_INPUT);
    assert.equal(result.errors?.[0]?.extensions?.argument, "id");
  });

  it("nulls only the failed entry of a list, with the vendor's code and provider at that entry's path", async () => {
    const superOffice = lockgraph.container.simulators.get(Provider.SUPEROFFICE);
    superOffice.inject({
      method: "GET",
      path: "/Document/32/",
      status: 403,
      body: { Error: true, ErrorType: "SoAccessDenied", ErrorMessage: "no" },
    });
    try {
      const result = await lockgraph.execute(
        "{ documentLocks(documentIds: [31, 32, 33]) { id } }",
        {},
        alice,
      );
      assert.deepEqual(result.data, { documentLocks: [null, null, null] });
      assert.equal(result.errors?.length, 1);
      assert.deepEqual(result.errors?.[0]?.path, ["documentLocks", 1]);
      assert.equal(result.errors?.[0]?.extensions?.code, ErrorCode.FORBIDDEN);
      assert.equal(result.errors?.[0]?.extensions?.provider, Provider.SUPEROFFICE);
    } finally {
      superOffice.clearFaults();
    }
  });

  it("names the missing credential's provider as UNAUTHENTICATED and calls no vendor", async () => {
    const simulator = lockgraph.container.simulators.get(Provider.REFERENCE_DATA);
    simulator.resetCalls();
    const result = await lockgraph.execute("{ referenceDataLock(clientId: 1) { id } }");
    assert.equal(result.errors?.[0]?.extensions?.code, ErrorCode.UNAUTHENTICATED);
    assert.equal(result.errors?.[0]?.extensions?.provider, Provider.REFERENCE_DATA);
    assert.equal(simulator.callCount, 0);
  });

  it("refuses first outside 1..100 without calling the vendor", async () => {
    const simulator = lockgraph.container.simulators.get(Provider.IMODELS);
    simulator.resetCalls();
    for (const first of [0, 101, null]) {
      const result = await lockgraph.execute(
        'query ($first: Int) { iModelLocks(iModelId: "m1", first: $first) { edges { cursor } } }',
        { first },
        alice,
      );
      assert.deepEqual(result.errors?.[0]?.extensions, { code: ErrorCode.BAD_USER_INPUT, argument: "first" });
    }
    assert.equal(simulator.callCount, 0);
  });
  it("names the exact header to send, and points out a misspelt one", async () => {
    const bare = await lockgraph.execute("{ documentLock(documentId: 1) { id } }");
    assert.equal(
      bare.errors?.[0]?.message,
      "No credential for SUPEROFFICE: send it in the X-SuperOffice-Authorization request header.",
    );
    const typo = await lockgraph.execute(
      '{ iModelLocks(iModelId: "m1") { edges { cursor } } }',
      {},
      {
        "X-Imodel-Authorization": "Bearer alice",
      },
    );
    assert.equal(
      typo.errors?.[0]?.message,
      "No credential for IMODELS: send it in the X-IModels-Authorization request header. " +
        "This request sent x-imodel-authorization, which LockGraph does not read: did you mean X-IModels-Authorization?",
    );
    const british = await lockgraph.execute(
      "{ referenceDataLock(clientId: 1) { id } }",
      {},
      { "X-Reference-Data-Authorisation": "Bearer alice" },
    );
    assert.equal(
      british.errors?.[0]?.message,
      "No credential for REFERENCE_DATA: send it in the X-Reference-Data-Authorization request header. " +
        "This request sent x-reference-data-authorisation, which LockGraph does not read: " +
        "did you mean X-Reference-Data-Authorization?",
    );
  });
});
