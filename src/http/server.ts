import { setTimeout as sleep } from "node:timers/promises";
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
import { LimitLog } from "./limit-log.js";
import { sendJsonError, sendText, type Route } from "./routes.js";
import { attachSubscriptions } from "./subscriptions.js";

export interface LockGraph {
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  metrics: Metrics;
  /** The embedded simulators of providers that have no vendor URL configured. */
  simulators: SimulatorHost;
  container: Container;
  /** Stops at once: every connection is cut. */
  close(): Promise<void>;
  /**
   * The SIGTERM drain (docs/contract.md, "Running it"): /readyz answers 503 at once, new
   * GraphQL requests are refused with 503, requests in flight finish within `graceMs`, then
   * everything closes.
   */
  shutdown(graceMs: number): Promise<void>;
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

  const limits = new LimitLog(logger);
  let listening = false;
  let draining = false;
  let inFlight = 0;
  /** When the last GraphQL request arrived (answered or refused): the drain waits for quiet. */
  let lastArrival = 0;
  const parts = container.contextParts();
  const routes = new Map<string, Route>(
    [
      ...healthRoutes(() => listening && container.isReady()),
      metricsRoute(container.metrics),
      graphqlRoute({
        apollo,
        context: (headers, cancellation) => createContext(parts, headers, cancellation),
        maxBodyBytes: config.maxBodyBytes,
        onLimit: (limit, what) => limits.hit(limit, what),
        cors: new Cors(config.corsOrigins),
      }),
      ...browserPageRoutes({ demo: container.simulators.providers.length === VENDORS.length }),
    ].map((route) => [route.path, route]),
  );
  const prefixRoutes = [...routes.values()].filter((route) => route.prefix);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseTarget(req.url);
    if (!url) {
      limits.hit("bad_target", "a request target that is not a URL path");
      return sendJsonError(res, 400, "The request target is not a valid path.");
    }
    if (url.pathname === "/graphql" && req.method !== "OPTIONS") {
      lastArrival = Date.now();
      if (draining) {
        res.setHeader("connection", "close");
        return sendJsonError(
          res,
          503,
          "LockGraph is shutting down; send the request again (to another instance).",
        );
      }
      inFlight += 1;
      res.once("close", () => {
        inFlight -= 1;
      });
    }
    const match = routes.get(url.pathname) ?? prefixRoutes.find((r) => url.pathname.startsWith(r.path));
    if (!match) return sendText(res, 404, "not found");
    return match.handle(req, res, url);
  }

  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    route(req, res).catch((err: unknown) => {
      logger.error({ err }, "unexpected failure serving an HTTP request");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(
        '{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}',
      );
    });
  });

  // Node's defaults let a stalled client hold a socket for minutes and take every descriptor.
  server.headersTimeout = config.connections.headersTimeoutMs;
  server.requestTimeout = config.connections.requestTimeoutMs;
  server.keepAliveTimeout = config.connections.keepAliveTimeoutMs;
  server.maxConnections = config.connections.maxConnections;
  server.on("drop", () =>
    limits.hit("max_connections", `LOCKGRAPH_MAX_CONNECTIONS (${server.maxConnections})`),
  );
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    const timeout = err.code === "ERR_HTTP_REQUEST_TIMEOUT" || err.code === "ERR_HTTP_HEADERS_TIMEOUT";
    if (timeout) limits.hit("timeout", "a request's headers or body took longer than the configured timeout");
    if (socket.writable && !socket.writableEnded) {
      socket.end(
        timeout
          ? "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"
          : "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n",
      );
    }
    socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await apollo.stop();
    await container.close();
    throw error;
  }
  // Attached once listening: graphql-ws would report a failed listen as its own internal error.
  const { events } = config;
  const subscriptions = attachSubscriptions(server, {
    schema,
    path: "/graphql",
    limits: {
      maxPerConnection: events.maxSubscriptionsPerConnection,
      initTimeoutMs: events.wsInitTimeoutMs,
      keepAliveMs: events.wsKeepAliveMs,
      maxMessageBytes: config.maxBodyBytes,
      maxCost: config.maxCost,
      slowConsumerGraceMs: events.slowConsumerGraceMs,
    },
    validationRules: armor(config).validationRules,
    parseOptions: PARSE_OPTIONS,
    context: (headers, connection) => ({ ...createContext(parts, headers), connection }),
    formatError: formatError(logger),
    logger,
    metrics: container.metrics,
  });
  container.metrics.watchSubscriptions(() => ({
    connections: subscriptions.connections,
    subscriptions: container.events.subscriberCount,
  }));
  listening = true;
  const port = (server.address() as AddressInfo).port;
  const { simulators } = container;
  logger.info(
    { port, simulated: simulators.providers },
    `LockGraph serving on http://localhost:${port}/graphql`,
  );

  /**
   * Until the requests in flight are done and no new one has come for `shutdownQuietMs`, within
   * `graceMs`. The port stays open meanwhile: a request the load balancer sends before its
   * health check takes this replica out is answered 503 before any work (and replayed on
   * another replica) rather than meeting a port closed under it, where a connection already
   * accepted by the kernel is reset with its request sent, and cannot be replayed safely.
   */
  async function drained(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    const quietMs = Math.min(config.shutdownQuietMs, graceMs);
    lastArrival = Date.now(); // the load balancer may not have seen the 503 on /readyz yet
    while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastArrival < quietMs)) {
      await sleep(Math.min(50, deadline - Date.now()));
    }
  }

  const lockgraph: LockGraph = {
    url: `http://localhost:${port}/graphql`,
    port,
    metrics: container.metrics,
    simulators,
    container,
    close() {
      return lockgraph.shutdown(0);
    },
    async shutdown(graceMs) {
      listening = false;
      draining = true;
      await drained(graceMs);
      await subscriptions.drain(Math.min(WS_DRAIN_GRACE_MS, graceMs));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await container.close();
    },
  };
  return lockgraph;
}

/** The request target as a URL, or undefined when it is none (such as `http://[bad`). */
function parseTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? "/", "http://lockgraph");
  } catch {
    return undefined;
  }
}
