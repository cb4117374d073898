import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { ClientError } from "graphql-request";
import { createLockGraphClient } from "../../client/index.js";
import { Provider } from "../../src/domain/providers.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

describe("reference-data locks over HTTP, through the typed SDK", () => {
  let lockgraph: TestLockGraph;
  const alice = () => createLockGraphClient(lockgraph.url, { referenceData: "Bearer alice" });
  const bob = () => createLockGraphClient(lockgraph.url, { referenceData: "Bearer bob" });

  before(async () => {
    lockgraph = await startTestLockGraph();
  });
  afterEach(async () => {
    lockgraph.simulators.get(Provider.REFERENCE_DATA).clearFaults();
    const { referenceDataLock } = await alice().ReferenceDataLock({ clientId: 1 });
    if (referenceDataLock) await alice().ReleaseLock({ id: referenceDataLock.id });
  });
  after(() => lockgraph.close());

  it("locks, reads the status, and releases by id", async () => {
    const { lockReferenceData: acquired } = await alice().LockReferenceData({ clientId: 1 });
    assert.equal(acquired!.state, "HELD");
    assert.equal(acquired!.holder?.id, "alice");

    const { referenceDataLock: status } = await alice().ReferenceDataLock({ clientId: 1 });
    assert.equal(status?.id, acquired!.id);

    const { releaseLock } = await alice().ReleaseLock({ id: acquired!.id });
    assert.equal(releaseLock!.state, "RELEASED");
    assert.equal((await alice().ReferenceDataLock({ clientId: 1 })).referenceDataLock, null);
  });

  it("answers lock(id) and node(id) live, and null once released", async () => {
    const { lockReferenceData: acquired } = await alice().LockReferenceData({ clientId: 1 });
    assert.equal((await alice().Lock({ id: acquired!.id })).lock?.holder?.id, "alice");
    const node = await lockgraph.request<{ node: { __typename: string; id: string } }>(
      "query($id: ID!) { node(id: $id) { __typename id } }",
      { id: acquired!.id },
      { "x-reference-data-authorization": "Bearer alice" },
    );
    assert.deepEqual(node.data?.node, { __typename: "Lock", id: acquired!.id });

    await alice().ReleaseLock({ id: acquired!.id });
    assert.equal((await alice().Lock({ id: acquired!.id })).lock, null);
  });

  it("gives the second user LOCK_CONFLICT with provider and upstream", async () => {
    await alice().LockReferenceData({ clientId: 1 });
    const error = await bob()
      .LockReferenceData({ clientId: 1 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ClientError);
    const [first] = error.response.errors ?? [];
    assert.equal(first?.extensions?.code, "LOCK_CONFLICT");
    assert.equal(first?.extensions?.provider, "REFERENCE_DATA");
    assert.deepEqual(first?.extensions?.upstream, {
      status: 409,
      code: "409",
      message: "Conflict: Locking conflict",
    });
  });

  it("answers UNAUTHENTICATED without the provider's credential header", async () => {
    const result = await lockgraph.request("{ referenceDataLock(clientId: 1) { id } }");
    assert.equal(result.errors?.[0]?.extensions.code, "UNAUTHENTICATED");
  });

  it("answers NOT_FOUND for an unknown client and BAD_USER_INPUT for a non-positive one", async () => {
    const headers = { "x-reference-data-authorization": "Bearer alice" };
    const unknown = await lockgraph.request("{ referenceDataLock(clientId: 5000) { id } }", {}, headers);
    const negative = await lockgraph.request("{ referenceDataLock(clientId: -1) { id } }", {}, headers);
    assert.equal(unknown.errors?.[0]?.extensions.code, "NOT_FOUND");
    assert.equal(negative.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
  });

  it("answers BAD_USER_INPUT for an id that is not LockGraph's", async () => {
    const result = await lockgraph.request(
      'mutation { releaseLock(id: "not-an-id") { id } }',
      {},
      { "x-reference-data-authorization": "Bearer alice" },
    );
    assert.equal(result.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
  });

  it("never echoes the credential, even when the vendor does", async () => {
    const secret = "Bearer eyJ-very-secret-token";
    lockgraph.simulators.get(Provider.REFERENCE_DATA).inject({
      status: 401,
      body: {
        status: "error",
        code: 401,
        message: "Authentication failed",
        details: `token ${secret} rejected`,
      },
    });
    const response = await fetch(lockgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-reference-data-authorization": secret },
      body: JSON.stringify({ query: "{ referenceDataLock(clientId: 1) { id } }" }),
    });
    const text = await response.text();
    assert.match(text, /UNAUTHENTICATED/);
    assert.ok(!text.includes("eyJ-very-secret-token"), text);
  });
});
