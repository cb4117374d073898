import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { Provider } from "../../src/domain/providers.js";
import type { Simulator } from "../../src/vendors/simulator.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

const LOCK = "id provider state level resource { kind id objectIds } holder { id }";
const PAGE = `edges { cursor node { ${LOCK} } } pageInfo { hasNextPage endCursor }`;

interface LockResult {
  id: string;
  provider: string;
  state: string;
  level: string;
  resource: { kind: string; id: string; objectIds: string[] | null };
  holder: { id: string } | null;
}

interface PageResult {
  edges: Array<{ cursor: string; node: LockResult }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const objects = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `0x${(from + i).toString(16)}`);

describe("iModels locks over HTTP", () => {
  let lockgraph: TestLockGraph;
  let simulator: Simulator;
  const as = (user: string) => ({ "x-imodels-authorization": `Bearer ${user}` });

  const acquire = (
    iModelId: string,
    briefcaseId: number,
    level: string,
    objectIds: string[],
    user = "alice",
  ) =>
    lockgraph.request<{ acquireIModelLocks: LockResult }>(
      `mutation($input: AcquireIModelLocksInput!) { acquireIModelLocks(input: $input) { ${LOCK} } }`,
      { input: { iModelId, briefcaseId, level, objectIds } },
      as(user),
    );
  const iModelLocks = (iModelId: string, variables: Record<string, unknown> = {}, user = "alice") =>
    lockgraph.request<{ iModelLocks: PageResult }>(
      `query($iModelId: ID!, $briefcaseId: Int, $level: LockLevel, $first: Int, $after: String) {
        iModelLocks(iModelId: $iModelId, briefcaseId: $briefcaseId, level: $level, first: $first, after: $after) { ${PAGE} }
      }`,
      { iModelId, first: 50, ...variables },
      as(user),
    );

  before(async () => {
    lockgraph = await startTestLockGraph();
    simulator = lockgraph.simulators.get(Provider.IMODELS);
  });
  afterEach(() => simulator.clearFaults());
  after(() => lockgraph.close());

  it("acquire, list, read by id, releaseLock by id: the Lock is RELEASED and lock(id) is null afterwards", async () => {
    const acquired = await acquire("e2e-1", 2, "EXCLUSIVE", ["0x1", "0x2"]);
    const listed = await iModelLocks("e2e-1");
    const id = acquired.data?.acquireIModelLocks.id;

    const released = await lockgraph.request<{ releaseLock: LockResult }>(
      `mutation($id: ID!) { releaseLock(id: $id) { ${LOCK} } }`,
      { id },
      as("alice"),
    );
    const read = await lockgraph.request<{ lock: LockResult | null }>(
      `query($id: ID!) { lock(id: $id) { id } }`,
      { id },
      as("alice"),
    );

    assert.deepEqual(acquired.data?.acquireIModelLocks, {
      id,
      provider: "IMODELS",
      state: "HELD",
      level: "EXCLUSIVE",
      resource: { kind: "IMODEL", id: "e2e-1", objectIds: ["0x1", "0x2"] },
      holder: { id: "2" },
    });
    assert.deepEqual(
      listed.data?.iModelLocks.edges.map((edge) => edge.node.id),
      [id],
    );
    assert.equal(released.data?.releaseLock.state, "RELEASED");
    assert.equal(released.data?.releaseLock.id, id);
    assert.equal(read.data?.lock, null);
    assert.equal(read.errors, undefined);
  });

  it("bob contending for alice's exclusive object gets LOCK_CONFLICT with conflictingLocks, provider and upstream", async () => {
    await acquire("e2e-2", 2, "EXCLUSIVE", ["0x1"]);
    const conflict = await acquire("e2e-2", 3, "EXCLUSIVE", ["0x1"], "bob");

    const error = conflict.errors?.[0];
    assert.equal(error?.extensions.code, "LOCK_CONFLICT");
    assert.equal(error?.extensions.provider, "IMODELS");
    assert.deepEqual(error?.extensions.upstream, {
      status: 409,
      code: "ConflictWithAnotherUser",
      message: "Lock(s) is owned by another briefcase.",
    });
    assert.deepEqual(error?.extensions.conflictingLocks, [
      { objectId: "0x1", lockLevel: "exclusive", briefcaseIds: [2] },
    ]);
  });

  it("acquires 2,500 objects in 3 PATCH calls, and releaseIModelLocks reports the 3 release chunks it took", async () => {
    simulator.resetCalls();
    const acquired = await acquire("e2e-3", 7, "SHARED", objects(1, 2500));
    const patches = simulator.callsTo("PATCH").length;

    const released = await lockgraph.request<{
      releaseIModelLocks: { iModelId: string; briefcaseId: number; chunks: number };
    }>(
      'mutation { releaseIModelLocks(input: { iModelId: "e2e-3", briefcaseId: 7 }) { iModelId briefcaseId chunks } }',
      {},
      as("alice"),
    );

    assert.equal(acquired.data?.acquireIModelLocks.resource.objectIds?.length, 2500);
    assert.equal(patches, 3);
    assert.deepEqual(released.data?.releaseIModelLocks, { iModelId: "e2e-3", briefcaseId: 7, chunks: 3 });
    assert.deepEqual((await iModelLocks("e2e-3")).data?.iModelLocks.edges, []);
  });

  it("pages with first and after, each Lock once", async () => {
    for (const briefcaseId of [2, 3, 4])
      await acquire("e2e-4", briefcaseId, "SHARED", objects(briefcaseId * 0x100, 3));

    const first = await iModelLocks("e2e-4", { first: 2 });
    const rest = await iModelLocks("e2e-4", { first: 2, after: first.data?.iModelLocks.pageInfo.endCursor });

    assert.deepEqual(
      first.data?.iModelLocks.edges.map((edge) => edge.node.holder?.id),
      ["2", "3"],
    );
    assert.equal(first.data?.iModelLocks.pageInfo.hasNextPage, true);
    assert.deepEqual(
      rest.data?.iModelLocks.edges.map((edge) => edge.node.holder?.id),
      ["4"],
    );
    assert.equal(rest.data?.iModelLocks.pageInfo.hasNextPage, false);
  });

  it("resolves IModel.locks for another subgraph through _entities", async () => {
    await acquire("e2e-5", 2, "SHARED", ["0x1"]);
    const result = await lockgraph.request<{ _entities: Array<{ id: string; locks: PageResult }> }>(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on IModel { id locks(level: SHARED) { ${PAGE} } } } }`,
      { representations: [{ __typename: "IModel", id: "e2e-5" }] },
      as("alice"),
    );

    assert.equal(result.errors, undefined);
    assert.deepEqual(
      result.data?._entities[0]?.locks.edges.map((edge) => edge.node.resource),
      [{ kind: "IMODEL", id: "e2e-5", objectIds: ["0x1"] }],
    );
  });

  it("refuses first outside 1..100 and object ids that are not Id64 strings, without calling iModels", async () => {
    simulator.resetCalls();
    const page = await iModelLocks("e2e-6", { first: 101 });
    const acquired = await acquire("e2e-6", 2, "SHARED", ["not-an-id"]);

    assert.equal(page.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
    assert.equal(acquired.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
    assert.equal(simulator.callCount, 0);
  });

  it("without X-IModels-Authorization: UNAUTHENTICATED with provider IMODELS", async () => {
    const result = await lockgraph.request('{ iModelLocks(iModelId: "e2e-7") { edges { cursor } } }');

    assert.equal(result.errors?.[0]?.extensions.code, "UNAUTHENTICATED");
    assert.equal(result.errors?.[0]?.extensions.provider, "IMODELS");
  });
});
