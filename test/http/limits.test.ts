import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  Lexer,
  parse,
  print,
  Source,
  type SelectionSetNode,
  TokenKind,
} from "graphql";
import { createClient } from "graphql-ws";
import { WebSocket } from "ws";
import {
  AcquireIModelLocksDocument,
  DocumentLocksDocument,
  FileReservationsDocument,
  HoldEventsDocument,
  HoldHistoryDocument,
  HoldsDocument,
  IModelLocksDocument,
  LockReferenceDataDocument,
} from "../../client/sdk.js";
import { HoldEventsDocument as HoldEventsSubscription } from "../../client/subscriptions.js";
import { type Config, loadConfig } from "../../src/config.js";
import { Provider } from "../../src/domain/providers.js";
import { MAX_ACQUIRE_OBJECT_IDS, MAX_FIRST, MAX_TOKENS } from "../../src/domain/bounds.js";
import { type GraphQLResult, startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

/**
 * Every limit the README's "Limits" table states, driven with the SDK's own operations:
 * exactly at the limit the operation is accepted, one step past it is refused with the
 * documented code and a message that names the limit and says what to do. The figures
 * come from the defaults themselves (src/domain/bounds.ts through loadConfig), never typed in.
 */

const OPERATOR_TOKEN = "limits-operator-token-0123456789";
const CREDENTIALS = {
  "x-reference-data-authorization": "Bearer alice",
  "x-imodels-authorization": "Bearer alice",
  "x-superoffice-authorization": "Bearer alice",
  "x-oracle-content-authorization": "Bearer alice",
  "x-lockgraph-authorization": `Bearer ${OPERATOR_TOKEN}`,
};
const defaults: Config = loadConfig({});

/** The SDK's `LockFields` fragment, as the generated documents carry it. */
const LOCK_FIELDS = print(
  IModelLocksDocument.definitions.find(
    (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === "LockFields",
  ) as FragmentDefinitionNode,
);
/** The selection of one SDK operation's root field, to reuse under an alias. */
const rootSelection = (document: DocumentNode) => {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const root = operation?.selectionSet.selections[0];
  assert.ok(root?.kind === Kind.FIELD && root.selectionSet);
  return print(root.selectionSet);
};
const PAGE = rootSelection(IModelLocksDocument);

/** Lexical tokens, counted as graphql-js counts them for `maxTokens`. */
function tokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

/**
 * The README's cost rule, written out on its own: a leaf 1, an object 2 plus its selection,
 * times `first` where the field is given one (the documents here give it literally).
 */
function cost(text: string): number {
  const document = parse(text, { noLocation: true });
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  const of = (set: SelectionSetNode): number =>
    set.selections.reduce((sum, s) => {
      if (s.kind === Kind.INLINE_FRAGMENT) return sum + of(s.selectionSet);
      if (s.kind === Kind.FRAGMENT_SPREAD) return sum + of(fragments.get(s.name.value) as SelectionSetNode);
      if (!s.selectionSet) return sum + 1;
      const first = s.arguments?.find((a) => a.name.value === "first")?.value;
      const times = first?.kind === Kind.INT ? Number(first.value) : 1;
      return sum + (2 + of(s.selectionSet)) * times;
    }, 0);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation && "selectionSet" in operation ? of(operation.selectionSet) : 0;
}

/** An Id64 of the longest kind (16 hex digits), the worst case for the body limit. */
const longestIds = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `0x${(0x1000000000000000n + BigInt(from + i)).toString(16)}`);

const accepted = (result: GraphQLResult) => {
  assert.equal(result.status, 200, JSON.stringify(result.errors?.[0]));
  assert.equal(result.errors, undefined, JSON.stringify(result.errors?.[0]));
};
/**
 * Refused with `code` and a message that `says` what to do. A request-level limit answers
 * 400 with no data; an argument check nulls its field, in a 200 (GraphQL over HTTP).
 */
const refused = (
  result: GraphQLResult,
  code: string,
  says: RegExp,
  requestLevel = code.startsWith("GRAPHQL_"),
) => {
  assert.equal(result.status, requestLevel ? 400 : 200);
  if (!requestLevel) assert.ok(Object.values(result.data ?? {}).every((field) => field === null));
  assert.equal(result.errors?.[0]?.extensions.code, code);
  assert.match(result.errors?.[0]?.message ?? "", says);
};

describe("every limit the README states, at the limit and one step past", () => {
  let lockgraph: TestLockGraph;
  const send = (query: string, variables?: Record<string, unknown>) =>
    lockgraph.request(query, variables, CREDENTIALS);

  before(async () => {
    // The default per-call timeout, not the suites' short one: at the limit, an operation must
    // succeed even on a loaded machine, or "accepted" would be a vendor timeout's coin toss.
    // The deadline stays the default: 100,000 object ids (100 PATCH calls and a 100-page read-back)
    // must fit in it.
    lockgraph = await startTestLockGraph({
      LOCKGRAPH_OPERATOR_TOKENS: OPERATOR_TOKEN,
      LOCKGRAPH_UPSTREAM_TIMEOUT_MS: String(defaults.upstream.SUPEROFFICE?.timeoutMs),
    });
  });
  after(() => lockgraph.close());

  describe(`first: 1 to ${MAX_FIRST} on every page, and the SDK's fields at first: ${MAX_FIRST} fit the cost limit`, () => {
    const pages: Array<[string, DocumentNode, () => Promise<Record<string, unknown>>]> = [
      ["IModelLocks", IModelLocksDocument, async () => ({ iModelId: "limits-imodel" })],
      ["Holds", HoldsDocument, async () => ({})],
      ["HoldEvents", HoldEventsDocument, async () => ({})],
      [
        "HoldHistory",
        HoldHistoryDocument,
        async () => {
          const taken = await send(print(LockReferenceDataDocument), { clientId: 17 });
          return { id: (taken.data?.lockReferenceData as { id: string }).id };
        },
      ],
    ];
    for (const [name, document, variables] of pages) {
      it(name, async () => {
        const given = await variables();
        accepted(await send(print(document), { ...given, first: MAX_FIRST }));
        refused(
          await send(print(document), { ...given, first: MAX_FIRST + 1 }),
          "BAD_USER_INPUT",
          new RegExp(`first must be from 1 to ${MAX_FIRST}; for more, ask for the next page with after`),
        );
      });
    }
  });

  it(`cost: ${defaults.maxCost} (LOCKGRAPH_MAX_COST), counted with variables and defaults`, async () => {
    const page = (alias: string, first: number) =>
      `${alias}: iModelLocks(iModelId: "limits-imodel", first: ${first}) ${PAGE}`;
    const perLock = cost(`query { ${page("one", 1)} } ${LOCK_FIELDS}`);
    // A full page of the SDK's fields, a second page as large as still fits, and leaves to make up the rest.
    const rest = defaults.maxCost - perLock * MAX_FIRST;
    const leaves = (count: number) => " __typename".repeat(count);
    const document = (extra: number) =>
      `query { ${page("a", MAX_FIRST)} ${page("b", Math.floor(rest / perLock))}${leaves((rest % perLock) + extra)} } ${LOCK_FIELDS}`;
    assert.equal(cost(document(0)), defaults.maxCost);
    accepted(await send(document(0)));
    refused(
      await send(document(1)),
      "GRAPHQL_VALIDATION_FAILED",
      new RegExp(
        `costs ${defaults.maxCost + 1}, more than the limit of ${defaults.maxCost} \\(LOCKGRAPH_MAX_COST\\): ask for a smaller first`,
      ),
    );
    console.log(
      `the SDK's IModelLocks at first: ${MAX_FIRST} costs ${perLock * MAX_FIRST} of ${defaults.maxCost}`,
    );
    // A `first` left to the schema's default (50) counts too: four default pages.
    const defaultPages = ["a", "b", "c", "d"].map((alias) => `${alias}: iModelLocks(iModelId: "m") ${PAGE}`);
    refused(
      await send(`query { ${defaultPages.join(" ")} } ${LOCK_FIELDS}`),
      "GRAPHQL_VALIDATION_FAILED",
      new RegExp(`costs ${4 * 50 * perLock},`),
    );
    // A `first` given as a variable counts the same as a literal one.
    const twice = `query($n: Int) { a: iModelLocks(iModelId: "m", first: $n) ${PAGE} b: iModelLocks(iModelId: "m", first: $n) ${PAGE} } ${LOCK_FIELDS}`;
    refused(
      await send(twice, { n: MAX_FIRST }),
      "GRAPHQL_VALIDATION_FAILED",
      new RegExp(`costs ${2 * MAX_FIRST * perLock},`),
    );
  });

  it(`depth: ${defaults.maxDepth} (LOCKGRAPH_MAX_DEPTH), and fragments are no level`, async () => {
    // holds > edges > node > history > edges > node > hold > history > edges > node > hold > id: 12 fields,
    // spread through four nested fragments that would make it 16 if they counted.
    const deep = (leaf: string) => `query {
        holds(first: 1) { edges { ...A } }
      }
      fragment A on HoldEdge { node { history(first: 1) { edges { ...B } } } }
      fragment B on HoldEventEdge { node { hold { ...C } } }
      fragment C on Hold { history(first: 1) { edges { ...D } } }
      fragment D on HoldEventEdge { node { hold { ${leaf} } } }`;
    assert.equal(defaults.maxDepth, 12, "the document below is written for a depth of 12");
    accepted(await send(deep("id")));
    refused(
      await send(deep("resource { kind }")),
      "GRAPHQL_VALIDATION_FAILED",
      new RegExp(
        `depth limit of ${defaults.maxDepth} \\(LOCKGRAPH_MAX_DEPTH\\) exceeded, found ${defaults.maxDepth + 1}: ask for fewer nested levels`,
      ),
    );
  });

  it(`aliases: ${defaults.maxAliases} (LOCKGRAPH_MAX_ALIASES)`, async () => {
    const aliased = (count: number) =>
      `query { ${Array.from({ length: count }, (_, i) => `c${i}: referenceDataLock(clientId: ${i + 1}) { ...LockFields }`).join(" ")} } ${LOCK_FIELDS}`;
    accepted(await send(aliased(defaults.maxAliases)));
    refused(
      await send(aliased(defaults.maxAliases + 1)),
      "GRAPHQL_VALIDATION_FAILED",
      new RegExp(
        `Aliases limit of ${defaults.maxAliases} \\(LOCKGRAPH_MAX_ALIASES\\) exceeded, found ${defaults.maxAliases + 1}: use fewer aliases`,
      ),
    );
  });

  it(`tokens: ${MAX_TOKENS} a document`, async () => {
    // The SDK's acquire with its ids written into the document, not passed as a variable.
    const acquire = (count: number) =>
      print(AcquireIModelLocksDocument)
        .replace(
          "acquireIModelLocks(input: $input)",
          `acquireIModelLocks(input: { iModelId: "limits-tokens", briefcaseId: 3, level: SHARED, objectIds: [${longestIds(
            count,
          )
            .map((id) => `"${id}"`)
            .join(" ")}] })`,
        )
        .replace("($input: AcquireIModelLocksInput!)", "");
    const fixed = tokens(acquire(0));
    const atLimit = acquire(MAX_TOKENS - fixed);
    assert.equal(tokens(atLimit), MAX_TOKENS);
    accepted(await send(atLimit));
    refused(
      await send(acquire(MAX_TOKENS - fixed + 1)),
      "GRAPHQL_PARSE_FAILED",
      new RegExp(`more tha[nt] ${MAX_TOKENS} tokens.*Send long values \\(lists of ids\\) as variables`),
    );
  });

  describe(`acquireIModelLocks: ${MAX_ACQUIRE_OBJECT_IDS} object ids in one request, within the body limit`, () => {
    const body = (objectIds: string[], size?: number) => {
      const json = JSON.stringify({
        query: print(AcquireIModelLocksDocument),
        variables: { input: { iModelId: "limits-body", briefcaseId: 2, level: "SHARED", objectIds } },
      });
      return size === undefined ? json : json + " ".repeat(size - Buffer.byteLength(json));
    };
    const post = async (text: string) => {
      const response = await fetch(lockgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...CREDENTIALS },
        body: text,
      });
      return { status: response.status, ...((await response.json()) as object) } as GraphQLResult;
    };

    it(`object ids: ${MAX_ACQUIRE_OBJECT_IDS} of the longest kind accepted, one more refused`, async () => {
      const started = performance.now();
      const atLimit = await post(body(longestIds(MAX_ACQUIRE_OBJECT_IDS)));
      console.log(
        `${MAX_ACQUIRE_OBJECT_IDS} object ids acquired in ${Math.round(performance.now() - started)} ms`,
      );
      accepted(atLimit);
      const lock = atLimit.data?.acquireIModelLocks as { resource: { objectIds: string[] } };
      assert.equal(lock.resource.objectIds.length, MAX_ACQUIRE_OBJECT_IDS);
      const iModels = lockgraph.simulators.get(Provider.IMODELS);
      iModels.resetCalls();
      refused(
        await post(body(longestIds(MAX_ACQUIRE_OBJECT_IDS + 1))),
        "BAD_USER_INPUT",
        new RegExp(
          `objectIds takes at most ${MAX_ACQUIRE_OBJECT_IDS} entries \\(got ${MAX_ACQUIRE_OBJECT_IDS + 1}\\); send the rest`,
        ),
      );
      assert.equal(iModels.callCount, 0, "refused before the first vendor call");
    });

    it(`body: ${defaults.maxBodyBytes} bytes (LOCKGRAPH_MAX_BODY_BYTES), the object-id maximum inside it`, async () => {
      const ids = longestIds(MAX_ACQUIRE_OBJECT_IDS);
      assert.ok(Buffer.byteLength(body(ids)) < defaults.maxBodyBytes);
      accepted(await post(body(ids, defaults.maxBodyBytes)));
      const over = await fetch(lockgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...CREDENTIALS },
        body: body(ids, defaults.maxBodyBytes + 1),
      });
      assert.equal(over.status, 413);
      const said = ((await over.json()) as { errors: Array<{ message: string }> }).errors[0]?.message ?? "";
      assert.match(
        said,
        new RegExp(
          `larger than ${defaults.maxBodyBytes} bytes \\(LOCKGRAPH_MAX_BODY_BYTES\\): send fewer ids per request`,
        ),
      );
    });
  });

  describe(`ids per list: ${defaults.maxListLength} (LOCKGRAPH_MAX_LIST_LENGTH)`, () => {
    const max = defaults.maxListLength;
    const listRefusal = (argument: string) =>
      new RegExp(
        `${argument} takes at most ${max} entries \\(got ${max + 1}\\); send the rest in another request`,
      );
    const documentIds = (count: number) => Array.from({ length: count }, (_, i) => (i % 999) + 1);
    const fileIds = (count: number) =>
      Array.from({ length: count }, (_, i) => `D${i.toString(16).toUpperCase().padStart(43, "A")}`);

    it("documentIds", async () => {
      accepted(
        await send(print(DocumentLocksDocument), { documentIds: documentIds(defaults.maxListLength) }),
      );
      refused(
        await send(print(DocumentLocksDocument), { documentIds: documentIds(defaults.maxListLength + 1) }),
        "BAD_USER_INPUT",
        listRefusal("documentIds"),
      );
    });

    it("fileIds", async () => {
      accepted(await send(print(FileReservationsDocument), { fileIds: fileIds(defaults.maxListLength) }));
      refused(
        await send(print(FileReservationsDocument), { fileIds: fileIds(defaults.maxListLength + 1) }),
        "BAD_USER_INPUT",
        listRefusal("fileIds"),
      );
    });
  });

  it(`vendor calls: ${defaults.maxUpstreamCallsPerRequest} an operation (LOCKGRAPH_MAX_UPSTREAM_CALLS_PER_REQUEST)`, async () => {
    // Two of the SDK's documentLocks at the list limit make the 1,000 calls; one more read is one past.
    const perList = defaults.maxUpstreamCallsPerRequest / 2;
    assert.ok(perList <= defaults.maxListLength);
    const ids = Array.from({ length: perList }, (_, i) => i + 1);
    const lists = `a: documentLocks(documentIds: $ids) { ...LockFields } b: documentLocks(documentIds: $ids) { ...LockFields }`;
    accepted(await send(`query($ids: [Int!]!) { ${lists} } ${LOCK_FIELDS}`, { ids }));
    const superOffice = lockgraph.simulators.get(Provider.SUPEROFFICE);
    superOffice.resetCalls();
    refused(
      await send(
        `query($ids: [Int!]!) { ${lists} c: documentLock(documentId: 1) { ...LockFields } } ${LOCK_FIELDS}`,
        { ids },
      ),
      "BAD_USER_INPUT",
      new RegExp(
        `more than ${defaults.maxUpstreamCallsPerRequest} vendor calls \\(LOCKGRAPH_MAX_UPSTREAM_CALLS_PER_REQUEST\\); ask for fewer ids`,
      ),
      true,
    );
    assert.equal(superOffice.callCount, 0, "refused before the first vendor call");
  });

  it(`subscriptions: ${defaults.events.maxSubscriptionsPerConnection} a connection (LOCKGRAPH_WS_MAX_SUBSCRIPTIONS)`, async () => {
    const client = createClient({
      url: `ws://127.0.0.1:${lockgraph.port}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: CREDENTIALS,
    });
    const max = defaults.events.maxSubscriptionsPerConnection;
    const query = print(HoldEventsSubscription);
    try {
      // The cost limit holds over WebSocket too: a page of pages under each event is refused (and takes no place).
      const pages =
        "history(first: 100) { edges { node { hold { history(first: 100) { edges { node { id } } } } } } }";
      const costly = client.iterate({ query: `subscription { holdEvents { hold { ${pages} } } }` });
      await assert.rejects(costly.next(), (errors: Array<{ message: string }>) => {
        assert.match(errors[0]?.message ?? "", /LOCKGRAPH_MAX_COST/);
        return true;
      });
      const delivered = Array.from({ length: max }, () => {
        const events = client.iterate({ query });
        return events.next().then((first) => ({ first, events }));
      });
      const past = client.iterate({ query });
      await assert.rejects(past.next(), (errors: Array<{ message: string }>) => {
        assert.match(
          errors[0]?.message ?? "",
          new RegExp(`at most ${max} subscriptions; open another connection or end one`),
        );
        return true;
      });
      // Each of the first `max` is live: one acquire reaches all of them.
      await send(print(LockReferenceDataDocument), { clientId: 18 });
      for (const { first, events } of await Promise.all(delivered)) {
        assert.equal(
          (first.value as { data?: { holdEvents?: { kind: string } } }).data?.holdEvents?.kind,
          "ACQUIRED",
        );
        await events.return?.();
      }
    } finally {
      await client.dispose();
    }
  });
});

/** One keep-alive socket's answer to GET /healthz: its status line, or "closed" when it got none. */
function healthOver(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk;
      if (text.includes("\r\n\r\n")) resolve(text.slice(0, text.indexOf("\r\n")));
    });
    socket.on("close", () => resolve(text ? text.slice(0, text.indexOf("\r\n")) : "closed"));
    socket.on("error", () => undefined);
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  });
}

describe("the server's own limits, at a configured edge and one past", () => {
  let lockgraph: TestLockGraph;
  const MAX_CONNECTIONS = 4;
  const QUEUE = 3;

  before(async () => {
    lockgraph = await startTestLockGraph({
      LOCKGRAPH_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      LOCKGRAPH_SUPEROFFICE_MAX_CONCURRENCY: "1",
      LOCKGRAPH_UPSTREAM_MAX_QUEUE: String(QUEUE),
      // A read refused for a full queue is retried like any unavailable call; without retries
      // the refusal itself shows.
      LOCKGRAPH_UPSTREAM_RETRIES: "0",
    });
  });
  after(() => lockgraph.close());

  it("connections (LOCKGRAPH_MAX_CONNECTIONS): that many are served, one more is dropped", async () => {
    const sockets = Array.from({ length: MAX_CONNECTIONS + 1 }, () => connect(lockgraph.port, "127.0.0.1"));
    try {
      await Promise.all(sockets.slice(0, MAX_CONNECTIONS).map((s) => once(s, "connect")));
      const served = await Promise.all(sockets.slice(0, MAX_CONNECTIONS).map(healthOver));
      assert.deepEqual(served, Array(MAX_CONNECTIONS).fill("HTTP/1.1 200 OK"));
      assert.equal(await healthOver(sockets[MAX_CONNECTIONS] as Socket), "closed");
      assert.ok(lockgraph.logLines.some((line) => line.includes("LOCKGRAPH_MAX_CONNECTIONS")));
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it("calls waiting for a provider (LOCKGRAPH_UPSTREAM_MAX_QUEUE): that many wait, one more is refused", async () => {
    const superOffice = lockgraph.simulators.get(Provider.SUPEROFFICE);
    superOffice.latencyMs = 100;
    try {
      // One call on the provider's only connection and QUEUE waiting: every one answered.
      const full = await lockgraph.request(
        print(DocumentLocksDocument),
        { documentIds: Array.from({ length: QUEUE + 1 }, (_, i) => 101 + i) },
        CREDENTIALS,
      );
      accepted(full);
      const past = await lockgraph.request(
        print(DocumentLocksDocument),
        { documentIds: Array.from({ length: QUEUE + 2 }, (_, i) => 201 + i) },
        CREDENTIALS,
      );
      assert.equal(past.status, 200);
      assert.deepEqual(
        past.errors?.map((e) => [e.extensions.code, e.message]),
        [["UPSTREAM_UNAVAILABLE", "SUPEROFFICE has too many calls waiting; try again shortly."]],
      );
      // Only that one entry failed; the others answered (null: not checked out).
      assert.equal((past.data?.documentLocks as unknown[]).length, QUEUE + 2);
      assert.equal(past.errors?.[0]?.path?.[0], "documentLocks");
    } finally {
      superOffice.latencyMs = 0;
    }
  });
});
