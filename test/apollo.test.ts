import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { GraphQLError } from "graphql";
import { formatError } from "../src/http/apollo.js";
import { ErrorCode, LockGraphError } from "../src/domain/errors.js";
import { createLogger } from "../src/logger.js";
import { Provider } from "../src/domain/providers.js";
import { startTestLockGraph, type TestLockGraph } from "./support/lockgraph.js";

describe("error formatting", () => {
  const lines: string[] = [];
  const format = formatError(
    createLogger(
      "error",
      new Writable({
        write: (chunk, _e, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    ),
  );
  const asResolverError = (original: Error) =>
    new GraphQLError(original.message, { originalError: original, path: ["lock"] });

  it("masks a LockGraph bug as INTERNAL_SERVER_ERROR with no internals and no stack, and logs the stack", () => {
    const bug = new TypeError(
      "Cannot read properties of undefined (reading 'holder') at /srv/lockgraph/dist/src/secret-path.js",
    );
    const formatted = format(
      { message: bug.message, extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at x"] } },
      asResolverError(bug),
    );
    assert.deepEqual(formatted.extensions, { code: ErrorCode.INTERNAL_SERVER_ERROR });
    assert.equal(formatted.message, "Internal server error");
    assert.match(lines.join(""), /secret-path/);
  });

  it("passes a contract error through with its extensions, minus any stack trace", () => {
    const conflict = new LockGraphError(ErrorCode.LOCK_CONFLICT, "held by bob", {
      provider: Provider.SUPEROFFICE,
    });
    const formatted = format(
      { message: conflict.message, extensions: { ...conflict.extensions, stacktrace: ["at y"] } },
      asResolverError(conflict),
    );
    assert.deepEqual(formatted.extensions, { code: "LOCK_CONFLICT", provider: "SUPEROFFICE" });
    assert.equal(formatted.message, "held by bob");
  });
});

describe("production switches", () => {
  let lockgraph: TestLockGraph;

  before(async () => {
    lockgraph = await startTestLockGraph({
      NODE_ENV: "production",
      LOCKGRAPH_SIMULATORS: "true",
      LOCKGRAPH_INTROSPECTION: "false",
      LOCKGRAPH_LANDING_PAGE: "false",
    });
  });
  after(() => lockgraph.close());

  it("refuses introspection when LOCKGRAPH_INTROSPECTION=false", async () => {
    const result = await lockgraph.request("{ __schema { queryType { name } } }");
    assert.equal(result.errors?.[0]?.extensions.code, "GRAPHQL_VALIDATION_FAILED");
  });

  it("serves no Sandbox page when LOCKGRAPH_LANDING_PAGE=false", async () => {
    const response = await fetch(lockgraph.url, { headers: { accept: "text/html" } });
    assert.doesNotMatch(await response.text(), /sandbox/i);
  });

  it("hides field suggestions in production", async () => {
    const result = await lockgraph.request('{ lok(id: "x") { id } }');
    assert.doesNotMatch(result.errors?.[0]?.message ?? "", /Did you mean/);
  });
});
