import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { serverAudits } from "graphql-http";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

describe("GraphQL over HTTP", () => {
  let lockgraph: TestLockGraph;

  before(async () => {
    lockgraph = await startTestLockGraph({ LOCKGRAPH_MAX_DEPTH: "3" });
  });
  after(() => lockgraph.close());

  describe("graphql-http audit suite", () => {
    for (const audit of serverAudits({ url: () => lockgraph.url })) {
      if (!audit.name.startsWith("MUST")) continue;
      it(audit.name, async () => {
        const result = await audit.fn();
        assert.equal(result.status, "ok", "reason" in result ? result.reason : undefined);
      });
    }
  });

  describe("automatic persisted queries (mobile clients)", () => {
    const query = "query Ping { __typename }";
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const post = (body: object) =>
      fetch(lockgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, any>>);
    const extensions = { persistedQuery: { version: 1, sha256Hash } };

    it("asks for the full query the first time, then serves the hash alone", async () => {
      const unknown = await post({ extensions });
      assert.equal(unknown.errors?.[0]?.extensions?.code, "PERSISTED_QUERY_NOT_FOUND");

      const registered = await post({ query, extensions });
      assert.deepEqual(registered.data, { __typename: "Query" });

      const hashOnly = await post({ extensions });
      assert.deepEqual(hashOnly.data, { __typename: "Query" });
    });

    it("refuses a query whose hash does not match", async () => {
      const result = await post({ query: "{ __typename }", extensions });
      assert.ok(result.errors?.length);
      assert.equal(result.data, undefined);
    });
  });

  describe("request errors", () => {
    it("never quote a variable's value, which may hold a secret such as an access code", async () => {
      const result = await lockgraph.request(
        "query($f: ID!, $link: PublicLinkInput) { fileReservation(fileId: $f, link: $link) { id } }",
        {
          f: "D0C1A5E5A7D3B2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7",
          link: { linkId: 42, accessCode: "topsecret-code" },
        },
      );
      assert.equal(result.status, 400);
      assert.equal(result.errors?.[0]?.extensions.code, "BAD_USER_INPUT");
      assert.match(
        result.errors?.[0]?.message ?? "",
        /^Variable "\$link" got an invalid value at "link\.linkId"; String cannot represent/,
      );
      assert.ok(!JSON.stringify(result).includes("topsecret-code"));
    });
  });

  describe("operation limits", () => {
    it("refuses an operation with too many aliases before running it", async () => {
      const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: lock(id: "x") { id }`).join(" ")} }`;
      const result = await lockgraph.request(query);
      assert.equal(result.status, 400);
      assert.equal(result.errors?.[0]?.extensions.code, "GRAPHQL_VALIDATION_FAILED");
      assert.match(result.errors?.[0]?.message ?? "", /Aliases limit/);
    });

    it("refuses an operation deeper than the configured depth (3 here) before running it", async () => {
      const allowed = await lockgraph.request('{ lock(id: "x") { resource { kind } } }');
      const tooDeep = await lockgraph.request('{ iModelLocks(iModelId: "m") { edges { node { id } } } }');
      assert.equal(allowed.status, 200);
      assert.equal(tooDeep.status, 400);
      assert.match(tooDeep.errors?.[0]?.message ?? "", /depth limit/i);
    });

    it("counts no fragment spread as a level: depth 3 through four nested fragments passes", async () => {
      const result = await lockgraph.request(`{ lock(id: "x") { ...A } }
        fragment A on Lock { ...B }
        fragment B on Lock { ...C }
        fragment C on Lock { ...D }
        fragment D on Lock { resource { kind } }`);
      assert.equal(result.status, 200);
      assert.notEqual(result.errors?.[0]?.extensions.code, "GRAPHQL_VALIDATION_FAILED");
    });

    it("refuses a request body over the size limit with 413", async () => {
      const response = await fetch(lockgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(5 * 1024 * 1024) } }),
      });
      assert.equal(response.status, 413);
    });

    it("does not answer batched requests", async () => {
      const response = await fetch(lockgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
      });
      assert.equal(response.status, 400);
    });
  });
});
