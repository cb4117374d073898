import type { IncomingHttpHeaders, Server } from "node:http";
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from "graphql";
import type { ConnectionInitMessage } from "graphql-ws";
// Renamed: graphql-ws's `useServer` is no React hook, whatever its name tells the linter.
import { useServer as serveGraphQLWs } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocket, WebSocketServer } from "ws";
import { costError, operationCost } from "./operation-cost.js";
import type { Metrics } from "../metrics.js";
import type { HeaderSource } from "../vendors/credentials.js";
import { SharedExecutions } from "./shared-execution.js";

/** Close code for a connection whose subscriber fell too far behind (docs/events.md). */
export const CLOSE_SLOW_CONSUMER = 4413;

export interface SubscriptionLimits {
  /** Subscriptions one connection may run at once. */
  maxPerConnection: number;
  /** A connection that has not sent connection_init by then is closed (4408). */
  initTimeoutMs: number;
  /** Ping interval; a client that does not pong within the next interval is cut off. */
  keepAliveMs: number;
  /** Largest message a client may send. */
  maxMessageBytes: number;
  /** LOCKGRAPH_MAX_COST, as HTTP operations have it. */
  maxCost: number;
  /** How long a dropped slow subscriber has to read the 4413 close before the TCP connection is cut. */
  slowConsumerGraceMs: number;
}

/** What a subscription's resolvers may do to their own connection. */
export interface ConnectionControl {
  /** Its subscriber fell too far behind: closes the connection with 4413 (see slowConsumerGraceMs). */
  dropSlowConsumer(reason: string): void;
}

export interface SubscriptionServerOptions<C> {
  schema: GraphQLSchema;
  path: string;
  limits: SubscriptionLimits;
  /** The same bounds HTTP operations get (depth, aliases...); the cost is checked with `limits.maxCost`. */
  validationRules?: readonly ValidationRule[];
  parseOptions?: ParseOptions;
  /** Builds a subscription's context from the connection_init payload, as HTTP builds it from headers. */
  context(headers: HeaderSource, connection: ConnectionControl): C;
  /** Shapes each error the client is sent: the HTTP error formatter. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  logger: Logger;
  /** Counts deliveries and drops (the gauges read `connections` themselves). */
  metrics: Pick<Metrics, "eventsDelivered" | "subscribersDropped">;
}

export interface SubscriptionServer {
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Closes every connection (1001 Going away), cuts off those that do not answer within `graceMs`. */
  drain(graceMs: number): Promise<void>;
}

/** Kept per connection from its connection_init payload. */
type ConnectionExtra = { lockgraph: { headers: HeaderSource } };

/**
 * The GraphQL over WebSocket protocol (graphql-transport-ws) beside HTTP on the same server
 * and path, the way Apollo Server's documentation wires it. Only subscriptions run here:
 * queries and mutations go over HTTP, where their own limits and plugins apply.
 */
