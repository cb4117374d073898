import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Provider } from "../../src/domain/providers.js";
import { tokenOf } from "../../src/vendors/simulator.js";
import { credentialsFor } from "../support/canonical-calls.js";
import { startTestLockGraph, type GraphQLResult, type TestLockGraph } from "../support/lockgraph.js";

/**
 * Issue 5: two users' operations interleaved, hundreds in flight at once. No answer,
 * error or upstream credential may cross from one caller to the other.
 */
const USERS = ["alice", "bob"] as const;
type User = (typeof USERS)[number];
const ROUNDS = 60; // per user and kind of operation: 2 users x 4 kinds x 60 = 480 operations at once

const headersOf = (user: User) => credentialsFor(user);

/** Each user works on resources of their own, so whoever calls the vendor for one is known. */
const clientOf = (user: User, i: number) => (user === "alice" ? 100 : 300) + i;
const documentOf = (user: User, i: number) => (user === "alice" ? 100 : 300) + i;
const fileOf = (user: User, i: number) =>
  `D${user === "alice" ? "A" : "B"}${i.toString(16).toUpperCase().padStart(42, "0")}`;
const ownerOfNumber = (n: number): User => (n < 300 ? "alice" : "bob");

describe("two users at once", () => {
  let lockgraph: TestLockGraph;

  before(async () => {
    lockgraph = await startTestLockGraph({
      LOCKGRAPH_UPSTREAM_MAX_CONCURRENCY: "32",
      // The embedded ledger shares this process's CPU with the simulators: no timeout race here.
      LOCKGRAPH_UPSTREAM_TIMEOUT_MS: "5000",
    });
  });
  after(() => lockgraph.close());

  it(`${USERS.length * 4 * ROUNDS} interleaved operations: every answer is the caller's own`, async () => {
    const kooDriveLockIds: Record<User, string[]> = { alice: [], bob: [] };
    const operations: Array<Promise<void>> = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const user of USERS) {
        const send = <T>(query: string, variables: Record<string, unknown>) =>
          lockgraph.request<T>(query, variables, headersOf(user));
        const expectOwn = (result: GraphQLResult, holder: string | undefined, what: string) => {
          assert.equal(result.errors, undefined, `${user} ${what}: ${JSON.stringify(result.errors)}`);
          assert.ok(holder?.toLowerCase().includes(user), `${user} got someone else's ${what}: ${holder}`);
        };
        operations.push(
          send<{ lockReferenceData: { holder: { id: string } } }>(
            "mutation($c: Int!) { lockReferenceData(clientId: $c) { holder { id } } }",
            { c: clientOf(user, i) },
          ).then((r) => expectOwn(r, r.data?.lockReferenceData.holder.id, "reference-data lock")),
          send<{ checkOutDocument: { holder: { displayName: string } } }>(
            "mutation($d: Int!) { checkOutDocument(documentId: $d) { holder { displayName } } }",
            { d: documentOf(user, i) },
          ).then((r) => expectOwn(r, r.data?.checkOutDocument.holder.displayName, "checkout")),
          send<{ reserveFile: { reservedBy: { displayName: string } } }>(
            "mutation($f: ID!) { reserveFile(fileId: $f) { reservedBy { displayName } } }",
            { f: fileOf(user, i) },
          ).then((r) => expectOwn(r, r.data?.reserveFile.reservedBy.displayName, "reservation")),
          // KooDrive holds one lock per user and module: one acquire each, then reads of it.
          i === 0
            ? send<{ acquireBackupLock: { id: string; holder: { id: string } } }>(
                "mutation { acquireBackupLock(module: ALBUM) { id holder { id } } }",
                {},
              ).then((r) => {
                expectOwn(r, r.data?.acquireBackupLock.holder.id, "backup lock");
                kooDriveLockIds[user].push(r.data!.acquireBackupLock.id);
              })
            : send<{ referenceDataLock: { holder: { id: string } } | null }>(
                "query($c: Int!) { referenceDataLock(clientId: $c) { holder { id } } }",
                { c: clientOf(user, 0) },
              ).then((r) =>
                assert.ok(
                  !r.data?.referenceDataLock || r.data.referenceDataLock.holder.id === user,
                  "a read answered with another user's lock",
                ),
              ),
        );
      }
    }
    await Promise.all(operations);

    // Every vendor call carried the credential of the user whose resource it touched.
    const crossings: string[] = [];
    const check = (provider: Provider, ownerOf: (path: string) => User | undefined) => {
      for (const call of lockgraph.simulators.get(provider).calls) {
        const owner = ownerOf(call.path);
        const sender = tokenOf(call.headers.authorization, /^Bearer[ +]/);
        if (owner && sender !== owner)
          crossings.push(`${provider} ${call.method} ${call.path} sent as ${sender}`);
      }
    };
    check(Provider.REFERENCE_DATA, (path) => ownerOfNumber(Number(/clients\/(\d+)/.exec(path)?.[1])));
    check(Provider.SUPEROFFICE, (path) => ownerOfNumber(Number(/Document\/(\d+)/.exec(path)?.[1])));
    check(
      Provider.ORACLE_CONTENT,
      (path) => ({ A: "alice", B: "bob" })[/files\/D([AB])/.exec(path)?.[1] ?? ""] as User | undefined,
    );
    assert.deepEqual(crossings, []);

    // The KooDrive record is process-wide; it must still answer only its owner.
    const [aliceLock] = kooDriveLockIds.alice;
    const asBob = await lockgraph.request<{ lock: unknown }>(
      "query($id: ID!) { lock(id: $id) { id } }",
      { id: aliceLock },
      headersOf("bob"),
    );
    const asAlice = await lockgraph.request<{ lock: { id: string } | null }>(
      "query($id: ID!) { lock(id: $id) { id } }",
      { id: aliceLock },
      headersOf("alice"),
    );
    assert.equal(asBob.data?.lock, null);
    assert.equal(asAlice.data?.lock?.id, aliceLock);
  });

  it("the loser of a race for one resource gets LOCK_CONFLICT, the winner keeps it", async () => {
    const race = await Promise.all(
      USERS.flatMap((user) =>
        Array.from({ length: 20 }, () =>
          lockgraph.request(
            "mutation { lockReferenceData(clientId: 777) { holder { id } } }",
            {},
            headersOf(user),
          ),
        ),
      ),
    );
    const winners = new Set(
      race
        .filter((r) => !r.errors)
        .map(
          (r) => (r.data as { lockReferenceData: { holder: { id: string } } }).lockReferenceData.holder.id,
        ),
    );
    assert.equal(winners.size, 1, "exactly one user holds it");
    const losers = race.filter((r) => r.errors);
    assert.ok(losers.length > 0);
    for (const loser of losers) assert.equal(loser.errors?.[0]?.extensions.code, "LOCK_CONFLICT");
  });
});
