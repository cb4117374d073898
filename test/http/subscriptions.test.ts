import assert from "node:assert/strict";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { createClient } from "graphql-ws";
import { WebSocket } from "ws";
import { connectionHeaders } from "../../src/http/subscriptions.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

/** The WebSocket endpoint of the server itself (the tests' recording proxy speaks HTTP only). */
const wsUrl = (lockgraph: TestLockGraph) => `ws://127.0.0.1:${lockgraph.port}/graphql`;

describe("GraphQL over WebSocket beside HTTP on /graphql", () => {
  let lockgraph: TestLockGraph;
  before(async () => {
    lockgraph = await startTestLockGraph({
      LOCKGRAPH_WS_INIT_TIMEOUT_MS: "300",
      LOCKGRAPH_WS_KEEPALIVE_MS: "200",
    });
  });
  after(() => lockgraph.close());

  it("speaks graphql-transport-ws on the HTTP port and path", async () => {
    const socket = new WebSocket(wsUrl(lockgraph), "graphql-transport-ws");
    await once(socket, "open");
    assert.equal(socket.protocol, "graphql-transport-ws");
    socket.send(
      JSON.stringify({ type: "connection_init", payload: { "X-SuperOffice-Authorization": "Bearer alice" } }),
    );
    const [ack] = await once(socket, "message");
    assert.equal(JSON.parse(String(ack)).type, "connection_ack");
    socket.close();
  });

  it("closes a connection that never sends connection_init (4408)", async () => {
    const socket = new WebSocket(wsUrl(lockgraph), "graphql-transport-ws");
    const [code] = await once(socket, "close");
    assert.equal(code, 4408);
  });

  it("pings an idle connection to keep it alive", async () => {
    const socket = new WebSocket(wsUrl(lockgraph), "graphql-transport-ws");
    await once(socket, "open");
    socket.send(JSON.stringify({ type: "connection_init" }));
    await once(socket, "ping");
    socket.close();
  });

  it("runs only subscriptions: a query is refused with a pointer to HTTP", async () => {
    const client = createClient({ url: wsUrl(lockgraph), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const errors = await new Promise<any>((resolve, reject) =>
        client.subscribe(
          { query: "{ referenceDataLock(clientId: 1) { id } }" },
          {
            next: (value) => reject(new Error(`answered: ${JSON.stringify(value)}`)),
            error: resolve,
            complete: () => undefined,
          },
        ),
      );
      assert.equal(errors[0].extensions.code, "BAD_REQUEST");
      assert.match(errors[0].message, /over HTTP/);
    } finally {
      await client.dispose();
    }
  });

  it("answers a document that does not parse or validate with the codes HTTP uses", async () => {
    const client = createClient({ url: wsUrl(lockgraph), webSocketImpl: WebSocket, retryAttempts: 0 });
    const errorsOf = (query: string) =>
      new Promise<any>((resolve, reject) =>
        client.subscribe({ query }, { next: reject, error: resolve, complete: () => undefined }),
      );
    try {
      assert.equal((await errorsOf("subscription {"))[0].extensions.code, "GRAPHQL_PARSE_FAILED");
      // The second time from the kept documents: the same answer.
      assert.equal((await errorsOf("subscription {"))[0].extensions.code, "GRAPHQL_PARSE_FAILED");
      assert.equal(
        (await errorsOf("subscription ($x: Nope) { __typename }"))[0].extensions.code,
        "GRAPHQL_VALIDATION_FAILED",
      );
    } finally {
      await client.dispose();
    }
  });

  it("shows open connections, active subscriptions and events delivered on /metrics", async () => {
    const scrape = async () => {
      const text = await (await fetch(`http://127.0.0.1:${lockgraph.port}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
      return {
        connections: value("lockgraph_websocket_connections"),
        subscriptions: value("lockgraph_subscriptions_active"),
        delivered: value("lockgraph_subscription_events_delivered_total"),
        dropped: value("lockgraph_subscribers_dropped_total"),
      };
    };
    // The connections of the tests before may still be closing.
    for (let i = 0; i < 100 && (await scrape()).connections > 0; i++) await sleep(20);
    assert.deepEqual(await scrape(), { connections: 0, subscriptions: 0, delivered: 0, dropped: 0 });
    const client = createClient({
      url: wsUrl(lockgraph),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { "x-superoffice-authorization": "Bearer bob" },
    });
    const events: unknown[] = [];
    client.subscribe(
      {
        query: 'subscription { holdEvents(filter: { resources: [{ kind: DOCUMENT, id: "77" }] }) { kind } }',
      },
      { next: (event) => events.push(event), error: (e) => events.push(e), complete: () => undefined },
    );
    try {
      for (let i = 0; i < 100 && (await scrape()).subscriptions < 1; i++) await sleep(20);
      assert.deepEqual(await scrape(), { connections: 1, subscriptions: 1, delivered: 0, dropped: 0 });
      const out = await lockgraph.request(
        "mutation { checkOutDocument(documentId: 77) { id } }",
        {},
        {
          "x-superoffice-authorization": "Bearer alice",
        },
      );
      assert.equal(out.errors, undefined);
      for (let i = 0; i < 100 && events.length < 1; i++) await sleep(20);
      assert.deepEqual(events, [{ data: { holdEvents: { kind: "ACQUIRED" } } }]);
      assert.equal((await scrape()).delivered, 1);
    } finally {
      await client.dispose();
    }
    for (let i = 0; i < 100 && (await scrape()).connections > 0; i++) await sleep(20);
    assert.deepEqual(await scrape(), { connections: 0, subscriptions: 0, delivered: 1, dropped: 0 });
  });
});

describe("connectionHeaders", () => {
  it("reads connection_init keys in any letter case, then the upgrade request's headers", () => {
    const headers = connectionHeaders(
      { "X-SuperOffice-AUTHORIZATION": "Bearer alice", "x-imodels-authorization": 7 },
      { "x-imodels-authorization": "Bearer from-router", "x-superoffice-authorization": "Bearer ignored" },
    );
    assert.equal(headers.get("x-superoffice-authorization"), "Bearer alice", "the payload wins");
    assert.equal(
      headers.get("X-IModels-Authorization"),
      "Bearer from-router",
      "a non-string value does not count",
    );
    assert.equal(headers.get("x-koodrive-authorization"), undefined);
  });
});
