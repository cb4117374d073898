import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import { loadConfig } from "../../src/config.js";
import { ErrorCode } from "../../src/domain/errors.js";
import { LockLevel, LockState, ResourceKind, type Lock } from "../../src/domain/locks.js";
import type { Provider } from "../../src/domain/providers.js";
import type { LockOperations, VendorDefinition } from "../../src/vendors/definition.js";
import { pathOf, type UpstreamResponse } from "../../src/vendors/http.js";
import { lockIdCodec } from "../../src/vendors/lock-ids.js";
import { VENDORS } from "../../src/vendors/registry.js";
import { Simulator, tokenOf } from "../../src/vendors/simulator.js";
import { upstreamError } from "../../src/vendors/upstream-errors.js";
import { VendorAPI } from "../../src/vendors/vendor-api.js";
import { startInProcess, type InProcessLockGraph } from "../support/in-process.js";

/**
 * A sixth vendor, written entirely here: one folder's worth of definition, data source and
 * simulator, plugged in through the options of the container and the schema, with src/ untouched.
 */
const FAKE = "FAKE" as Provider;

interface FakeLockRef {
  provider: typeof FAKE;
  name: string;
}

const fakeLockId = lockIdCodec(
  FAKE,
  z.tuple([z.string().regex(/^[a-z]+$/)]),
  (ref: FakeLockRef): [string] => [ref.name],
  ([name]): FakeLockRef => ({ provider: FAKE, name }),
);

class FakeAPI extends VendorAPI implements LockOperations<FakeLockRef> {
  readonly provider = FAKE;

  async findLock(ref: FakeLockRef): Promise<Lock | null> {
    const headers = { authorization: this.authorization() };
    const response = await this.send({
      operation: "get",
      method: "GET",
      path: pathOf`/locks/${ref.name}`,
      headers,
      idempotent: true,
    });
    const body = this.parse(response, z.object({ holder: z.string().nullable() }));
    return body.holder === null ? null : { ...lockOf(ref, LockState.HELD), holder: { id: body.holder } };
  }

  async releaseLock(ref: FakeLockRef): Promise<Lock> {
    const headers = { authorization: this.authorization() };
    await this.send({
      operation: "release",
      method: "DELETE",
      path: pathOf`/locks/${ref.name}`,
      headers,
      idempotent: true,
    });
    return lockOf(ref, LockState.RELEASED);
  }

  protected toGraphQLError(response: UpstreamResponse) {
    return upstreamError(this.provider, response, { vendorMessage: response.text }, this.redactor);
  }
}

function lockOf(ref: FakeLockRef, state: LockState): Lock {
  const resource = { kind: ResourceKind.DOCUMENT, id: ref.name };
  return { id: fakeLockId.encode(ref), provider: FAKE, resource, level: LockLevel.EXCLUSIVE, state };
}

function createFakeSimulator(): Simulator {
  const holders = new Map([["alpha", "alice"]]);
  const pattern = /^\/locks\/(?<name>[a-z]+)$/;
  return new Simulator("fake", [
    {
      method: "GET",
      pattern,
      handle: (request) => {
        if (!tokenOf(request.headers.authorization)) return { status: 401, body: "who are you?" };
        return { status: 200, body: { holder: holders.get(request.params.name ?? "") ?? null } };
      },
    },
    {
      method: "DELETE",
      pattern,
      handle: (request) => {
        holders.delete(request.params.name ?? "");
        return { status: 204 };
      },
    },
  ]);
}

const fake: VendorDefinition<FakeLockRef, FakeAPI> = {
  provider: FAKE,
  description: "A vendor that lives in test/.",
  urlVariable: "LOCKGRAPH_FAKE_URL",
  credentialHeader: { name: "X-Fake-Authorization", sdkKey: "fake" },
  resourceKind: ResourceKind.DOCUMENT,
  lockId: fakeLockId,
  createApi: ({ client, credentials, redactor }) => new FakeAPI(client, credentials.for(FAKE), redactor),
  createSimulator: createFakeSimulator,
};

const vendors = [...VENDORS, fake];
const alphaId = fakeLockId.encode({ provider: FAKE, name: "alpha" });

describe("a vendor plugged in from test/", () => {
  let lockgraph: InProcessLockGraph;

  before(async () => {
    lockgraph = await startInProcess({}, { vendors });
  });
  after(() => lockgraph.close());

  it("gets its URL variable from its definition", () => {
    assert.throws(
      () => loadConfig({ LOCKGRAPH_FAKE_URL: "not a url" }, vendors),
      /LOCKGRAPH_FAKE_URL must be an absolute/,
    );
  });

  it("is a Provider of the schema, and lock(id) routes its id to its data source and simulator", async () => {
    const result = await lockgraph.execute(
      "query ($id: ID!) { lock(id: $id) { id provider holder { id } } }",
      { id: alphaId },
      { "X-Fake-Authorization": "Bearer alice" },
    );
    assert.deepEqual(result, { data: { lock: { id: alphaId, provider: "FAKE", holder: { id: "alice" } } } });
    assert.equal(lockgraph.container.simulators.get(FAKE).callsTo("GET", "/locks/alpha").length, 1);
  });

  it("reads its credential from its own header only", async () => {
    const result = await lockgraph.execute("query ($id: ID!) { lock(id: $id) { id } }", { id: alphaId });
    assert.equal(result.errors?.[0]?.extensions?.code, ErrorCode.UNAUTHENTICATED);
    assert.equal(result.errors?.[0]?.extensions?.provider, "FAKE");
  });

  it("releases through releaseLock, and renewLock is UNSUPPORTED_OPERATION", async () => {
    const headers = { "X-Fake-Authorization": "Bearer alice" };
    const renewed = await lockgraph.execute(
      "mutation ($id: ID!) { renewLock(id: $id) { id } }",
      { id: alphaId },
      headers,
    );
    assert.equal(renewed.errors?.[0]?.extensions?.code, ErrorCode.UNSUPPORTED_OPERATION);
    const released = await lockgraph.execute(
      "mutation ($id: ID!) { releaseLock(id: $id) { state } }",
      { id: alphaId },
      headers,
    );
    assert.deepEqual(released, { data: { releaseLock: { state: "RELEASED" } } });
    const read = await lockgraph.execute(
      "query ($id: ID!) { lock(id: $id) { id } }",
      { id: alphaId },
      headers,
    );
    assert.deepEqual(read, { data: { lock: null } });
  });
});
