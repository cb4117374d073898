import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "graphql-ws";
import pg from "pg";
import { WebSocket } from "ws";
import { Provider } from "../../src/domain/providers.js";
import { associate } from "../../src/vendors/superoffice/simulator.js";
import { CATALOG, LOCKGRAPH, post } from "../support/supergraph.js";
import { startTopology, type Topology } from "./topology.js";

const kooDrive = (user: string) => ({
  "x-koodrive-authorization": `Bearer ${user}`,
  "x-koodrive-user-id": user,
});
const superOffice = (user: string) => ({ "x-superoffice-authorization": `Bearer ${user}` });

const CHECK_OUT = "mutation($id: Int!) { checkOutDocument(documentId: $id) { id state holder { id } } }";
const DOCUMENT_LOCK = "query($id: Int!) { documentLock(documentId: $id) { id state holder { id } } }";
const CHECK_IN = "mutation($id: Int!) { checkInDocument(documentId: $id) { id state } }";

const KOODRIVE_LOCK = "id state expiresAt";
const ACQUIRE_BACKUP = `mutation { acquireBackupLock(module: ALBUM) { ${KOODRIVE_LOCK} } }`;
const RENEW = `mutation($id: ID!) { renewLock(id: $id) { ${KOODRIVE_LOCK} } }`;
const RELEASE = `mutation($id: ID!) { releaseLock(id: $id) { ${KOODRIVE_LOCK} } }`;
const LOCK = `query($id: ID!) { lock(id: $id) { ${KOODRIVE_LOCK} } }`;

interface KooDriveLock {
  id: string;
  state: string;
  expiresAt: string;
}

interface LockAnswer {
  id: string;
  state: string;
  holder: { id: string } | null;
}

