import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { PROVIDERS, Provider } from "../../src/domain/providers.js";
import { credentialsFor } from "../support/canonical-calls.js";
import { createEmptyPostgresDatabase } from "../support/databases.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const OPERATOR_TOKEN = "operator-token-for-tests-0001";
const operator = { "x-lockgraph-authorization": `Bearer ${OPERATOR_TOKEN}` };
const HOLDS = `query($verify: Boolean, $filter: HoldFilter) {
  holds(verify: $verify, filter: $filter) { edges { node { id provider state holder { id } acquiredAt observedAt } } }
}`;
const EVENTS = `query($filter: HoldEventFilter) {
  holdEvents(filter: $filter) { edges { node { kind operation errorCode hold { id state } } } }
}`;

interface HoldsResult {
  holds: {
    edges: Array<{
      node: { id: string; provider: string; state: string; acquiredAt: string | null; observedAt: string };
    }>;
  } | null;
}
interface EventsResult {
  holdEvents: { edges: Array<{ node: { kind: string; operation: string | null } }> } | null;
}

const ACQUIRES: Array<[string, Record<string, unknown>]> = [
  ["mutation { lockReferenceData(clientId: 41) { id } }", {}],
  [
    "mutation($input: AcquireIModelLocksInput!) { acquireIModelLocks(input: $input) { id } }",
    { input: { iModelId: "ledger-imodel", briefcaseId: 7, level: "EXCLUSIVE", objectIds: ["0x1"] } },
  ],
  ["mutation { checkOutDocument(documentId: 41) { id } }", {}],
  ["mutation { acquireBackupLock(module: FOLDER) { id } }", {}],
  [`mutation { reserveFile(fileId: "DA${"41".padStart(42, "0")}") { id } }`, {}],
];

/** The holds' events once `count` of them are in (reads record in the background), or after 5 s. */
async function recordedEvents(lockgraph: TestLockGraph, holdIds: unknown[], count: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const events = await lockgraph.request<EventsResult>(EVENTS, { filter: { holdIds } }, operator);
    if ((events.data?.holdEvents?.edges.length ?? 0) >= count || Date.now() > deadline) return events;
    await sleep(20);
  }
}

