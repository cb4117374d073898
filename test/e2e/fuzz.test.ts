import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { request as send } from "undici";
import { ErrorCode } from "../../src/domain/errors.js";
import { decodeNodeId } from "../support/ids.js";
import { PROVIDERS } from "../../src/domain/providers.js";
import { VENDOR_ID } from "../../src/domain/arguments.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";
import { ALL_CREDENTIALS, CANONICAL_CALLS, captureUnhandledRejections } from "../support/canonical-calls.js";

/**
 * Issue 5's fuzz suite: thousands of generated malformed requests and upstream bodies.
 * Every answer must be a contract code or a GraphQL request error - never a crash, never
 * INTERNAL_SERVER_ERROR - and input rejected up front must never reach a vendor.
 */
const SEED = 20261123;
const MALFORMED_REQUESTS = 8_000;
const UPSTREAM_BODIES = 2_000;
const PARALLEL = 16;

const CONTRACT_CODES = new Set<string>(
  Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
);
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  ErrorCode.UNAUTHENTICATED,
]);

interface RawRequest {
  body: string;
  contentType: string;
}

const gql = (query: string, variables?: unknown): RawRequest => ({
  body: JSON.stringify({ query, variables }),
  contentType: "application/json",
});

/** A string that must never reach a vendor as an identifier. */
const badVendorId = fc.oneof(
  fc.constantFrom(
    "../x",
    "..",
    ".",
    "a?b",
    "a#b",
    "a/b",
    "%2e%2e",
    "x\u0000y",
    " ",
    "",
    "-leading",
    "a".repeat(201),
  ),
  fc.string({ maxLength: 40 }).filter((s) => !VENDOR_ID.test(s)),
);
/** Anything but a LockGraph id: near misses included, but never one the decoder accepts. */
const badGlobalId = fc
  .oneof(
    fc.string({ maxLength: 60 }),
    fc.base64String({ maxLength: 80 }),
    fc.json().map((json) => Buffer.from(json).toString("base64url")),
    fc
      .tuple(
        fc.constantFrom("Lock", "Reservation", "File"),
        fc.constantFrom(...PROVIDERS, "NOPE"),
        fc.oneof(fc.integer(), fc.string()),
      )
      .map((t) => Buffer.from(JSON.stringify(t)).toString("base64url")),
    fc.constantFrom("../x", "a?b", "a#b"),
  )
  .filter((id) => {
    try {
      decodeNodeId(id);
      return false;
    } catch {
      return true;
    }
  });
const badPositive = fc.oneof(fc.integer({ max: 0, min: -2_147_483_648 }));
const nonInt = fc.oneof(
  fc.double({ noInteger: true }),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(2 ** 40),
);

const malformedRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  // ids LockGraph must refuse before any vendor call
  badGlobalId.chain((id) =>
    fc.constantFrom(...["lock", "node"].map((f) => gql(`query($id: ID!) { ${f}(id: $id) { id } }`, { id }))),
  ),
  badGlobalId.chain((id) =>
    fc.constantFrom(
      ...["releaseLock", "renewLock"].map((f) => gql(`mutation($id: ID!) { ${f}(id: $id) { id } }`, { id })),
    ),
  ),
  badVendorId.map((fileId) => gql("query($f: ID!) { fileReservation(fileId: $f) { id } }", { f: fileId })),
  badVendorId.map((fileId) => gql("mutation($f: ID!) { reserveFile(fileId: $f) { id } }", { f: fileId })),
  badVendorId.map((fileId) => gql("mutation($f: ID!) { unreserveFile(fileId: $f) { id } }", { f: fileId })),
  fc.array(badVendorId, { minLength: 1, maxLength: 5 }).map((fileIds) =>
    gql("query($f: [ID!]!) { fileReservations(fileIds: $f) { id } }", {
      f: ["D0C1A5E5A7D3B2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7", ...fileIds],
    }),
  ),
  badVendorId.map((iModelId) =>
    gql("query($m: ID!) { iModelLocks(iModelId: $m) { edges { cursor } } }", { m: iModelId }),
  ),
  fc
    .tuple(badVendorId, fc.integer({ min: 1, max: 10 }))
    .map(([linkId, n]) =>
      gql(
        `query { fileReservation(fileId: "D0C1A5E5A7D3B2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7", link: { linkId: ${JSON.stringify(linkId)}, accessCode: "${"x".repeat(n)}" }) { id } }`,
      ),
    ),
  fc
    .constantFrom("a;b", "a,b", "a\r\nSet-Cookie: x=y", "a\nb")
    .map((accessCode) =>
      gql(
        'query($a: String) { fileReservation(fileId: "D0C1A5E5A7D3B2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7", link: { linkId: "LF2C4E6A8B0D1F3E5A7C9B1D3F5E7A9C1B3D5F7E9A1C", accessCode: $a }) { id } }',
        { a: accessCode },
      ),
    ),
  // numbers out of range or of the wrong type
  badPositive.map((n) => gql("query($n: Int!) { referenceDataLock(clientId: $n) { id } }", { n })),
  badPositive.map((n) => gql("mutation($n: Int!) { lockReferenceData(clientId: $n) { id } }", { n })),
  badPositive.map((n) => gql("query($n: Int!) { documentLock(documentId: $n) { id } }", { n })),
  badPositive.map((n) => gql("mutation($n: Int!) { checkOutDocument(documentId: $n) { id } }", { n })),
  fc
    .array(badPositive, { minLength: 1, maxLength: 5 })
    .map((ids) => gql("query($n: [Int!]!) { documentLocks(documentIds: $n) { id } }", { n: [1, ...ids] })),
  fc.integer({ min: -1000, max: 0 }).map((first) =>
    gql('query($first: Int) { iModelLocks(iModelId: "m1", first: $first) { edges { cursor } } }', {
      first,
    }),
  ),
  fc.integer({ min: 101, max: 1_000_000 }).map((first) =>
    gql('query($first: Int) { iModelLocks(iModelId: "m1", first: $first) { edges { cursor } } }', {
      first,
    }),
  ),
  nonInt.map((n) => gql("query($n: Int!) { referenceDataLock(clientId: $n) { id } }", { n })),
  fc.integer({ min: 51, max: 120 }).map((n) =>
    gql("query($n: [Int!]!) { documentLocks(documentIds: $n) { id } }", {
      n: Array.from({ length: n }, (_, i) => i + 1),
    }),
  ),
  fc.integer({ min: 51, max: 120 }).map((n) =>
    gql("query($f: [ID!]!) { fileReservations(fileIds: $f) { id } }", {
      f: Array.from({ length: n }, (_, i) => `F${i}`),
    }),
  ),
  fc
    .string()
    .map((s) => gql("mutation($m: BackupModule!) { acquireBackupLock(module: $m) { id } }", { m: s })),
  // broken operations and bodies
  fc.string({ maxLength: 200 }).map((query) => gql(query)),
  fc.string({ maxLength: 60 }).map((field) => gql(`{ ${field} }`)),
  fc.json().map((json) => ({ body: json, contentType: "application/json" })),
  fc.string({ maxLength: 200 }).map((body) => ({ body, contentType: "application/json" })),
  fc
    .tuple(
      fc.string({ maxLength: 100 }),
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/graphql",
        "multipart/form-data",
      ),
    )
    .map(([body, contentType]) => ({ body, contentType })),
  fc
    .jsonValue()
    .map((variables) => gql("query($n: Int!) { referenceDataLock(clientId: $n) { id } }", variables)),
  fc.constant(gql("query { referenceDataLock { id } }")),
  fc.constant(gql("query($n: Int!) { referenceDataLock(clientId: $n) { id } }")),
);

async function inParallel<T>(items: T[], worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await worker(items[next++]!);
    }),
  );
}

