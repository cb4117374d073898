import assert from "node:assert/strict";
import { once } from "node:events";
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
      assert.equal(
        (await errorsOf("subscription ($x: Nope) { __typename }"))[0].extensions.code,
        "GRAPHQL_VALIDATION_FAILED",
      );
    } finally {
      await client.dispose();
    }
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