export function attachSubscriptions<C>(
  server: Server,
  options: SubscriptionServerOptions<C>,
): SubscriptionServer {
  const wss = new WebSocketServer({ server, path: options.path, maxPayload: options.limits.maxMessageBytes });
  const documents = new DocumentCache(
    options.schema,
    [...specifiedRules, ...(options.validationRules ?? [])],
    options.parseOptions,
  );

  const executions = new SharedExecutions();

  serveGraphQLWs<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: options.schema,
      subscribe: (args) => executions.subscribe(args),
      connectionInitWaitTimeout: options.limits.initTimeoutMs,
      onConnect(ctx) {
        ctx.extra.lockgraph = { headers: connectionHeaders(ctx.connectionParams, ctx.extra.request.headers) };
        return true;
      },
      context(ctx) {
        const socket = ctx.extra.socket;
        const headers = ctx.extra.lockgraph?.headers ?? connectionHeaders(ctx.connectionParams, {});
        return options.context(headers, {
          dropSlowConsumer: (reason) => {
            options.metrics.subscribersDropped.inc();
            closeAfterGrace(socket, CLOSE_SLOW_CONSUMER, reason, options.limits.slowConsumerGraceMs);
          },
        });
      },
      onSubscribe(ctx, _id, payload) {
        if (Object.keys(ctx.subscriptions).length > options.limits.maxPerConnection) {
          return [
            badRequest(
              `One connection may run at most ${options.limits.maxPerConnection} subscriptions; open another connection or end one first.`,
            ),
          ];
        }
        const prepared = documents.prepare(payload.query);
        if (!("document" in prepared)) return prepared.errors;
        const { document } = prepared;
        const operations = document.definitions.filter((d) => d.kind === "OperationDefinition");
        const chosen = payload.operationName
          ? operations.find((o) => o.name?.value === payload.operationName)
          : operations[0];
        if (chosen && chosen.operation !== "subscription") {
          return [
            badRequest(
              "Only subscriptions run over WebSocket; send queries and mutations over HTTP to the same /graphql.",
            ),
          ];
        }
        const cost = chosen && operationCost(options.schema, document, chosen, payload.variables ?? {});
        if (cost && cost > options.limits.maxCost) return [costError(cost, options.limits.maxCost)];
        return {
          schema: options.schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
        };
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors?.length) {
          options.metrics.eventsDelivered.inc();
          return result;
        }
        return { ...result, errors: result.errors.map((e) => options.formatError(e.toJSON(), e)) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((e) => options.formatError(e.toJSON(), e));
      },
    },
    wss,
    options.limits.keepAliveMs,
  );
  wss.on("error", (err) => options.logger.error({ err }, "WebSocket server error"));

  return {
    get connections() {
      return wss.clients.size;
    },
    async drain(graceMs) {
      const open = [...wss.clients];
      await Promise.all(
        open.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === WebSocket.CLOSED) return resolve();
              socket.once("close", () => resolve());
              socket.close(
                1001,
                "Going away: LockGraph is shutting down; reconnect with afterEventId to resume",
              );
              setTimeout(() => socket.terminate(), graceMs).unref();
            }),
        ),
      );
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * The connection's headers: connection_init payload keys are header names in any letter case
 * (only string values count). A header the payload lacks is taken from the upgrade request,
 * where a router's header propagation puts it (browsers cannot set headers there).
 */
export function connectionHeaders(
  params: ConnectionInitMessage["payload"],
  upgrade: IncomingHttpHeaders,
): HeaderSource {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === "string") headers.set(name.toLowerCase(), value);
  }
  return {
    get(name) {
      const key = name.toLowerCase();
      const fromUpgrade = upgrade[key];
      return headers.get(key) ?? (typeof fromUpgrade === "string" ? fromUpgrade : undefined);
    },
  };
}

/**
 * The close frame queues behind what the kernel and ws still hold for the client: a client
 * that reads again within `graceMs` gets the events already sent, then this close. One that
 * still does not read cannot answer it; its TCP connection is cut after `graceMs`, and it
 * sees the connection end without a close frame (1006) whenever it reads again. Nothing more
 * is sent to it meanwhile, so it holds up no one.
 */
function closeAfterGrace(socket: WebSocket, code: number, reason: string, graceMs: number): void {
  if (socket.readyState >= WebSocket.CLOSING) return;
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), graceMs).unref();
}

/** Distinct subscription documents kept parsed and validated (the oldest is forgotten first). */
const DOCUMENTS_KEPT = 100;
/** Longer query texts are parsed for each subscription and not kept: clients choose the text. */
const KEPT_TEXT_MAX_LENGTH = 8_192;

/**
 * Parsed, validated documents by query text. Dashboards open many subscriptions with the
 * same query: each shares one immutable DocumentNode (with its tokens and locations) rather
 * than holding its own for as long as it runs (~3.6 KB each in a heap snapshot of 2,000),
 * and it is parsed and validated once. Bounded in entries and in text length.
 */
class DocumentCache {
  private readonly kept = new Map<string, { document: DocumentNode } | { errors: GraphQLError[] }>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    private readonly parseOptions: ParseOptions | undefined,
  ) {}

  prepare(query: string): { document: DocumentNode } | { errors: GraphQLError[] } {
    const known = this.kept.get(query);
    if (known) return known;
    const prepared = this.parseAndValidate(query);
    if (query.length > KEPT_TEXT_MAX_LENGTH) return prepared;
    if (this.kept.size >= DOCUMENTS_KEPT) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(query, prepared);
    return prepared;
  }

  private parseAndValidate(query: string): { document: DocumentNode } | { errors: GraphQLError[] } {
    let document: DocumentNode;
    try {
      document = parse(query, this.parseOptions);
    } catch (error) {
      return { errors: [withCode(error, "GRAPHQL_PARSE_FAILED")] };
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length) return { errors: errors.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")) };
    return { document };
  }
}

/** Parse and validation errors get the codes Apollo Server gives them over HTTP. */
function withCode(error: unknown, code: string): GraphQLError {
  if (!(error instanceof GraphQLError)) return badRequest("The query could not be parsed.");
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code: error.extensions.code ?? code },
  });
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } });
}
