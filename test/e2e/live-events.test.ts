import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { createClient } from "graphql-ws";
import { WebSocket } from "ws";
import {
  createLockGraphLiveClient,
  type LiveHoldEvent,
  type LockGraphLiveClient,
} from "../../client/live.js";
import type { LockGraphCredentials } from "../../client/authorization.js";
import { ORACLE_CONTENT_WORLD } from "../../src/vendors/oracle-content/simulator.js";
import { Ledger } from "../../src/ledger/ledger.js";
import { PostgresDatabase } from "../../src/ledger/pg-database.js";
import { createEmptyPostgresDatabase } from "../support/databases.js";
import { documentLock } from "../support/holds.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

const OPERATOR_TOKEN = randomBytes(16).toString("hex");
/** How long a dropped subscriber has to read the close frame (LOCKGRAPH_WS_SLOW_CONSUMER_GRACE_MS). */
const SLOW_CONSUMER_GRACE_MS = 2_000;
const CHECK_OUT = "mutation ($documentId: Int!) { checkOutDocument(documentId: $documentId) { id } }";
const CHECK_IN = "mutation ($documentId: Int!) { checkInDocument(documentId: $documentId) { id } }";
const ACQUIRE_BACKUP = "mutation { acquireBackupLock(module: ALBUM) { id expiresAt } }";
const superOffice = (user: string) => ({ "x-superoffice-authorization": `Bearer ${user}` });

/** Events as one subscription receives them, with a way to wait for the next few. */
class Received {
  readonly events: LiveHoldEvent[] = [];
  errors: unknown;
  private wake: () => void = () => undefined;

  push(event: LiveHoldEvent): void {
    this.events.push(event);
    this.wake();
  }

  fail(error: unknown): void {
    this.errors = error;
    this.wake();
  }

  /** Resolves once `n` events arrived, or rejects after `ms` saying how many did. */
  async atLeast(n: number, ms = 5_000): Promise<LiveHoldEvent[]> {
    const deadline = Date.now() + ms;
    while (this.events.length < n && this.errors === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.events.length} of ${n} events within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (this.errors !== undefined && this.events.length < n)
      throw new Error(`failed: ${JSON.stringify(this.errors)}`);
    return this.events.slice(0, n);
  }

