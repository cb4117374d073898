import { composeServices, type CompositionResult } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { after, afterEach, before, describe, it } from "node:test";
import { CREDENTIAL_HEADERS, KOODRIVE_USER_HEADER } from "../../src/vendors/registry.js";
import { Provider } from "../../src/domain/providers.js";
import { oracleUser } from "../../src/vendors/oracle-content/simulator.js";
import type { Simulator } from "../../src/vendors/simulator.js";
import { associate } from "../../src/vendors/superoffice/simulator.js";
import { startTestLockGraph, type GraphQLResult, type TestLockGraph } from "../support/lockgraph.js";

/** LockGraph's name in the supergraph: the gateway writes it into `extensions.serviceName` of the errors it passes on. */
const LOCKGRAPH = "lockgraph";
/** The cap the `_entities` test starts LockGraph with, low enough that 80 file reads must queue behind it. */
const ORACLE_CAP = 8;

const freshFileId = () => `D${randomBytes(22).toString("hex").toUpperCase().slice(0, 43)}`;

/** The other subgraph of the test's supergraph: it owns the entities LockGraph only adds fields to. */
const CATALOG = {
  files: [
    { id: freshFileId(), name: "site-plan.dwg" },
    { id: freshFileId(), name: "budget.xlsx" },
  ],
  documents: [
    { id: "301", title: "Framework agreement" },
    { id: "302", title: "Price list" },
  ],
  imodels: [{ id: "supergraph-imodel-1", name: "Bridge" }],
};

const CATALOG_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type File @key(fields: "id") { id: ID!  name: String! }
  type Document @key(fields: "id") { id: ID!  title: String! }
  type IModel @key(fields: "id") { id: ID!  name: String! }

  type Query {
    files: [File!]!
    documents: [Document!]!
    imodels: [IModel!]!
  }