describe("who holds what, from the ledger", () => {
  let lockgraph: TestLockGraph;
  const vendorCalls = () => PROVIDERS.reduce((sum, p) => sum + lockgraph.simulators.get(p).callCount, 0);
  before(async () => {
    lockgraph = await startTestLockGraph({ LOCKGRAPH_OPERATOR_TOKENS: OPERATOR_TOKEN });
  });
  after(() => lockgraph.close());

  it("lists alice's holds at all five vendors in one query; bob sees only what his credentials can read", async () => {
    for (const [mutation, variables] of ACQUIRES) {
      const result = await lockgraph.request(mutation, variables, credentialsFor("alice"));
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    }

    const alices = await lockgraph.request<HoldsResult>(HOLDS, {}, credentialsFor("alice"));
    const providers = alices.data?.holds?.edges.map((e) => e.node.provider).sort();
    assert.deepEqual(providers, [...PROVIDERS].sort());
    for (const { node } of alices.data?.holds?.edges ?? [])
      assert.ok(node.acquiredAt, `${node.provider} acquiredAt`);

    const { [`x-oracle-content-authorization`]: _oracle, ...bobWithoutOracle } = credentialsFor("bob");
    const bobs = await lockgraph.request<HoldsResult>(HOLDS, {}, bobWithoutOracle);
    const seen = bobs.data?.holds?.edges.map((e) => e.node.provider) ?? [];
    assert.equal(seen.includes(Provider.KOODRIVE), false, "alice's backup lock is hers alone");
    assert.equal(seen.includes(Provider.ORACLE_CONTENT), false, "no Oracle credential, no Oracle hold");
    assert.ok(seen.includes(Provider.SUPEROFFICE), "bob can read the document's checkout");
  });

  it("records a KooDrive lock's ACQUIRED, RENEWED and RELEASED in order, each with its operation", async () => {
    const alice = credentialsFor("alice");
    const acquired = await lockgraph.request<{ acquireBackupLock: { id: string } }>(
      "mutation { acquireBackupLock(module: ALBUM) { id } }",
      {},
      alice,
    );
    const id = acquired.data?.acquireBackupLock.id;
    await lockgraph.request("mutation($id: ID!) { renewLock(id: $id) { id } }", { id }, alice);
    await lockgraph.request("mutation($id: ID!) { releaseLock(id: $id) { id } }", { id }, alice);

    const events = await lockgraph.request<EventsResult>(EVENTS, { filter: { holdIds: [id] } }, operator);

    assert.deepEqual(
      events.data?.holdEvents?.edges.map((e) => [e.node.kind, e.node.operation]),
      [
        ["ACQUIRED", "acquireBackupLock"],
        ["RENEWED", "renewLock"],
        ["RELEASED", "releaseLock"],
      ],
    );
  });

  it("a checkout released behind LockGraph's back is OBSERVED_RELEASED on the next verified read", async () => {
    const alice = credentialsFor("alice");
    const out = await lockgraph.request<{ checkOutDocument: { id: string } }>(
      "mutation { checkOutDocument(documentId: 42) { id } }",
      {},
      alice,
    );
    const id = out.data?.checkOutDocument.id;
    const vendor = lockgraph.simulators.url(Provider.SUPEROFFICE);
    const undo = await fetch(`${vendor}/api/v1/Document/42/Lock`, {
      method: "DELETE",
      headers: { authorization: "Bearer alice" },
    });
    assert.equal(undo.status, 200);

    const holds = await lockgraph.request<HoldsResult>(HOLDS, {}, alice);

    assert.equal(
      holds.data?.holds?.edges.some((e) => e.node.id === id),
      false,
    );
    const events = await recordedEvents(lockgraph, [id], 2);
    assert.deepEqual(
      events.data?.holdEvents?.edges.map((e) => e.node.kind),
      ["ACQUIRED", "OBSERVED_RELEASED"],
    );
  });

  it("a checkout taken behind LockGraph's back and then read is OBSERVED_HELD", async () => {
    const vendor = lockgraph.simulators.url(Provider.SUPEROFFICE);
    const taken = await fetch(`${vendor}/api/v1/Document/43/Lock`, {
      method: "POST",
      headers: { authorization: "Bearer alice" },
    });
    assert.equal(taken.status, 200);

    const read = await lockgraph.request<{ documentLock: { id: string } }>(
      "query { documentLock(documentId: 43) { id } }",
      {},
      credentialsFor("alice"),
    );

    const id = read.data?.documentLock.id;
    const events = await recordedEvents(lockgraph, [id], 1);
    assert.deepEqual(
      events.data?.holdEvents?.edges.map((e) => [e.node.kind, e.node.operation]),
      [["OBSERVED_HELD", null]],
    );
  });

  it("a failing vendor is named in holds.failures, in words, while the other vendors' holds stay", async () => {
    const alice = credentialsFor("alice");
    for (const mutation of [
      "mutation { checkOutDocument(documentId: 44) { id } }",
      `mutation { reserveFile(fileId: "DA${"44".padStart(42, "0")}") { id } }`,
    ]) {
      const taken = await lockgraph.request(mutation, {}, alice);
      assert.equal(taken.errors, undefined, JSON.stringify(taken.errors));
    }
    const oracle = lockgraph.simulators.get(Provider.ORACLE_CONTENT);
    oracle.inject({ kind: "html", status: 503 });
    try {
      const result = await lockgraph.request<HoldsResult & { holds: { failures: unknown[] } }>(
        `query { holds(filter: { providers: [SUPEROFFICE, ORACLE_CONTENT] }) {
          edges { node { provider } } failures { provider code message } } }`,
        {},
        alice,
      );
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const providers = new Set(result.data?.holds?.edges.map((e) => e.node.provider));
      assert.deepEqual(
        [...providers],
        [Provider.SUPEROFFICE],
        "Oracle's holds cannot be verified, so are left out",
      );
      const [failure, ...more] = result.data?.holds?.failures as Array<Record<string, string>>;
      assert.equal(more.length, 0, "one failure per vendor, however many of its holds were candidates");
      assert.equal(failure?.provider, Provider.ORACLE_CONTENT);
      assert.equal(failure?.code, "UPSTREAM_UNAVAILABLE");
      assert.match(failure?.message ?? "", /\w+ \w+/);
    } finally {
      oracle.clearFaults();
    }
  });

  it("a verified read that confirms what the ledger has moves each hold's observedAt and adds no event", async () => {
    const alice = credentialsFor("alice");
    const ids: string[] = [];
    for (const doc of [71, 72, 73]) {
      const taken = await lockgraph.request<{ checkOutDocument: { id: string } }>(
        `mutation { checkOutDocument(documentId: ${doc}) { id } }`,
        {},
        alice,
      );
      ids.push(taken.data?.checkOutDocument.id ?? "");
    }
    const ledgerView = async () => {
      const page = await lockgraph.request<HoldsResult>(
        HOLDS,
        { verify: false, filter: { providers: ["SUPEROFFICE"] } },
        operator,
      );
      const edges = page.data?.holds?.edges ?? [];
      return new Map(edges.filter((e) => ids.includes(e.node.id)).map((e) => [e.node.id, e.node.observedAt]));
    };
    const before = await ledgerView();
    await sleep(20);

    await lockgraph.request(HOLDS, { filter: { providers: ["SUPEROFFICE"] } }, alice);

    let after = await ledgerView();
    for (let tries = 0; tries < 50 && [...after].some(([id, at]) => at === before.get(id)); tries++) {
      await sleep(20);
      after = await ledgerView();
    }
    for (const id of ids) assert.ok(after.get(id)! > before.get(id)!, `${id}'s observedAt moved`);
    const events = await lockgraph.request<EventsResult>(EVENTS, { filter: { holdIds: ids } }, operator);
    assert.deepEqual(
      events.data?.holdEvents?.edges.map((e) => e.node.kind),
      ["ACQUIRED", "ACQUIRED", "ACQUIRED"],
    );
  });

  it("verifies an iModel briefcase's SHARED and EXCLUSIVE locks with one list of that briefcase", async () => {
    const alice = credentialsFor("alice");
    for (const level of ["SHARED", "EXCLUSIVE"]) {
      const taken = await lockgraph.request(
        "mutation($input: AcquireIModelLocksInput!) { acquireIModelLocks(input: $input) { id } }",
        {
          input: {
            iModelId: "verify-imodel",
            briefcaseId: 3,
            level,
            objectIds: [level === "SHARED" ? "0xa" : "0xb"],
          },
        },
        alice,
      );
      assert.equal(taken.errors, undefined, JSON.stringify(taken.errors));
    }
    const imodels = lockgraph.simulators.get(Provider.IMODELS);
    const before = imodels.callsTo("GET", "/imodels/verify-imodel/locks").length;
    const result = await lockgraph.request<HoldsResult>(
      `query { holds(filter: { resources: [{ kind: IMODEL, id: "verify-imodel" }] }) { edges { node { id provider } } } }`,
      {},
      alice,
    );
    assert.equal(result.data?.holds?.edges.length, 2);
    assert.equal(imodels.callsTo("GET", "/imodels/verify-imodel/locks").length - before, 1);
  });

  it("re-acquiring your own live KooDrive lock answers it and adds no second ACQUIRED to its history", async () => {
    const alice = credentialsFor("alice");
    const acquire = "mutation { acquireBackupLock(module: ADDRESS_BOOK) { id expiresAt } }";
    const first = await lockgraph.request<{ acquireBackupLock: { id: string } }>(acquire, {}, alice);
    const again = await lockgraph.request<{ acquireBackupLock: { id: string } }>(acquire, {}, alice);
    assert.equal(again.errors, undefined, JSON.stringify(again.errors));
    assert.deepEqual(again.data?.acquireBackupLock, first.data?.acquireBackupLock);
    const id = first.data?.acquireBackupLock.id;
    const events = await lockgraph.request<EventsResult>(EVENTS, { filter: { holdIds: [id] } }, operator);
    assert.deepEqual(
      events.data?.holdEvents?.edges.map((e) => e.node.kind),
      ["ACQUIRED"],
    );
  });

  for (const [field, query] of [
    ["holds(verify: false)", "query { holds(verify: false) { edges { node { id } } } }"],
    ["holdEvents", "query { holdEvents { edges { node { id } } } }"],
  ]) {
    it(`${field} refuses without an operator token, naming the header, with no vendor call`, async () => {
      const before = vendorCalls();
      for (const headers of [
        credentialsFor("alice"),
        { ...credentialsFor("alice"), "x-lockgraph-authorization": "Bearer wrong-token-000000" },
      ]) {
        const result = await lockgraph.request(query, {}, headers);
        assert.equal(result.errors?.[0]?.extensions.code, "FORBIDDEN");
        assert.match(result.errors?.[0]?.message ?? "", /X-LockGraph-Authorization/);
      }
      assert.equal(vendorCalls(), before);
      const allowed = await lockgraph.request(query, {}, operator);
      assert.equal(allowed.errors, undefined);
      assert.equal(vendorCalls(), before, "the ledger alone answers operators");
    });
  }
});

