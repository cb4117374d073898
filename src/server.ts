import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from "@apollo/server";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { createApollo } from "./apollo.js";
import type { Config } from "./config.js";
import { createContext, type Context } from "./context.js";
import { BackupLockStore } from "./datasources/backup-lock-store.js";
import type { DataSourceDeps } from "./datasources/index.js";
import { UpstreamClient } from "./datasources/http.js";
import { createLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { PayloadTooLarge, readBody } from "./read-body.js";
import { buildLockGraphSchema } from "./schema/build-schema.js";
import { PROVIDERS, type Provider } from "./schema/provider.enum.js";
import { SimulatorHost } from "./simulators/host.js";

export interface LockGraph {
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  metrics: Metrics;
  /** The embedded simulators of providers that have no vendor URL configured. */
  simulators: SimulatorHost;
  close(): Promise<void>;
}

/**
 * Starts everything `npm start` serves: the embedded simulators LockGraph needs, one
 * upstream client per provider, the schema (built once), Apollo Server, and the HTTP
 * server with /graphql, /healthz, /readyz and /metrics.
 */
export async function startLockGraph(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<LockGraph> {
  const metrics = new Metrics();
  const simulators = await SimulatorHost.start(PROVIDERS.filter((p) => !config.upstream[p].url));
  const clients = Object.fromEntries(
    PROVIDERS.map((p) => [p, new UpstreamClient(p, config.upstream[p].url ?? simulators.url(p), config.upstream[p], metrics)]),
  ) as Record<Provider, UpstreamClient>;
  const deps: DataSourceDeps = { clients, limits: { maxListLength: config.maxListLength }, backupLocks: new BackupLockStore() };

  const apollo = createApollo(await buildLockGraphSchema(), config, logger, metrics);
  await apollo.start();

  let ready = false;
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      logger.error({ err }, "unexpected failure serving an HTTP request");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end('{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://lockgraph");
    switch (url.pathname) {
      case "/healthz":
        return sendText(res, 200, "ok");
      case "/readyz":
        return sendText(res, ready ? 200 : 503, ready ? "ready" : "not ready");
      case "/metrics":
        return sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      case "/graphql":
        return serveGraphQL(apollo, deps, config, req, res, url);
      default:
        return sendText(res, 404, "not found");
    }
  }

  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  ready = true;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, simulated: simulators.providers }, `LockGraph serving on http://localhost:${port}/graphql`);

  return {
    url: `http://localhost:${port}/graphql`,
    port,
    metrics,
    simulators,
    async close() {
      ready = false;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await Promise.all(Object.values(clients).map((c) => c.close()));
      await simulators.close();
    },
  };
}

async function serveGraphQL(
  apollo: ApolloServer<Context>,
  deps: DataSourceDeps,
  config: Config,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  let text: string;
  try {
    text = await readBody(req, config.maxBodyBytes);
  } catch (error) {
    if (error instanceof PayloadTooLarge) return sendJsonError(res, 413, `The request body is larger than ${config.maxBodyBytes} bytes.`);
    throw error;
  }
  let body: unknown = text;
  if (/^application\/(graphql-response\+)?json\b/i.test(headers.get("content-type") ?? "") && text) {
    try {
      body = JSON.parse(text);
    } catch {
      return sendJsonError(res, 400, "The request body is not valid JSON.");
    }
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method: (req.method ?? "GET").toUpperCase(), headers, search: url.search, body };
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => createContext(deps, headers) });

  const outHeaders: Record<string, string | number> = {};
  for (const [name, value] of response.headers) outHeaders[name] = value;
  if (response.body.kind === "complete") {
    // A known length spares chunked encoding: one socket write instead of a corked writev.
    outHeaders["content-length"] = Buffer.byteLength(response.body.string);
    res.writeHead(response.status ?? 200, outHeaders);
    res.end(response.body.string);
    return;
  }
  res.writeHead(response.status ?? 200, outHeaders);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function sendText(res: ServerResponse, status: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "content-type": contentType });
  res.end(text);
}

function sendJsonError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] }));
}