/** Two LockGraph replicas on one PostgreSQL behind HAProxy, Apollo Gateway in front (docs/deploy.md). */
describe("two replicas behind HAProxy and Apollo Gateway", () => {
  let topology: Topology;
  const direct = (replica: number) => `${topology.replicas[replica]!.base}/graphql`;

  before(async () => {
    topology = await startTopology({ replicas: 2, gateway: true });
  });
  after(() => topology?.close());

  it("two replicas started at once on an empty database both become ready, and HAProxy sees both UP", async () => {
    for (const replica of topology.replicas) {
      const ready = await fetch(`${replica.base}/readyz`);
      assert.equal(ready.status, 200, `${replica.name}: ${replica.output()}`);
    }

    const servers = await topology.loadBalancer.servers();

    assert.deepEqual(
      servers.map(({ name, status }) => ({ name, status })),
      [
        { name: "replica1", status: "UP" },
        { name: "replica2", status: "UP" },
      ],
    );
  });

  it("spreads requests through the load balancer over both replicas", async () => {
    const before = await topology.loadBalancer.servers();

    for (let i = 0; i < 6; i++) await post(topology.lockgraphUrl, "{ __typename }");

    const after = await topology.loadBalancer.servers();
    const served = after.map((s, i) => s.sessions - before[i]!.sessions);
    // Round robin gives 3 and 3; a health check missed on a busy machine may shift one or two.
    assert.equal(served[0]! + served[1]!, 6);
    assert.ok(
      served.every((n) => n > 0),
      `one replica served nothing: ${served}`,
    );
  });

  it("a checkout taken on replica 1 is read on both, and checked in through the pair", async () => {
    const taken = await post<{ checkOutDocument: LockAnswer }>(
      direct(0),
      CHECK_OUT,
      { id: 501 },
      superOffice("alice"),
    );

    const reads = await Promise.all([
      post<{ documentLock: LockAnswer }>(direct(1), DOCUMENT_LOCK, { id: 501 }, superOffice("bob")),
      post<{ documentLock: LockAnswer }>(
        topology.lockgraphUrl,
        DOCUMENT_LOCK,
        { id: 501 },
        superOffice("bob"),
      ),
      post<{ documentLock: LockAnswer }>(
        topology.lockgraphUrl,
        DOCUMENT_LOCK,
        { id: 501 },
        superOffice("bob"),
      ),
    ]);
    const released = await post<{ checkInDocument: LockAnswer }>(
      topology.lockgraphUrl,
      CHECK_IN,
      { id: 501 },
      superOffice("alice"),
    );
    const afterwards = await post<{ documentLock: LockAnswer | null }>(
      direct(1),
      DOCUMENT_LOCK,
      { id: 501 },
      superOffice("alice"),
    );

    assert.equal(taken.data?.checkOutDocument.state, "HELD", JSON.stringify(taken));
    for (const read of reads) {
      assert.equal(read.errors, undefined);
      assert.equal(read.data?.documentLock.id, taken.data?.checkOutDocument.id);
      assert.equal(read.data?.documentLock.holder?.id, String(associate("alice").AssociateId));
    }
    assert.equal(released.data?.checkInDocument.state, "RELEASED");
    assert.equal(afterwards.data?.documentLock, null);
  });

  it("shows a checkout taken on replica 1 in the supergraph, and bob's conflict with LockGraph's extensions and serviceName", async () => {
    const [checkedOut] = CATALOG.documents;
    const taken = await post<{ checkOutDocument: LockAnswer }>(
      direct(0),
      CHECK_OUT,
      { id: Number(checkedOut!.id) },
      superOffice("alice"),
    );

    const documents = await post<{ documents: Array<{ id: string; lock: LockAnswer | null }> }>(
      topology.gatewayUrl!,
      "{ documents { id lock { id state holder { id } } } }",
      {},
      superOffice("bob"),
    );
    const bobs = await post(
      topology.gatewayUrl!,
      CHECK_OUT,
      { id: Number(checkedOut!.id) },
      superOffice("bob"),
    );

    assert.equal(documents.errors, undefined);
    assert.deepEqual(documents.data?.documents[0], {
      id: checkedOut!.id,
      lock: taken.data?.checkOutDocument,
    });
    assert.equal(documents.data?.documents[1]?.lock, null);
    assert.deepEqual(
      bobs.errors?.map(({ path, extensions }) => ({
        path,
        code: extensions.code,
        provider: extensions.provider,
        serviceName: extensions.serviceName,
      })),
      [
        {
          path: ["checkOutDocument"],
          code: "LOCK_CONFLICT",
          provider: "SUPEROFFICE",
          serviceName: LOCKGRAPH,
        },
      ],
    );
  });

  it("a KooDrive lock taken on replica 1 is read on replica 2 and renewed and released through HAProxy (the ledger, shared)", async () => {
    const taken = await post<{ acquireBackupLock: KooDriveLock }>(
      direct(0),
      ACQUIRE_BACKUP,
      {},
      kooDrive("erin"),
    );
    const id = taken.data?.acquireBackupLock.id;
    assert.ok(id, JSON.stringify(taken));

    const readOnTwo = await post<{ lock: KooDriveLock }>(direct(1), LOCK, { id }, kooDrive("erin"));
    // Two renewals through round robin: one on each replica.
    const renewals = [
      await post<{ renewLock: KooDriveLock }>(topology.lockgraphUrl, RENEW, { id }, kooDrive("erin")),
      await post<{ renewLock: KooDriveLock }>(topology.lockgraphUrl, RENEW, { id }, kooDrive("erin")),
    ];
    const released = await post<{ releaseLock: KooDriveLock }>(
      topology.lockgraphUrl,
      RELEASE,
      { id },
      kooDrive("erin"),
    );
    const afterwards = await post<{ lock: KooDriveLock | null }>(direct(1), LOCK, { id }, kooDrive("erin"));

    assert.deepEqual(readOnTwo.data?.lock, taken.data?.acquireBackupLock);
    for (const renewal of renewals) {
      assert.equal(renewal.errors, undefined, JSON.stringify(renewal.errors));
      assert.equal(renewal.data?.renewLock.id, id);
      assert.equal(renewal.data?.renewLock.state, "HELD");
    }
    assert.equal(released.data?.releaseLock.state, "RELEASED", JSON.stringify(released));
    assert.equal(afterwards.data?.lock ?? null, null);
  });

  it("a subscription through HAProxy sees the events of both replicas, whichever caused them", async () => {
    const live = createClient({
      url: topology.lockgraphUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: superOffice("bob"),
    });
    const events: Array<{ kind: string; operation: string }> = [];
    const failures: unknown[] = [];
    live.subscribe<{ holdEvents: { kind: string; operation: string } }>(
      {
        query:
          'subscription { holdEvents(filter: { resources: [{ kind: DOCUMENT, id: "601" }] }) { kind operation } }',
      },
      {
        next: ({ data }) => data && events.push(data.holdEvents),
        error: (error) => failures.push(error),
        complete: () => undefined,
      },
    );
    try {
      await sleep(500); // the subscription's access check at SuperOffice, then it listens
      const out = await post(direct(0), CHECK_OUT, { id: 601 }, superOffice("alice"));
      const back = await post(direct(1), CHECK_IN, { id: 601 }, superOffice("alice"));
      assert.equal(out.errors ?? back.errors, undefined, JSON.stringify([out, back]));
      await waitUntil(async () => events.length >= 2 || failures.length > 0, 5_000);

      assert.deepEqual(failures, []);
      assert.deepEqual(events, [
        { kind: "ACQUIRED", operation: "checkOutDocument" },
        { kind: "RELEASED", operation: "checkInDocument" },
      ]);
    } finally {
      await live.dispose();
    }
  });

  it("lists, through the gateway and HAProxy, a hold taken on replica 1 and one taken on replica 2", async () => {
    const taken = [
      await post<{ checkOutDocument: LockAnswer }>(direct(0), CHECK_OUT, { id: 611 }, superOffice("alice")),
      await post<{ checkOutDocument: LockAnswer }>(direct(1), CHECK_OUT, { id: 612 }, superOffice("alice")),
    ].map((answer) => answer.data?.checkOutDocument.id);
    const HOLDS = `query($filter: HoldFilter) { holds(filter: $filter, first: 100) {
      edges { node { id state ... on Lock { resource { id } } } } } }`;
    const resources = ["611", "612"].map((id) => ({ kind: "DOCUMENT", id }));
    // Twice through HAProxy (round robin: one listing from each replica), and once through the gateway.
    const listings = [
      await post<{ holds: { edges: Array<{ node: { id: string } }> } }>(
        topology.gatewayUrl!,
        HOLDS,
        { filter: { resources } },
        superOffice("alice"),
      ),
      await post<{ holds: { edges: Array<{ node: { id: string } }> } }>(
        topology.lockgraphUrl,
        HOLDS,
        { filter: { resources } },
        superOffice("alice"),
      ),
      await post<{ holds: { edges: Array<{ node: { id: string } }> } }>(
        topology.lockgraphUrl,
        HOLDS,
        { filter: { resources } },
        superOffice("alice"),
      ),
    ];

    assert.ok(taken.every(Boolean), JSON.stringify(taken));
    for (const listing of listings) {
      assert.equal(listing.errors, undefined, JSON.stringify(listing.errors));
      assert.deepEqual(listing.data?.holds.edges.map((e) => e.node.id).sort(), [...taken].sort());
    }
  });

  it("with PostgreSQL cut off for 5 s: /readyz 503 and acquires LEDGER_UNAVAILABLE with no vendor call; then full service, no restart", async () => {
    const superOfficeSimulator = topology.simulators!.get(Provider.SUPEROFFICE);
    const cutAt = Date.now();
    topology.databaseProxy.cut();
    try {
      await waitUntil(async () => {
        const states = await Promise.all(
          topology.replicas.map((r) => fetch(`${r.base}/readyz`).then((x) => x.status)),
        );
        return states.every((status) => status === 503);
      }, 4_000);
      superOfficeSimulator.resetCalls();
      const refused = await Promise.all(
        topology.replicas.map((_, i) => post(direct(i), CHECK_OUT, { id: 700 + i }, superOffice("frank"))),
      );

      for (const answer of refused)
        assert.deepEqual(
          answer.errors?.map((e) => e.extensions.code),
          ["LEDGER_UNAVAILABLE"],
          JSON.stringify(answer),
        );
      assert.equal(
        superOfficeSimulator.callCount,
        0,
        "an acquire reached the vendor while the ledger was down",
      );
      await sleep(Math.max(0, 5_000 - (Date.now() - cutAt)));
    } finally {
      topology.databaseProxy.restore();
    }

    await topology.loadBalancer.waitFor("UP", undefined, 15_000);
    const acquired = await Promise.all(
      topology.replicas.map((_, i) =>
        post<{ checkOutDocument: LockAnswer }>(direct(i), CHECK_OUT, { id: 710 + i }, superOffice("frank")),
      ),
    );
    const throughBalancer = await post<{ checkOutDocument: LockAnswer }>(
      topology.lockgraphUrl,
      CHECK_OUT,
      { id: 720 },
      superOffice("frank"),
    );

    for (const answer of [...acquired, throughBalancer])
      assert.equal(answer.data?.checkOutDocument.state, "HELD", JSON.stringify(answer));
    for (const replica of topology.replicas)
      assert.equal(
        replica.child.exitCode ?? replica.child.signalCode,
        null,
        `${replica.name} did not stay up`,
      );
  });

  // Last: it leaves one replica running.
  it("SIGTERM to a replica under steady load through HAProxy: no request fails, no ledger row is lost", async () => {
    const CLIENTS = 20;
    const SECONDS = 5;
    const outcomes: Array<{ what: string; ok: boolean; detail?: string }> = [];
    const acquired = new Map<string, number>();
    let stop = false;
    const send = async <T>(what: string, query: string, variables: Record<string, unknown>, user: string) => {
      try {
        const answer = await post<T>(topology.lockgraphUrl, query, variables, superOffice(user));
        const ok = answer.status === 200 && !answer.errors?.length;
        outcomes.push({ what, ok, detail: ok ? undefined : JSON.stringify(answer).slice(0, 300) });
        return ok ? answer.data : undefined;
      } catch (error) {
        outcomes.push({ what, ok: false, detail: `${error} (${(error as Error).cause})` });
        return undefined;
      }
    };
    // Each client its own document: check out, look it up, check in, again and again.
    const client = async (n: number) => {
      const id = 800 + n;
      const user = `load${n}`;
      while (!stop) {
        const out = await send<{ checkOutDocument: LockAnswer }>("checkOut", CHECK_OUT, { id }, user);
        if (out) acquired.set(out.checkOutDocument.id, (acquired.get(out.checkOutDocument.id) ?? 0) + 1);
        await send("lookup", DOCUMENT_LOCK, { id }, user);
        await send("checkIn", CHECK_IN, { id }, user);
      }
    };
    const running = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    await sleep(1_500);
    const stopping = topology.replicas[1]!;
    const exitCode = stopping.stop("SIGTERM");
    await sleep(SECONDS * 1_000 - 1_500);
    stop = true;
    await running;

    const failed = outcomes.filter((o) => !o.ok);
    assert.deepEqual(failed.slice(0, 5), [], `${failed.length} of ${outcomes.length} requests failed`);
    assert.ok(outcomes.length > CLIENTS * 10, `only ${outcomes.length} requests in ${SECONDS} s`);
    assert.equal(await exitCode, 0, stopping.output());
    assert.equal(acquired.size, CLIENTS, "every client's document was checked out at least once");
    const ledger = new pg.Client({ connectionString: topology.directDatabaseUrl });
    await ledger.connect();
    try {
      const { rows } = await ledger.query<{ hold_id: string; n: string }>(
        "SELECT hold_id, count(*) AS n FROM hold_events WHERE kind = 'ACQUIRED' AND hold_id = ANY($1) GROUP BY hold_id",
        [[...acquired.keys()]],
      );
      const recorded = new Map(rows.map((r) => [r.hold_id, Number(r.n)]));
      for (const [holdId, answered] of acquired)
        assert.ok(
          (recorded.get(holdId) ?? 0) >= answered,
          `${holdId}: ${answered} acquires answered, ${recorded.get(holdId) ?? 0} ACQUIRED events`,
        );
    } finally {
      await ledger.end();
    }
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(100);
  }
}