describe("the ledger's database down and back (PostgreSQL behind a TCP proxy)", () => {
  let lockgraph: TestLockGraph;
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  before(async () => {
    const db = await createEmptyPostgresDatabase();
    drop = db.drop;
    const url = new URL(db.url);
    proxy = await startTcpProxy("127.0.0.1", Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    lockgraph = await startTestLockGraph({ LOCKGRAPH_DATABASE_URL: url.toString() });
  });
  after(async () => {
    await lockgraph.close();
    await proxy.close();
    await drop();
  });

  it("refuses acquires with no vendor call, answers reads, readyz 503; recovers within 10 s without a restart", async () => {
    const alice = credentialsFor("alice");
    const ready = () => fetch(lockgraph.url.replace(/\/graphql$/, "/readyz")).then((r) => r.status);
    const superOffice = lockgraph.simulators.get(Provider.SUPEROFFICE);
    proxy.cut();
    const deadline = Date.now() + 10_000;
    while ((await ready()) !== 503 && Date.now() < deadline) await sleep(100);
    assert.equal(await ready(), 503);

    superOffice.resetCalls();
    const refused = await lockgraph.request(
      "mutation { checkOutDocument(documentId: 51) { id } }",
      {},
      alice,
    );
    assert.equal(refused.errors?.[0]?.extensions.code, "LEDGER_UNAVAILABLE");
    assert.equal(superOffice.callCount, 0);
    const read = await lockgraph.request("query { documentLock(documentId: 51) { id } }", {}, alice);
    assert.equal(read.errors, undefined);

    proxy.restore();
    const restored = Date.now();
    let acquired = await lockgraph.request("mutation { checkOutDocument(documentId: 51) { id } }", {}, alice);
    while (acquired.errors && Date.now() - restored < 10_000) {
      await sleep(200);
      acquired = await lockgraph.request("mutation { checkOutDocument(documentId: 51) { id } }", {}, alice);
    }
    assert.equal(acquired.errors, undefined, JSON.stringify(acquired.errors));
    assert.ok(Date.now() - restored < 10_000);
    assert.equal(await ready(), 200);
  });
});

describe("starting while the ledger's PostgreSQL does not answer yet", () => {
  it("waits for it, then starts with the ledger migrated, instead of exiting", {
    timeout: 30_000,
  }, async () => {
    const db = await createEmptyPostgresDatabase();
    const url = new URL(db.url);
    const proxy = await startTcpProxy("127.0.0.1", Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    proxy.cut();
    let lockgraph: TestLockGraph | undefined;
    try {
      let started = false;
      const starting = startTestLockGraph({ LOCKGRAPH_DATABASE_URL: url.toString() }).then((lg) => {
        started = true;
        return lg;
      });
      await sleep(1_500);
      assert.equal(started, false, "no ledger, no start");
      proxy.restore();
      lockgraph = await starting;
      const taken = await lockgraph.request(
        "mutation { checkOutDocument(documentId: 61) { id } }",
        {},
        credentialsFor("alice"),
      );
      assert.equal(taken.errors, undefined, JSON.stringify(taken.errors));
    } finally {
      await lockgraph?.close();
      await proxy.close();
      await db.drop();
    }
  });
});
