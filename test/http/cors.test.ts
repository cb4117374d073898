import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { CORS_ALLOWED_HEADERS } from "../../src/http/cors.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

const LISTED = "https://dashboard.example.test";
const ALSO_LISTED = "http://127.0.0.1:5173";
const UNLISTED = "https://elsewhere.example.test";

function preflight(url: string, origin: string) {
  return request(url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-superoffice-authorization",
    },
  });
}

function post(url: string, headers: Record<string, string>) {
  return request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
}

const corsHeaderNames = (headers: Record<string, unknown>) =>
  Object.keys(headers).filter((name) => name.startsWith("access-control-"));

describe("CORS for the origins in LOCKGRAPH_CORS_ORIGINS", () => {
  let lockgraph: TestLockGraph;
  let url: string;

  before(async () => {
    lockgraph = await startTestLockGraph({ LOCKGRAPH_CORS_ORIGINS: `${LISTED}, ${ALSO_LISTED}` });
    url = `http://127.0.0.1:${lockgraph.port}/graphql`;
  });
  after(() => lockgraph.close());

  it("answers a listed origin's preflight with 204, allowing content-type, every credential header and the operator header", async () => {
    const response = await preflight(url, LISTED);
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers["access-control-allow-origin"], LISTED);
    assert.match(String(response.headers["access-control-allow-methods"]), /\bPOST\b/);
    const allowed = String(response.headers["access-control-allow-headers"]).split(/,\s*/);
    for (const name of [
      "content-type",
      "x-reference-data-authorization",
      "x-imodels-authorization",
      "x-superoffice-authorization",
      "x-koodrive-authorization",
      "x-koodrive-user-id",
      "x-oracle-content-authorization",
      "x-lockgraph-authorization",
    ]) {
      assert.ok(allowed.includes(name), `${name} is allowed`);
    }
    assert.deepEqual(allowed, CORS_ALLOWED_HEADERS);
    assert.equal(response.headers.vary, "Origin");
  });

  it("answers each listed origin with its own origin", async () => {
    const response = await preflight(url, ALSO_LISTED);
    assert.equal(response.headers["access-control-allow-origin"], ALSO_LISTED);
  });

  it("gives an unlisted origin's preflight no CORS header", async () => {
    const response = await preflight(url, UNLISTED);
    assert.notEqual(response.statusCode, 204);
    assert.deepEqual(corsHeaderNames(response.headers), []);
  });

  it("marks a listed origin's actual answer with its origin and Vary: Origin", async () => {
    const response = await post(url, { origin: LISTED });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers["access-control-allow-origin"], LISTED);
    assert.equal(response.headers.vary, "Origin");
    assert.deepEqual(await response.body.json(), { data: { __typename: "Query" } });
  });

  it("answers an unlisted origin's request without any CORS header, so a browser withholds the answer", async () => {
    const response = await post(url, { origin: UNLISTED });
    assert.deepEqual(corsHeaderNames(response.headers), []);
    assert.equal(response.headers.vary, "Origin");
  });

  it("keeps Apollo's CSRF prevention for a listed origin's simple request", async () => {
    const response = await request(`${url}?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { origin: LISTED },
    });
    assert.equal(response.statusCode, 400);
    assert.match(await response.body.text(), /CSRF/);
  });
});

describe("CORS with LOCKGRAPH_CORS_ORIGINS unset", () => {
  let lockgraph: TestLockGraph;

  before(async () => {
    lockgraph = await startTestLockGraph();
  });
  after(() => lockgraph.close());

  it("answers no origin's preflight or request with a CORS header", async () => {
    const url = `http://127.0.0.1:${lockgraph.port}/graphql`;
    const answers = [await preflight(url, LISTED), await post(url, { origin: LISTED })];
    for (const response of answers) {
      assert.deepEqual(corsHeaderNames(response.headers), []);
      await response.body.dump();
    }
    assert.notEqual(answers[0]?.statusCode, 204);
  });
});
