import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { Provider } from "../../src/domain/providers.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

const LOCK_FIELDS = "id provider resource { kind id } level state holder { id } acquiredAt expiresAt";
const ACQUIRE = `mutation($module: BackupModule!) { acquireBackupLock(module: $module) { ${LOCK_FIELDS} } }`;
const LOCK = `query($id: ID!) { lock(id: $id) { ${LOCK_FIELDS} } }`;
const RENEW = `mutation($id: ID!) { renewLock(id: $id) { ${LOCK_FIELDS} } }`;
const RELEASE = `mutation($id: ID!) { releaseLock(id: $id) { ${LOCK_FIELDS} } }`;
const TEN_MINUTES = 10 * 60_000;

interface LockResult {
  id: string;
  provider: string;
  resource: { kind: string; id: string };
  level: string;
  state: string;
  holder: { id: string } | null;
  acquiredAt: string | null;
  expiresAt: string | null;
}

/** The caller's KooDrive headers: the token (either accepted form) and the user id. */
const koodrive = (user: string, token = `Bearer ${user}`): Record<string, string> => ({
  "x-koodrive-authorization": token,
  "x-koodrive-user-id": user,
});

describe("KooDrive backup locks over HTTP", () => {
  let lockgraph: TestLockGraph;
  const acquired: Array<{ id: string; user: string }> = [];

  /** Takes a backup lock straight at the simulator, as a client that bypasses LockGraph would. */
  async function takeAtVendor(user: string, moduleCode: string): Promise<void> {
    const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
    const response = await fetch(
      `${lockgraph.simulators.url(Provider.KOODRIVE)}/koodrive/ose/v1/backup/lock`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer+${user}`,
          "x-user-id": user,
          "x-date": now,
          "content-type": "application/json",
        },
        body: JSON.stringify({ moduleCode }),
      },
    );
    assert.equal(response.status, 200, await response.text());
  }

  async function acquire(user: string, module: string, token?: string) {
    const result = await lockgraph.request<{ acquireBackupLock: LockResult }>(
      ACQUIRE,
      { module },
      koodrive(user, token),
    );
    if (result.data?.acquireBackupLock) acquired.push({ id: result.data.acquireBackupLock.id, user });
    return result;
  }

  before(async () => {
    lockgraph = await startTestLockGraph();
  });
  afterEach(async () => {
    lockgraph.simulators.get(Provider.KOODRIVE).clearFaults();
    // Locks a test left behind; the ones it released answer NOT_FOUND, which is fine here.
    for (const { id, user } of acquired.splice(0)) await lockgraph.request(RELEASE, { id }, koodrive(user));
  });
  after(() => lockgraph.close());

  it("acquires a module's lock, reads it by id, renews it, and releases it by id", async () => {
    const { data } = await acquire("alice", "FOLDER");
    const lock = data?.acquireBackupLock;
    assert.ok(lock);
    assert.deepEqual(
      {
        provider: lock.provider,
        resource: lock.resource,
        level: lock.level,
        state: lock.state,
        holder: lock.holder,
      },
      {
        provider: "KOODRIVE",
        resource: { kind: "BACKUP", id: "100" },
        level: "EXCLUSIVE",
        state: "HELD",
        holder: { id: "alice" },
      },
    );

    const read = await lockgraph.request<{ lock: LockResult }>(LOCK, { id: lock.id }, koodrive("alice"));
    assert.deepEqual(read.data?.lock, lock);

    const renewed = await lockgraph.request<{ renewLock: LockResult }>(
      RENEW,
      { id: lock.id },
      koodrive("alice"),
    );
    assert.equal(renewed.data?.renewLock.id, lock.id);
    assert.ok(Date.parse(renewed.data?.renewLock.expiresAt ?? "") > Date.parse(lock.expiresAt ?? ""));

    const released = await lockgraph.request<{ releaseLock: LockResult }>(
      RELEASE,
      { id: lock.id },
      koodrive("alice"),
    );
    assert.equal(released.data?.releaseLock.state, "RELEASED");
    assert.equal(
      (await lockgraph.request<{ lock: LockResult | null }>(LOCK, { id: lock.id }, koodrive("alice"))).data
        ?.lock,
      null,
    );
  });

  it("reports expiresAt 10 minutes after acquiredAt", async () => {
    const lock = (await acquire("alice", "ALBUM")).data?.acquireBackupLock;

    assert.equal(Date.parse(lock?.expiresAt ?? "") - Date.parse(lock?.acquiredAt ?? ""), TEN_MINUTES);
  });

  it("answers node(id) and _entities from LockGraph's record", async () => {
    const lock = (await acquire("alice", "ADDRESS_BOOK")).data?.acquireBackupLock;
    assert.ok(lock);

    const node = await lockgraph.request<{ node: { __typename: string; id: string } }>(
      "query($id: ID!) { node(id: $id) { __typename id } }",
      { id: lock.id },
      koodrive("alice"),
    );
    const entities = await lockgraph.request<{ _entities: Array<{ expiresAt: string }> }>(
      "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Lock { expiresAt } } }",
      { representations: [{ __typename: "Lock", id: lock.id }] },
      koodrive("alice"),
    );

    assert.deepEqual(node.data?.node, { __typename: "Lock", id: lock.id });
    assert.deepEqual(entities.data?._entities, [{ expiresAt: lock.expiresAt }]);
  });

  it("answers lock(id) null to a caller with a different KooDrive user id", async () => {
    const lock = (await acquire("alice", "FOLDER")).data?.acquireBackupLock;

    const asBob = await lockgraph.request<{ lock: LockResult | null }>(
      LOCK,
      { id: lock?.id },
      koodrive("bob"),
    );

    assert.equal(asBob.errors, undefined);
    assert.equal(asBob.data?.lock, null);
  });

  it("answers lock(id) null to a caller who names alice's user id without her token", async () => {
    const lock = (await acquire("alice", "ALBUM")).data?.acquireBackupLock;
    assert.ok(lock?.id, "alice holds the album lock");

    const impostor = await lockgraph.request<{ lock: LockResult | null }>(
      LOCK,
      { id: lock?.id },
      koodrive("alice", "Bearer not-alices-token"),
    );
    const alice = await lockgraph.request<{ lock: LockResult | null }>(
      LOCK,
      { id: lock?.id },
      koodrive("alice"),
    );

    assert.equal(impostor.data?.lock, null);
    assert.equal(alice.data?.lock?.id, lock?.id);
  });

  it("accepts the token in the vendor's own Bearer+ form as well", async () => {
    const result = await acquire("alice", "FOLDER", "Bearer+alice");

    assert.equal(result.data?.acquireBackupLock.holder?.id, "alice");
  });

  it("lets alice and bob hold the same module at once: KooDrive locks per user and module", async () => {
    const alices = await acquire("alice", "FOLDER");
    const bobs = await acquire("bob", "FOLDER");

    assert.equal(alices.data?.acquireBackupLock.state, "HELD");
    assert.equal(bobs.data?.acquireBackupLock.state, "HELD");
  });

  it("answers the user's own live module lock when the same user and credential acquire it again", async () => {
    const first = (await acquire("alice", "ADDRESS_BOOK")).data?.acquireBackupLock;

    const again = await acquire("alice", "ADDRESS_BOOK");

    assert.equal(again.errors, undefined);
    assert.equal(again.data?.acquireBackupLock.id, first?.id);
  });

  it("gives LOCK_CONFLICT with provider and upstream for a live module lock taken behind LockGraph's back", async () => {
    await takeAtVendor("alice", "101");

    const second = await acquire("alice", "ALBUM");

    const [error] = second.errors ?? [];
    assert.equal(error?.extensions.code, "LOCK_CONFLICT");
    assert.equal(error?.extensions.provider, "KOODRIVE");
    assert.deepEqual(error?.extensions.upstream, {
      status: 409,
      code: "13000409",
      message: "A backup lock on module 101 is already held.",
    });
  });

  it("answers NOT_FOUND when bob releases alice's lock", async () => {
    const lock = (await acquire("alice", "FOLDER")).data?.acquireBackupLock;

    const result = await lockgraph.request(RELEASE, { id: lock?.id }, koodrive("bob"));

    assert.equal(result.errors?.[0]?.extensions.code, "NOT_FOUND");
  });

  it("answers UNAUTHENTICATED without X-KooDrive-User-Id, and calls nobody", async () => {
    const simulator = lockgraph.simulators.get(Provider.KOODRIVE);
    simulator.resetCalls();

    const result = await lockgraph.request(
      ACQUIRE,
      { module: "FOLDER" },
      { "x-koodrive-authorization": "Bearer alice" },
    );

    assert.equal(result.errors?.[0]?.extensions.code, "UNAUTHENTICATED");
    assert.equal(simulator.callCount, 0);
  });

  it("answers UNSUPPORTED_OPERATION to renewLock on another provider's lock", async () => {
    const referenceData = { "x-reference-data-authorization": "Bearer alice" };
    const locked = await lockgraph.request<{ lockReferenceData: { id: string } }>(
      "mutation { lockReferenceData(clientId: 7) { id } }",
      {},
      referenceData,
    );
    const id = locked.data?.lockReferenceData.id;

    const result = await lockgraph.request(RENEW, { id }, referenceData);
    await lockgraph.request(RELEASE, { id }, referenceData);

    assert.equal(result.errors?.[0]?.extensions.code, "UNSUPPORTED_OPERATION");
    assert.equal(result.errors?.[0]?.extensions.provider, "REFERENCE_DATA");
  });
});
