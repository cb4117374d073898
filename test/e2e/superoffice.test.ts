import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { Provider } from "../../src/domain/providers.js";
import type { Simulator } from "../../src/vendors/simulator.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

const MAX_LIST_LENGTH = 5;
const LOCK = "id provider state resource { kind id } holder { id displayName }";

interface LockResult {
  id: string;
  provider: string;
  state: string;
  resource: { kind: string; id: string };
  holder: { id: string; displayName: string | null } | null;
}

describe("SuperOffice document checkouts over HTTP", () => {
  let lockgraph: TestLockGraph;
  let simulator: Simulator;
  const as = (user: string) => ({ "x-superoffice-authorization": `Bearer ${user}` });

  const documentLock = (documentId: number, user = "alice") =>
    lockgraph.request<{ documentLock: LockResult | null }>(
      `query($documentId: Int!) { documentLock(documentId: $documentId) { ${LOCK} } }`,
      { documentId },
      as(user),
    );
  const checkOut = (documentId: number, user = "alice") =>
    lockgraph.request<{ checkOutDocument: LockResult }>(
      `mutation($documentId: Int!) { checkOutDocument(documentId: $documentId) { ${LOCK} } }`,
      { documentId },
      as(user),
    );

  before(async () => {
    lockgraph = await startTestLockGraph({ LOCKGRAPH_MAX_LIST_LENGTH: String(MAX_LIST_LENGTH) });
    simulator = lockgraph.simulators.get(Provider.SUPEROFFICE);
  });
  afterEach(() => simulator.clearFaults());
  after(() => lockgraph.close());

  it("alice checks out; bob sees her as holder and his checkout is LOCK_CONFLICT with provider and upstream", async () => {
    const { data } = await checkOut(101);
    const seenByBob = await documentLock(101, "bob");
    const conflict = await checkOut(101, "bob");

    assert.equal(data?.checkOutDocument.state, "HELD");
    assert.deepEqual(data?.checkOutDocument.resource, { kind: "DOCUMENT", id: "101" });
    assert.equal(seenByBob.data?.documentLock?.id, data?.checkOutDocument.id);
    assert.equal(seenByBob.data?.documentLock?.holder?.displayName, "Alice");
    assert.equal(conflict.errors?.[0]?.extensions.code, "LOCK_CONFLICT");
    assert.equal(conflict.errors?.[0]?.extensions.provider, "SUPEROFFICE");
    assert.deepEqual(conflict.errors?.[0]?.extensions.upstream, {
      status: 200,
      code: "CheckedOutOther",
      message: "The document is checked out by Alice.",
    });
  });

  it("checkInDocument answers RELEASED and the document is no longer checked out", async () => {
    await checkOut(102);
    const checkIn = await lockgraph.request<{ checkInDocument: LockResult }>(
      `mutation { checkInDocument(documentId: 102, versionDescription: "Final") { ${LOCK} } }`,
      {},
      as("alice"),
    );

    assert.equal(checkIn.data?.checkInDocument.state, "RELEASED");
    assert.equal((await documentLock(102)).data?.documentLock, null);
  });

  it("releaseLock by id undoes the checkout, and lock(id) is null afterwards", async () => {
    const { data } = await checkOut(103);
    const id = data?.checkOutDocument.id;

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

    assert.equal(released.data?.releaseLock.state, "RELEASED");
    assert.equal(released.data?.releaseLock.id, id);
    assert.equal(simulator.callsTo("DELETE", "/Document/103/").length, 1);
    assert.equal(read.data?.lock, null);
    assert.equal(read.errors, undefined);
  });

  it("LockingNotSupported: documentLock is null, checkOutDocument is UNSUPPORTED_OPERATION", async () => {
    const read = await documentLock(920);
    const checkout = await checkOut(920);

    assert.equal(read.data?.documentLock, null);
    assert.equal(read.errors, undefined);
    assert.equal(checkout.errors?.[0]?.extensions.code, "UNSUPPORTED_OPERATION");
    assert.equal(checkout.errors?.[0]?.extensions.provider, "SUPEROFFICE");
  });

  it("documentLocks asks each distinct id once and answers one entry per id, in order", async () => {
    await checkOut(104);
    simulator.resetCalls();

    const result = await lockgraph.request<{ documentLocks: Array<{ resource: { id: string } } | null> }>(
      "{ documentLocks(documentIds: [104, 105, 104, 104, 105]) { resource { id } } }",
      {},
      as("alice"),
    );

    assert.equal(simulator.callsTo("GET").length, 2);
    assert.deepEqual(
      result.data?.documentLocks.map((lock) => lock?.resource.id ?? null),
      ["104", null, "104", "104", null],
    );
  });

  it("an injected failure on one id errors that entry alone, at its index", async () => {
    await checkOut(106);
    await checkOut(108);
    simulator.inject({
      method: "GET",
      path: "/Document/107/",
      status: 403,
      body: {
        Error: true,
        ErrorType: "SoAccessDeniedException",
        ErrorMessage: "No access to document 107",
        ErrorSource: "DocumentAgent",
      },
    });

    const result = await lockgraph.request<{ documentLocks: Array<{ resource: { id: string } } | null> }>(
      "{ documentLocks(documentIds: [106, 107, 108]) { resource { id } } }",
      {},
      as("alice"),
    );

    assert.deepEqual(
      result.data?.documentLocks.map((lock) => lock?.resource.id ?? null),
      ["106", null, "108"],
    );
    assert.equal(result.errors?.length, 1);
    assert.deepEqual(result.errors?.[0]?.path, ["documentLocks", 1]);
    assert.equal(result.errors?.[0]?.extensions.code, "FORBIDDEN");
    assert.equal(result.errors?.[0]?.extensions.provider, "SUPEROFFICE");
  });

  it("refuses more ids than the configured bound, and a non-positive id, before any upstream call", async () => {
    simulator.resetCalls();
    const tooMany = await lockgraph.request(
      "{ documentLocks(documentIds: [1, 2, 3, 4, 5, 6]) { id } }",
      {},
      as("alice"),
    );
    const negative = await lockgraph.request(
      "{ documentLocks(documentIds: [1, -2]) { id } }",
      {},
      as("alice"),
    );

    assert.equal(tooMany.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
    assert.equal(negative.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
    assert.equal(simulator.callCount, 0);
  });

  it("Document.lock through _entities shares one read with documentLock", async () => {
    await checkOut(109);
    simulator.resetCalls();

    const result = await lockgraph.request<{
      _entities: Array<{ id: string; lock: LockResult | null }>;
      documentLock: LockResult | null;
    }>(
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Document { id lock { ${LOCK} } } }
        documentLock(documentId: 109) { id }
      }`,
      { representations: [{ __typename: "Document", id: "109" }] },
      as("alice"),
    );

    assert.equal(result.data?._entities[0]?.lock?.holder?.displayName, "Alice");
    assert.equal(result.data?._entities[0]?.lock?.id, result.data?.documentLock?.id);
    assert.equal(simulator.callsTo("GET").length, 1);
  });

  it("a Document representation whose id is not a document id is BAD_USER_INPUT", async () => {
    const result = await lockgraph.request(
      "query($r: [_Any!]!) { _entities(representations: $r) { ... on Document { lock { id } } } }",
      { r: [{ __typename: "Document", id: "../1" }] },
      as("alice"),
    );
    assert.equal(result.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
  });

  it("answers NOT_FOUND for an unknown document and UNAUTHENTICATED without the credential header", async () => {
    const unknown = await documentLock(5000);
    const anonymous = await lockgraph.request("{ documentLock(documentId: 1) { id } }");

    assert.equal(unknown.errors?.[0]?.extensions.code, "NOT_FOUND");
    assert.equal(anonymous.errors?.[0]?.extensions.code, "UNAUTHENTICATED");
  });
});