`);

const byId =
  <T extends { id: string }>(items: T[]) =>
  ({ id }: { id: string }) =>
    items.find((item) => item.id === id) ?? null;

function startCatalog(): Promise<{ server: ApolloServer; url: string }> {
  const schema = buildSubgraphSchema({
    typeDefs: CATALOG_SDL,
    resolvers: {
      Query: {
        files: () => CATALOG.files,
        documents: () => CATALOG.documents,
        imodels: () => CATALOG.imodels,
      },
      File: { __resolveReference: byId(CATALOG.files) },
      Document: { __resolveReference: byId(CATALOG.documents) },
      IModel: { __resolveReference: byId(CATALOG.imodels) },
    },
  });
  // Nothing here reports usage; without this, Apollo Server announces inline tracing on start.
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  return startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } }).then(({ url }) => ({
    server,
    url,
  }));
}

/** Headers LockGraph reads a caller's credentials from (docs/contract.md, Credentials): the gateway must pass them on. */
const FORWARDED_HEADERS = [...Object.values(CREDENTIAL_HEADERS), KOODRIVE_USER_HEADER];

interface GatewayContext {
  headers: IncomingHttpHeaders;
}

/** Apollo Gateway in-process behind its own Apollo Server; it forwards the caller's credential headers to LockGraph only. */
async function startGateway(
  supergraphSdl: string,
): Promise<{ server: ApolloServer<GatewayContext>; url: string }> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest({ request, context }) {
          if (name !== LOCKGRAPH) return;
          for (const header of FORWARDED_HEADERS) {
            const value = context.headers?.[header];
            if (typeof value === "string") request.http?.headers.set(header, value);
          }
        },
      }),
  });
  // As a production gateway runs: without this, Apollo Server adds the gateway's own stack to every error in development.
  const server = new ApolloServer<GatewayContext>({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => ({ headers: req.headers }),
  });
  return { server, url };
}

async function post<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

const oracle = (user: string) => ({ [CREDENTIAL_HEADERS[Provider.ORACLE_CONTENT]]: `Bearer ${user}` });
const superOffice = (user: string) => ({ [CREDENTIAL_HEADERS[Provider.SUPEROFFICE]]: `Bearer ${user}` });
const iModels = (user: string) => ({ [CREDENTIAL_HEADERS[Provider.IMODELS]]: `Bearer ${user}` });

const RESERVE = "mutation($fileId: ID!) { reserveFile(fileId: $fileId) { id state } }";
const CHECK_OUT =
  "mutation($documentId: Int!) { checkOutDocument(documentId: $documentId) { id holder { id } } }";

describe("LockGraph as a subgraph of a supergraph served by Apollo Gateway", () => {
  let lockgraph: TestLockGraph;
  let oracleSimulator: Simulator;
  let catalog: { server: ApolloServer; url: string };
  let composition: CompositionResult;
  let gateway: { server: ApolloServer<GatewayContext>; url: string } | undefined;

  const viaGateway = <T>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => post<T>(gateway!.url, query, variables, headers);

  before(async () => {
    lockgraph = await startTestLockGraph({ LOCKGRAPH_ORACLE_CONTENT_MAX_CONCURRENCY: String(ORACLE_CAP) });
    oracleSimulator = lockgraph.simulators.get(Provider.ORACLE_CONTENT);
    catalog = await startCatalog();
    // The SDL LockGraph serves, as `rover subgraph introspect` would read it.
    const served = await lockgraph.request<{ _service: { sdl: string } }>("{ _service { sdl } }");
    composition = composeServices([
      { name: LOCKGRAPH, url: lockgraph.url, typeDefs: parse(served.data!._service.sdl) },
      { name: "catalog", url: catalog.url, typeDefs: CATALOG_SDL },
    ]);
    // Without a supergraph there is no gateway; the composition test then says why.
    if (composition.supergraphSdl) gateway = await startGateway(composition.supergraphSdl);
  });
  afterEach(() => {
    oracleSimulator.clearFaults();
    oracleSimulator.latencyMs = 0;
  });
  after(async () => {
    await gateway?.server.stop();
    await catalog?.server.stop();
    await lockgraph?.close();
  });

  describe("composition", () => {
    it("composes LockGraph's served SDL with a subgraph that owns File, Document and IModel, without errors", () => {
      assert.deepEqual(composition.errors?.map((error) => error.message) ?? [], []);
      assert.match(composition.supergraphSdl ?? "", /join__graph\(name: "lockgraph"/);
    });
  });

  describe("one query, two subgraphs", () => {
    it("answers files with their names from the catalog and alice's reservation from LockGraph", async () => {
      const [held, free] = CATALOG.files;
      const reserved = await viaGateway<{ reserveFile: { id: string } }>(
        RESERVE,
        { fileId: held!.id },
        oracle("alice"),
      );

      const result = await viaGateway<{ files: unknown[] }>(
        "{ files { id name reservation { id state reservedBy { id } } } }",
        {},
        oracle("alice"),
      );

      assert.equal(result.errors, undefined);
      assert.deepEqual(result.data?.files, [
        {
          id: held!.id,
          name: held!.name,
          reservation: {
            id: reserved.data?.reserveFile.id,
            state: "HELD",
            reservedBy: { id: oracleUser("alice").id },
          },
        },
        { id: free!.id, name: free!.name, reservation: null },
      ]);
    });

    it("answers documents with their titles from the catalog and alice's checkout from LockGraph", async () => {
      const [checkedOut, free] = CATALOG.documents;
      const checkout = await viaGateway<{ checkOutDocument: { id: string } }>(
        CHECK_OUT,
        { documentId: Number(checkedOut!.id) },
        superOffice("alice"),
      );

      const result = await viaGateway<{ documents: unknown[] }>(
        "{ documents { id title lock { id holder { id } } } }",
        {},
        superOffice("alice"),
      );

      assert.equal(result.errors, undefined);
      assert.deepEqual(result.data?.documents, [
        {
          id: checkedOut!.id,
          title: checkedOut!.title,
          lock: {
            id: checkout.data?.checkOutDocument.id,
            holder: { id: String(associate("alice").AssociateId) },
          },
        },
        { id: free!.id, title: free!.title, lock: null },
      ]);
    });

    it("answers an iModel's name from the catalog and the locks its briefcases hold from LockGraph", async () => {
      const [model] = CATALOG.imodels;
      const acquired = await viaGateway<{ acquireIModelLocks: { id: string } }>(
        "mutation($input: AcquireIModelLocksInput!) { acquireIModelLocks(input: $input) { id } }",
        { input: { iModelId: model!.id, briefcaseId: 7, level: "EXCLUSIVE", objectIds: ["0x1a", "0x1b"] } },
        iModels("alice"),
      );

      const result = await viaGateway<{ imodels: unknown[] }>(
        "{ imodels { id name locks { edges { node { id level holder { id } resource { objectIds } } } } } }",
        {},
        iModels("alice"),
      );

      assert.equal(result.errors, undefined);
      assert.deepEqual(result.data?.imodels, [
        {
          id: model!.id,
          name: model!.name,
          locks: {
            edges: [
              {
                node: {
                  id: acquired.data?.acquireIModelLocks.id,
                  level: "EXCLUSIVE",
                  holder: { id: "7" },
                  resource: { objectIds: ["0x1a", "0x1b"] },
                },
              },
            ],
          },
        },
      ]);
    });
  });

  describe("errors through the gateway", () => {
    it("gives bob LOCK_CONFLICT on reserveFile with LockGraph's extensions intact, plus the gateway's serviceName", async () => {
      const fileId = freshFileId();
      await viaGateway(RESERVE, { fileId }, oracle("alice"));

      const result = await viaGateway(RESERVE, { fileId }, oracle("bob"));

      assert.equal(result.status, 200);
      assert.deepEqual(result.data, { reserveFile: null });
      assert.deepEqual(result.errors, [
        {
          message:
            "ORACLE_CONTENT failed with LOCK_CONFLICT (HTTP 409): Could not reserve file. It is reserved by 'User alice'.",
          path: ["reserveFile"],
          extensions: {
            code: "LOCK_CONFLICT",
            provider: "ORACLE_CONTENT",
            upstream: {
              status: 409,
              code: "-1",
              message: "Could not reserve file. It is reserved by 'User alice'.",
            },
            serviceName: LOCKGRAPH,
          },
        },
      ]);
    });

    it("gives bob LOCK_CONFLICT on checkOutDocument with code and provider intact", async () => {
      await viaGateway(CHECK_OUT, { documentId: 310 }, superOffice("alice"));

      const result = await viaGateway(CHECK_OUT, { documentId: 310 }, superOffice("bob"));

      assert.deepEqual(
        result.errors?.map(({ path, extensions }) => ({
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

    it("puts a failed entity field's error at the client's path: files[0].reservation, the other file unharmed", async () => {
      const [failing] = CATALOG.files;
      oracleSimulator.inject({
        path: `/files/${failing!.id}`,
        status: 403,
        body: {
          errorCode: "-20",
          errorMessage: "Insufficient privileges.",
          errorKey: "!csInsufficientPrivileges",
          id: failing!.id,
          title: "Insufficient privileges.",
          type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
        },
      });

      const result = await viaGateway<{ files: Array<{ id: string; reservation: unknown }> }>(
        "{ files { id reservation { id } } }",
        {},
        oracle("carol"),
      );

      assert.deepEqual(
        result.errors?.map(({ path, extensions }) => ({
          path,
          code: extensions.code,
          provider: extensions.provider,
        })),
        [{ path: ["files", 0, "reservation"], code: "FORBIDDEN", provider: "ORACLE_CONTENT" }],
      );
      assert.deepEqual(
        result.data?.files.map((file) => file.id),
        CATALOG.files.map((file) => file.id),
      );
    });
  });

  describe("_entities straight to LockGraph", () => {
    it("reads 100 File representations with 80 distinct ids in 80 concurrent Oracle calls, never more than the cap at once", async () => {
      const distinct = Array.from({ length: 80 }, freshFileId);
      const representations = [...distinct, ...distinct.slice(0, 20)].map((id) => ({
        __typename: "File",
        id,
      }));
      oracleSimulator.latencyMs = 20;
      oracleSimulator.resetCalls();

      const result = await lockgraph.request<{ _entities: unknown[] }>(
        "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on File { id reservation { id } } } }",
        { representations },
        oracle("alice"),
      );

      assert.equal(result.errors, undefined);
      assert.equal(result.data?._entities.length, 100);
      assert.equal(oracleSimulator.callCount, 80);
      // Not `=== ORACLE_CAP`: on a loaded machine a first call may finish before the eighth arrives.
      assert.ok(
        oracleSimulator.maxInFlight > 1,
        `calls were not concurrent: at most ${oracleSimulator.maxInFlight} at once`,
      );
      assert.ok(
        oracleSimulator.maxInFlight <= ORACLE_CAP,
        `${oracleSimulator.maxInFlight} calls in flight at once, past the cap of ${ORACLE_CAP}`,
      );
    });
  });
});
