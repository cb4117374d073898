import { composeServices, type CompositionResult } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { GraphQLResult } from "./lockgraph.js";
import { CREDENTIAL_HEADERS, KOODRIVE_USER_HEADER } from "../../src/vendors/registry.js";

/**
 * The supergraph of the federation tests: LockGraph beside a catalog subgraph that owns the
 * entities LockGraph adds fields to, composed the way `rover supergraph compose` would and
 * served by Apollo Gateway. Shared by test/e2e/supergraph.test.ts (one LockGraph) and the
 * replica topology (test/topology: LockGraph behind a load balancer).
 */

/** LockGraph's name in the supergraph: the gateway writes it into `extensions.serviceName` of the errors it passes on. */
export const LOCKGRAPH = "lockgraph";

export const freshFileId = () => `D${randomBytes(22).toString("hex").toUpperCase().slice(0, 43)}`;

export const CATALOG = {
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

export const CATALOG_SDL = parse(`
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

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startCatalog(): Promise<RunningServer> {
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
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}

/** The operator token header (docs/contract.md, "The ledger"): a router must pass it on like the credentials. */
export const OPERATOR_HEADER = "x-lockgraph-authorization";

/** Headers LockGraph reads a caller's credentials from (docs/contract.md, Credentials): the gateway must pass them on. */
export const FORWARDED_HEADERS = [
  ...Object.values(CREDENTIAL_HEADERS),
  KOODRIVE_USER_HEADER,
  OPERATOR_HEADER,
];

/** LockGraph's served SDL (as `rover subgraph introspect` reads it) composed with the catalog's. */
export async function composeWithCatalog(
  lockgraphUrl: string,
  catalogUrl: string,
): Promise<CompositionResult> {
  const response = await fetch(lockgraphUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const served = (await response.json()) as { data: { _service: { sdl: string } } };
  return composeServices([
    { name: LOCKGRAPH, url: lockgraphUrl, typeDefs: parse(served.data._service.sdl) },
    { name: "catalog", url: catalogUrl, typeDefs: CATALOG_SDL },
  ]);
}

interface GatewayContext {
  headers: IncomingHttpHeaders;
}

/** Apollo Gateway in-process behind its own Apollo Server; it forwards the caller's credential headers to LockGraph only. */
export async function startGateway(supergraphSdl: string): Promise<RunningServer> {
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
  return { url, stop: () => server.stop() };
}

/** POSTs one GraphQL operation and returns its status and body. */
export async function post<T>(
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