  /** Resolves with the errors the subscription ended with. */
  async refusal(ms = 5_000): Promise<Array<{ message: string; extensions: { code: string } }>> {
    const deadline = Date.now() + ms;
    while (this.errors === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(Array.isArray(this.errors), `refused with GraphQL errors, got ${JSON.stringify(this.errors)}`);
    return this.errors as never;
  }
}

function liveClient(
  lockgraph: TestLockGraph,
  options: { credentials?: LockGraphCredentials; operator?: boolean },
) {
  return createLockGraphLiveClient(`http://127.0.0.1:${lockgraph.port}/graphql`, {
    credentials: options.credentials,
    operatorToken: options.operator ? OPERATOR_TOKEN : undefined,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
}

function subscribe(client: LockGraphLiveClient, variables: Parameters<LockGraphLiveClient["holdEvents"]>[0]) {
  const received = new Received();
  const stop = client.holdEvents(variables, {
    next: (e) => received.push(e),
    error: (e) => received.fail(e),
  });
  return { received, stop };
}

/** Lets a subscription's start (access check, registration) finish before the test acts. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe("live hold events over a real WebSocket, two replicas on one PostgreSQL database", () => {
  let database: { url: string; drop(): Promise<void> };
  let first: TestLockGraph;
  let second: TestLockGraph;
  const clients: LockGraphLiveClient[] = [];
  const client = (lockgraph: TestLockGraph, options: Parameters<typeof liveClient>[1]) => {
    const made = liveClient(lockgraph, options);
    clients.push(made);
    return made;
  };

  before(async () => {
    database = await createEmptyPostgresDatabase();
    const env = {
      LOCKGRAPH_DATABASE_URL: database.url,
      LOCKGRAPH_OPERATOR_TOKENS: OPERATOR_TOKEN,
      LOCKGRAPH_LEASE_SWEEP_MS: "100",
      // Every KooDrive lease (10 minutes) is within the window from the start: EXPIRING comes at once.
      LOCKGRAPH_EXPIRY_WARNING_SECONDS: "900",
      LOCKGRAPH_SUBSCRIPTION_BUFFER: "20",
      LOCKGRAPH_WS_SLOW_CONSUMER_GRACE_MS: String(SLOW_CONSUMER_GRACE_MS),
    };
    first = await startTestLockGraph(env);
    // The second replica talks to the first one's simulators: one set of vendors, as in production.
    const vendors = Object.fromEntries(
      first.simulators.providers.map((p) => [`LOCKGRAPH_${p}_URL`, first.simulators.url(p)]),
    );
    second = await startTestLockGraph({ ...env, ...vendors });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  it("shows another user's check-out of a document within a second, then its check-in", async () => {
    const bob = client(first, { credentials: { superOffice: "Bearer bob" } });
    const { received, stop } = subscribe(bob, { filter: { resources: [{ kind: "DOCUMENT", id: "401" }] } });
    await settle();
    await first.request(CHECK_OUT, { documentId: 400 }, superOffice("alice")); // another document: filtered out
    const answered = Date.now();
    assert.equal(
      (await first.request(CHECK_OUT, { documentId: 401 }, superOffice("alice"))).errors,
      undefined,
    );
    const [acquired] = await received.atLeast(1, 1_000);
    assert.ok(Date.now() - answered < 1_000);
    assert.equal(acquired?.kind, "ACQUIRED");
    assert.equal(acquired?.hold.resource.id, "401");
    assert.equal(acquired?.operation, "checkOutDocument");
    await first.request(CHECK_IN, { documentId: 401 }, superOffice("alice"));
    const events = await received.atLeast(2);
    assert.deepEqual(
      events.map((e) => e.kind),
      ["ACQUIRED", "RELEASED"],
    );
    stop();
  });

  it("refuses an unfiltered subscription from anyone but an operator, naming the header", async () => {
    const bob = client(first, { credentials: { superOffice: "Bearer bob" } });
    const [error] = await subscribe(bob, {}).received.refusal();
    assert.equal(error?.extensions.code, "FORBIDDEN");
    assert.match(error?.message ?? "", /X-LockGraph-Authorization/);
  });

  it("refuses a subscriber whose Oracle credential cannot read a link-only file", async () => {
    const bob = client(first, { credentials: { oracleContent: "Bearer bob" } });
    const filter = { resources: [{ kind: "FILE" as const, id: ORACLE_CONTENT_WORLD.unsharedFileId }] };
    const [error] = await subscribe(bob, { filter }).received.refusal();
    assert.equal(error?.extensions.code, "FORBIDDEN");
    const nobody = client(first, {});
    const [missing] = await subscribe(nobody, { filter }).received.refusal();
    assert.equal(missing?.extensions.code, "UNAUTHENTICATED");
  });

  it("resumes after event 1 with exactly events 2 to 5, in order", async () => {
    const filter = { resources: [{ kind: "DOCUMENT" as const, id: "420" }] };
    const bob = client(first, { credentials: { superOffice: "Bearer bob" } });
    const live = subscribe(bob, { filter });
    await settle();
    await first.request(CHECK_OUT, { documentId: 420 }, superOffice("alice"));
    const [one] = await live.received.atLeast(1);
    live.stop();
    await first.request(CHECK_IN, { documentId: 420 }, superOffice("alice"));
    await first.request(CHECK_OUT, { documentId: 420 }, superOffice("carol"));
    await first.request(CHECK_IN, { documentId: 420 }, superOffice("carol"));
    await first.request(CHECK_OUT, { documentId: 420 }, superOffice("alice"));
    const resumed = subscribe(client(second, { credentials: { superOffice: "Bearer bob" } }), {
      filter,
      afterEventId: one?.id,
    });
    const events = await resumed.received.atLeast(4);
    await first.request(CHECK_IN, { documentId: 420 }, superOffice("alice")); // live after the backlog
    const all = await resumed.received.atLeast(5);
    assert.deepEqual(
      all.map((e) => [e.kind, e.hold.holder?.id ?? null]),
      [
        ["RELEASED", events[0]?.hold.holder?.id ?? null],
        ["ACQUIRED", events[1]?.hold.holder?.id ?? null],
        ["RELEASED", events[2]?.hold.holder?.id ?? null],
        ["ACQUIRED", events[3]?.hold.holder?.id ?? null],
        ["RELEASED", all[4]?.hold.holder?.id ?? null],
      ],
    );
    assert.deepEqual(
      all.map((e) => e.kind),
      ["RELEASED", "ACQUIRED", "RELEASED", "ACQUIRED", "RELEASED"],
    );
    assert.equal(new Set(all.map((e) => e.id)).size, 5, "none twice");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(resumed.received.events.length, 5, "nothing more");
    resumed.stop();
  });

  it("gives one event one id: Query.holdEvents, Hold.history and the subscription agree, and it resumes", async () => {
    const filter = { resources: [{ kind: "DOCUMENT" as const, id: "440" }] };
    const live = subscribe(client(first, { operator: true }), { filter });
    await settle();
    const out = await first.request<{ checkOutDocument: { id: string } }>(
      CHECK_OUT,
      { documentId: 440 },
      superOffice("alice"),
    );
    const operator = { ...superOffice("alice"), "x-lockgraph-authorization": `Bearer ${OPERATOR_TOKEN}` };
    const [acquired] = await live.received.atLeast(1);
    const held = await first.request<{
      lock: { history: { edges: Array<{ node: { id: string } }> } } | null;
    }>(
      "query ($id: ID!) { lock(id: $id) { history { edges { node { id } } } } }",
      { id: out.data?.checkOutDocument.id },
      operator,
    );
    assert.deepEqual(
      held.data?.lock?.history.edges.map((e) => e.node.id),
      [acquired?.id],
      `Hold.history has the delivered id: ${JSON.stringify(held)}`,
    );
    await first.request(CHECK_IN, { documentId: 440 }, superOffice("alice"));
    const delivered = await live.received.atLeast(2);
    live.stop();
    const listed = await first.request<{ holdEvents: { edges: Array<{ node: { id: string } }> } }>(
      "query ($filter: HoldEventFilter) { holdEvents(filter: $filter) { edges { node { id } } } }",
      { filter },
      operator,
    );
    const ids = listed.data?.holdEvents.edges.map((e) => e.node.id);
    assert.deepEqual(
      ids,
      delivered.map((e) => e.id),
      `the query lists the ids the subscription delivered: ${JSON.stringify(listed.errors)}`,
    );
    // The ACQUIRED event's id as the query listed it resumes a subscription right after it.
    const resumed = subscribe(client(second, { operator: true }), { filter, afterEventId: ids?.[0] });
    const [next] = await resumed.received.atLeast(1);
    assert.equal(resumed.received.errors, undefined);
    assert.equal(next?.id, ids?.[1]);
    assert.equal(next?.kind, "RELEASED");
    resumed.stop();
  });

  it("runs a selection that reads the subscriber's context (Hold.history) for each subscriber", async () => {
    const query = `subscription { holdEvents(filter: { resources: [{ kind: DOCUMENT, id: "450" }] }) {
      kind hold { history { edges { node { kind } } } } } }`;
    const watchers = [0, 1].map(() => {
      const socket = createClient({
        url: `ws://127.0.0.1:${first.port}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { "X-LockGraph-Authorization": `Bearer ${OPERATOR_TOKEN}` },
      });
      const received: unknown[] = [];
      socket.subscribe(
        { query },
        { next: (r) => received.push(r), error: (e) => received.push(e), complete: () => {} },
      );
      return { socket, received };
    });
    try {
      await settle();
      await first.request(CHECK_OUT, { documentId: 450 }, superOffice("alice"));
      for (let i = 0; i < 100 && watchers.some((w) => w.received.length < 1); i++) await settle();
      for (const { received } of watchers)
        assert.deepEqual(JSON.parse(JSON.stringify(received)), [
          {
            data: {
              holdEvents: {
                kind: "ACQUIRED",
                hold: { history: { edges: [{ node: { kind: "ACQUIRED" } }] } },
              },
            },
          },
        ]);
    } finally {
      await Promise.all(watchers.map((w) => w.socket.dispose()));
    }
  });

  it("delivers an event caused on one replica to a subscriber on the other within a second", async () => {
    const watcher = client(second, { operator: true });
    const { received, stop } = subscribe(watcher, {
      filter: { resources: [{ kind: "DOCUMENT", id: "430" }] },
    });
    await settle();
    const started = Date.now();
    await first.request(CHECK_OUT, { documentId: 430 }, superOffice("alice"));
    const [event] = await received.atLeast(1, 1_000);
    assert.ok(Date.now() - started < 1_000);
    assert.equal(event?.kind, "ACQUIRED");
    stop();
  });

  it("records EXPIRING and EXPIRED of one KooDrive lock once each, with two replicas sweeping", async () => {
    const alice = { "x-koodrive-authorization": "Bearer alice", "x-koodrive-user-id": "alice" };
    const watcher = client(second, { operator: true });
    const { received, stop } = subscribe(watcher, { filter: { providers: ["KOODRIVE"] } });
    await settle();
    const acquired = await first.request<{ acquireBackupLock: { id: string } }>(ACQUIRE_BACKUP, {}, alice);
    const holdId = acquired.data?.acquireBackupLock.id;
    assert.ok(holdId, JSON.stringify(acquired.errors));
    await received.atLeast(2); // ACQUIRED, then EXPIRING at once (the window is wider than the lease)
    // The lease lapses: the ledger's copy of its end moves into the past (KooDrive's own is 10 minutes).
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      await db.query("UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = $1", [holdId]);
    } finally {
      await db.end();
    }
    await received.atLeast(3);
    await new Promise((r) => setTimeout(r, 1_000)); // several more sweeps on both replicas
    assert.deepEqual(
      received.events.map((e) => e.kind),
      ["ACQUIRED", "EXPIRING", "EXPIRED"],
    );
    stop();
  });

  /** The server's count of subscribers dropped as too slow, from /metrics. */
  const dropped = async (lockgraph: TestLockGraph) => {
    const text = await (await fetch(`http://127.0.0.1:${lockgraph.port}/metrics`)).text();
    return Number(/^lockgraph_subscribers_dropped_total (\S+)$/m.exec(text)?.[1]);
  };

  /**
   * A raw socket that subscribes and then stops reading, and another replica's writes straight
   * into the ledger (large events fill socket buffers quickly) until the server drops it.
   */
  async function stallAndFlood(documentId: number) {
    const stalled = new WebSocket(`ws://127.0.0.1:${first.port}/graphql`, "graphql-transport-ws");
    await new Promise((resolve) => stalled.once("open", resolve));
    const init = { "X-LockGraph-Authorization": `Bearer ${OPERATOR_TOKEN}` };
    const acknowledged = new Promise((resolve) => stalled.once("message", resolve));
    stalled.send(JSON.stringify({ type: "connection_init", payload: init }));
    await acknowledged; // a subscribe before connection_ack is refused (4401)
    const query = `subscription { holdEvents(filter: { resources: [{ kind: DOCUMENT, id: "${documentId}" }] }) {
      id hold { resource { objectIds } } } }`;
    stalled.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
    await settle();
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      stalled.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
    const subscribers = first.container.events.subscriberCount;
    stalled.pause(); // stops reading: the kernel's buffers fill, then the subscriber's own
    const writer = new PostgresDatabase({ url: database.url });
    const ledger = await Ledger.over(writer);
    const objectIds = Array.from({ length: 20_000 }, (_, i) => `0x${(0x20000000000 + i).toString(16)}`);
    let written = 0;
    try {
      while (first.container.events.subscriberCount >= subscribers && written < 400) {
        const state = written % 2 === 0 ? "HELD" : "RELEASED";
        const resource = { kind: "DOCUMENT" as const, id: String(documentId), objectIds };
        await ledger.recorder.record(documentLock(documentId, { state, resource }), {
          kind: state === "HELD" ? "ACQUIRED" : "RELEASED",
        });
        written++;
      }
    } finally {
      await writer.close();
    }
    assert.equal(first.container.events.subscriberCount, subscribers - 1, `dropped after ${written} events`);
    return { stalled, closed, written };
  }

  it("drops a subscriber that stops reading with 4413 once it reads again; the others keep receiving", async () => {
    const droppedBefore = await dropped(first);
    const reader = subscribe(client(first, { operator: true }), {
      filter: { resources: [{ kind: "DOCUMENT", id: "9999" }] },
    });
    await settle();
    const { stalled, closed, written } = await stallAndFlood(9999);
    stalled.resume(); // within the grace: what was sent, then the close frame
    const { code, reason } = await closed;
    assert.equal(code, 4413);
    assert.match(reason, /fell 20 events behind and was dropped; reconnect with afterEventId/);
    assert.equal(await dropped(first), droppedBefore + 1, "counted on /metrics");
    await reader.received.atLeast(written, 20_000);
    assert.equal(reader.received.errors, undefined, "the reader was not dropped");
    reader.stop();
  });

  it("cuts off a dropped subscriber that still does not read after the grace (1006, no close frame)", async () => {
    const droppedBefore = await dropped(first);
    const { stalled, closed } = await stallAndFlood(9998);
    await new Promise((r) => setTimeout(r, SLOW_CONSUMER_GRACE_MS + 500));
    stalled.resume(); // too late: the server has closed the TCP connection
    assert.equal((await closed).code, 1006);
    assert.equal(await dropped(first), droppedBefore + 1);
  });
});