describe("fuzz: malformed requests and upstream bodies", () => {
  let lockgraph: TestLockGraph;
  const unhandled = captureUnhandledRejections();

  before(async () => {
    lockgraph = await startTestLockGraph({
      LOCKGRAPH_MAX_LIST_LENGTH: "50",
      LOCKGRAPH_UPSTREAM_RETRIES: "0",
      LOCKGRAPH_BREAKER_THRESHOLD: "1000",
    });
  });
  after(async () => {
    unhandled.stop();
    await lockgraph.close();
  });

  const upstreamCalls = () => PROVIDERS.reduce((sum, p) => sum + lockgraph.simulators.get(p).callCount, 0);

  it(`${MALFORMED_REQUESTS} malformed requests: no crash, no INTERNAL_SERVER_ERROR, no upstream call`, async () => {
    for (const p of PROVIDERS) lockgraph.simulators.get(p).resetCalls();
    const requests = fc.sample(malformedRequest, { numRuns: MALFORMED_REQUESTS, seed: SEED });
    const failures: string[] = [];
    await inParallel(requests, async (request) => {
      const response = await send(lockgraph.url, {
        method: "POST",
        headers: { "content-type": request.contentType, "apollo-require-preflight": "1", ...ALL_CREDENTIALS },
        body: request.body,
      });
      const text = await response.body.text();
      const codes = [...text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]!);
      const ok =
        response.statusCode < 500 &&
        codes.every((c) => REQUEST_ERROR_CODES.has(c)) &&
        (response.statusCode >= 400 || codes.length > 0);
      if (!ok) failures.push(`${response.statusCode} ${request.body.slice(0, 200)} -> ${text.slice(0, 300)}`);
    });
    assert.deepEqual(failures.slice(0, 5), []);
    assert.equal(upstreamCalls(), 0, "input rejected up front reached a vendor");
    assert.equal((await fetch(new URL("/readyz", lockgraph.url))).status, 200);
  });

  it(`${UPSTREAM_BODIES} generated upstream answers: each becomes a contract code or data`, async () => {
    const answers = fc.sample(
      fc.record({
        provider: fc.constantFrom(...PROVIDERS),
        status: fc.oneof(
          fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 409, 415, 422, 429, 500, 502, 503, 504),
          fc.integer({ min: 200, max: 599 }),
        ),
        body: fc.oneof(fc.json(), fc.string({ maxLength: 100 }), fc.object(), fc.constant(undefined)),
        headers: fc.option(
          fc.record({
            "retry-after": fc.oneof(fc.nat({ max: 3 }).map(String), fc.string({ maxLength: 10 })),
          }),
          { nil: undefined },
        ),
      }),
      { numRuns: UPSTREAM_BODIES, seed: SEED },
    );
    const failures: string[] = [];
    await inParallel(answers, async (answer) => {
      const call = CANONICAL_CALLS[answer.provider];
      const simulator = lockgraph.simulators.get(answer.provider);
      simulator.inject({
        path: call.path,
        status: answer.status,
        body: answer.body,
        headers: answer.headers,
        times: 1,
      });
      const result = await lockgraph.request(call.query, call.variables, ALL_CREDENTIALS);
      const codes = (result.errors ?? []).map((e) => e.extensions.code);
      if (result.status >= 500 || !codes.every((c) => CONTRACT_CODES.has(c)))
        failures.push(`${JSON.stringify(answer).slice(0, 200)} -> ${JSON.stringify(result).slice(0, 300)}`);
    });
    for (const p of PROVIDERS) lockgraph.simulators.get(p).clearFaults();
    assert.deepEqual(failures.slice(0, 5), []);
    assert.deepEqual(unhandled.rejections, []);
    assert.equal((await fetch(new URL("/readyz", lockgraph.url))).status, 200);
  });
});

// Keep the provider list honest: a new provider needs a canonical call.
assert.deepEqual(Object.keys(CANONICAL_CALLS).sort(), [...PROVIDERS].sort());
