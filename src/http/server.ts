import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { Container, type ContainerOptions } from "../container.js";
import { createContext } from "../context.js";
import { createLogger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { buildLockGraphSchema } from "../schema/build-schema.js";
import { VENDORS } from "../vendors/registry.js";
import type { SimulatorHost } from "../vendors/simulator-host.js";
import { PARSE_OPTIONS, armor, createApollo, formatError } from "./apollo.js";
import { browserPageRoutes } from "./browser-pages.js";
import { Cors } from "./cors.js";
import { graphqlRoute } from "./graphql-route.js";
import { healthRoutes } from "./health.js";
import { metricsRoute } from "./metrics-route.js";
import { sendText, type Route } from "./routes.js";
import { attachSubscriptions } from "./subscriptions.js";

export interface LockGraph {
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  metrics: Metrics;
  /** The embedded simulators of providers that have no vendor URL configured. */
  simulators: SimulatorHost;
  container: Container;
  close(): Promise<void>;
}

export type StartOptions = ContainerOptions;

/** How long a WebSocket client has on shutdown to answer the close (1001) before it is cut off. */
const WS_DRAIN_GRACE_MS = 2_000;

/**
 * Starts everything `npm start` serves: the container (simulators, upstream clients), the
 * schema (built once), Apollo Server, and the HTTP server with the routes below.
 */
export async function startLockGraph(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  options: StartOptions = {},
): Promise<LockGraph> {
  const container = await Container.create(config, { logger, ...options });
  const schema = await buildLockGraphSchema({ vendors: container.vendors });
  const apollo = createApollo(schema, config, logger, container.metrics);
  await apollo.start();

  let listening = false;
  const parts = container.contextParts();
  const routes = new Map<string, Route>(
    [
      ...healthRoutes(() => listening && container.isReady()),
      metricsRoute(container.metrics),
      graphqlRoute({
        apollo,
        context: (headers, signal) => createContext(parts, headers, signal),
        maxBodyBytes: config.maxBodyBytes,
        cors: new Cors(config.corsOrigins),
      }),
      ...browserPageRoutes({ demo: container.simulators.providers.length === VENDORS.length }),
    ].map((route) => [route.path, route]),
  );
  const prefixRoutes = [...routes.values()].filter((route) => route.prefix);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://lockgraph");
    const match = routes.get(url.pathname) ?? prefixRoutes.find((r) => url.pathname.startsWith(r.path));
    if (!match) return sendText(res, 404, "not found");
    return match.handle(req, res, url);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      logger.error({ err }, "unexpected failure serving an HTTP request");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(
        '{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}',
      );
    });
  });

  const { events } = config;
  const subscriptions = attachSubscriptions(server, {
    schema,
    path: "/graphql",
    limits: {
      maxPerConnection: events.maxSubscriptionsPerConnection,
      initTimeoutMs: events.wsInitTimeoutMs,
      keepAliveMs: events.wsKeepAliveMs,
      maxMessageBytes: config.maxBodyBytes,
    },
    validationRules: armor(config).validationRules,
    parseOptions: PARSE_OPTIONS,
    context: (headers, connection) => ({ ...createContext(parts, headers), connection }),
    formatError: formatError(logger),
    logger,
  });

  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  listening = true;
  const port = (server.address() as AddressInfo).port;
  const { simulators } = container;
  logger.info(
    { port, simulated: simulators.providers },
    `LockGraph serving on http://localhost:${port}/graphql`,
  );

  return {
    url: `http://localhost:${port}/graphql`,
    port,
    metrics: container.metrics,
    simulators,
    container,
    async close() {
      listening = false;
      await subscriptions.drain(WS_DRAIN_GRACE_MS);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await container.close();
    },
  };
}
