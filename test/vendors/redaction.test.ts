import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { print } from "graphql";
import {
  AcquireBackupLockDocument,
  AcquireIModelLocksDocument,
  CheckOutDocumentDocument,
  LockReferenceDataDocument,
  ReserveFileDocument,
} from "../../client/sdk.js";
import { Provider } from "../../src/domain/providers.js";
import { Redactor } from "../../src/vendors/upstream-errors.js";
import { credentialNeedles, startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

/**
 * Each simulator echoes the caller's Authorization - as the vendor received it - into every
 * string of its own documented error body, in each form a credential can take; none of
 * those forms may reach the caller, the log or the metrics, and each echo position shows
 * `[REDACTED]` where the credential was (so the echo did arrive, and was redacted there).
 */

const BEARER = "Bearer eyJhbGciOiJIUzI1NiJ9.redaction-test/+token=";
const BASIC = `Basic ${Buffer.from("svc-redaction:pa ss/+word-42").toString("base64")}`;

/** `{{authorization|...}}` filter chains (src/vendors/simulator.ts): each a form of the credential. */
const FORMS = [
  "",
  "|token",
  "|url",
  "|form",
  "|token|url",
  "|token|form",
  "|base64",
  "|base64url",
  "|token|base64",
  "|token|base64url",
];
/** Where a vendor uses Basic, the decoded `user:password` pair too. */
const BASIC_FORMS = [...FORMS, "|token|basic", "|token|basic|url", "|token|basic|form"];

interface Case {
  provider: Provider;
  credential: string;
  headers: Record<string, string>;
  forms: string[];
  fault: (echo: string) => { method: string; path: string; status: number; body: unknown };
  /** The SDK operation that meets the fault. */
  operation: string;
  variables: Record<string, unknown>;
  /** Every position the vendor echoed into, as the caller sees it in the error's extensions. */
  positions: (extensions: Record<string, any>) => unknown[];
}

const CASES: Case[] = [
  {
    provider: Provider.REFERENCE_DATA,
    credential: BEARER,
    headers: { "x-reference-data-authorization": BEARER },
    forms: FORMS,
    fault: (echo) => ({
      method: "POST",
      path: "/reference/lock",
      status: 409,
      body: { status: "error", code: 409, message: echo, details: echo },
    }),
    operation: print(LockReferenceDataDocument),
    variables: { clientId: 31 },
    // `message: details`, as the vendor's two texts are joined.
    positions: (e) => e.upstream.message.split(": "),
  },
  {
    provider: Provider.IMODELS,
    credential: BEARER,
    headers: { "x-imodels-authorization": BEARER },
    forms: FORMS,
    fault: (echo) => ({
      method: "PATCH",
      path: "/locks",
      status: 409,
      body: {
        error: {
          code: echo,
          message: echo,
          details: [{ code: echo, message: echo, target: echo }],
          conflictingLocks: [{ objectId: echo, lockLevel: echo, briefcaseIds: [7] }],
          objectIds: [echo],
        },
      },
    }),
    operation: print(AcquireIModelLocksDocument),
    variables: { input: { iModelId: "redaction", briefcaseId: 2, level: "EXCLUSIVE", objectIds: ["0x1"] } },
    positions: (e) => [
      e.upstream.code,
      e.upstream.message,
      e.details[0].code,
      e.details[0].message,
      e.details[0].target,
      e.conflictingLocks[0].objectId,
      e.conflictingLocks[0].lockLevel,
      e.objectIds[0],
    ],
  },
  // SuperOffice's error body (a 4xx: repeated 5xx would open the circuit, and no vendor answer
  // would come back), and a document plugin's failure inside a 200 (docs/vendors.md, "SuperOffice").
  ...[
    {
      status: 400,
      body: (echo: string) => ({ Error: true, ErrorType: echo, ErrorMessage: echo, ErrorSource: echo }),
      positions: (e: Record<string, any>) => [e.upstream.code, e.upstream.message],
    },
    {
      status: 200,
      body: (echo: string) => ({
        ExternalReference: "x",
        VersionId: "1",
        Success: false,
        Type: "Message",
        Value: echo,
      }),
      positions: (e: Record<string, any>) => [e.upstream.message],
    },
  ].map(
    ({ status, body, positions }): Case => ({
      provider: Provider.SUPEROFFICE,
      credential: BASIC,
      headers: { "x-superoffice-authorization": BASIC },
      forms: BASIC_FORMS,
      fault: (echo) => ({ method: "POST", path: "/Lock", status, body: body(echo) }),
      operation: print(CheckOutDocumentDocument),
      variables: { documentId: 31 },
      positions,
    }),
  ),
  {
    provider: Provider.ORACLE_CONTENT,
    credential: BASIC,
    headers: { "x-oracle-content-authorization": BASIC },
    forms: BASIC_FORMS,
    fault: (echo) => ({
      method: "POST",
      path: "/reserve",
      status: 409,
      body: { errorCode: echo, errorKey: echo, errorMessage: echo, id: "x", title: echo, type: "error" },
    }),
    operation: print(ReserveFileDocument),
    variables: { fileId: `D${"E".repeat(43)}` },
    positions: (e) => [e.upstream.code, e.upstream.message],
  },
  // KooDrive's `{ code, msg }` as an HTTP 400 and as a failure inside a 200 (a non-zero code).
  ...[400, 200].map(
    (status): Case => ({
      provider: Provider.KOODRIVE,
      credential: BEARER,
      headers: { "x-koodrive-authorization": BEARER, "x-koodrive-user-id": "redaction-user" },
      forms: FORMS,
      fault: (echo) => ({ method: "POST", path: "/backup/lock", status, body: { code: echo, msg: echo } }),
      operation: print(AcquireBackupLockDocument),
      variables: { module: "FOLDER" },
      positions: (e) => [e.upstream.code, e.upstream.message],
    }),
  ),
];

describe("vendors echoing the caller's credential, in every form and position", () => {
  let lockgraph: TestLockGraph;
  const metrics = () => fetch(new URL("/metrics", lockgraph.url)).then((r) => r.text());

  before(async () => {
    lockgraph = await startTestLockGraph();
  });
  after(() => lockgraph.close());

  for (const c of CASES) {
    it(`${c.provider} (HTTP ${c.fault("").status}): ${c.forms.length} forms, each redacted in every position`, async () => {
      const simulator = lockgraph.simulators.get(c.provider);
      const needles = credentialNeedles(c.credential);
      for (const form of c.forms) {
        const logsBefore = lockgraph.logLines.length;
        simulator.inject({ ...c.fault(`said {{authorization${form}}} back`), times: 1 });
        const result = await lockgraph.request(c.operation, c.variables, c.headers);
        const error = result.errors?.[0];
        assert.ok(error?.extensions.upstream, `form "${form}": a vendor error came back`);
        for (const [i, position] of c.positions(error.extensions).entries())
          assert.equal(position, "said [REDACTED] back", `form "${form}", position ${i}`);
        const seen = [JSON.stringify(result), ...lockgraph.logLines.slice(logsBefore), await metrics()];
        for (const text of seen)
          for (const needle of needles)
            assert.ok(!text.includes(needle), `form "${form}" reached the caller, the log or the metrics`);
      }
      simulator.clearFaults();
    });
  }
});

// Forms no filter chain above produces: a credential inside a longer base64 text, at any byte
// alignment, and percent-encoding with lower-case hex digits.
describe("the redactor, on forms a vendor may build around a credential", () => {
  const redactor = new Redactor([BEARER]);
  const token = BEARER.slice("Bearer ".length);

  for (const prefix of ["", "a", "ab", "Authorization: "]) {
    it(`finds the token inside base64 of ${JSON.stringify(`${prefix}<token>...`)}`, () => {
      for (const encoding of ["base64", "base64url"] as const) {
        const echoed = Buffer.from(`${prefix}${token}","user":"x"}`).toString(encoding);
        const redacted = redactor.redact(echoed);
        assert.match(redacted, /\[REDACTED\]/);
        // The token's base64 (4 characters to its 3 bytes) is gone but for a character or two at each edge.
        const removed = echoed.length - redacted.length + "[REDACTED]".length;
        assert.ok(removed >= (token.length * 4) / 3 - 4, `${removed} characters removed`);
      }
    });
  }

  it("finds the token percent-encoded with lower-case hex digits", () => {
    const lower = encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
    assert.equal(redactor.redact(`t=${lower}`), "t=[REDACTED]");
  });
});
