import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Context } from "../context.js";
import { ErrorCode, LockGraphError } from "../domain/errors.js";
import type { Metrics } from "../metrics.js";
import { upstreamBudgetPlugin } from "./upstream-budget.js";

/** Codes Apollo Server itself gives to request errors; they describe the caller's request, not a bug. */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Contract errors pass as they are; anything else is a LockGraph bug: logged here with
 * its stack, and answered as INTERNAL_SERVER_ERROR with a message that says nothing of internals.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const requestError =
      original instanceof GraphQLError && typeof code === "string" && REQUEST_ERROR_CODES.has(code);
    if (original instanceof LockGraphError || requestError) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message: withoutVariableValue(original as GraphQLError), extensions };
    }
    logger.error({ err: original, path: formatted.path }, "internal error while serving a GraphQL request");
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * graphql-js quotes a variable's whole value when it cannot coerce it
 * (`Variable "$link" got invalid value { accessCode: "..." } at "link.linkId"; ...`),
 * and a value may hold a secret such as a public link's access code. The message keeps
 * the variable, the path and the reason, and drops every value.
 */
function withoutVariableValue(error: GraphQLError): string {
  const variable = /^Variable "\$([^"]+)" got invalid value/.exec(error.message)?.[1];
  if (!variable) return error.message;
  const reason = error.originalError?.message ?? "";
  const prefix = reason ? error.message.slice(0, error.message.length - reason.length - 2) : error.message;
  const at = / at "([^"]*)"$/.exec(prefix)?.[1];
  const valueFree = reason.replace(/(cannot represent[^:]*):.*$/s, "$1.");
  return `Variable "$${variable}" got an invalid value${at ? ` at "${at}"` : ""}${valueFree ? `; ${valueFree}` : "."}`;
}

/**
 * One access-log line and one metric per operation: name, type, outcome (ok, partial,
 * error), duration, and the error codes - never variables or headers, which may carry secrets.
 */
function observabilityPlugin(metrics: Metrics, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, response }) {
          if (response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          const outcome = !errors?.length ? "ok" : data ? "partial" : "error";
          const name = operationName ?? "anonymous";
          const type = operation?.operation ?? "unknown";
          metrics.countOperation(name, type, outcome);
          if (!logger.isLevelEnabled("info")) return;
          logger.info(
            {
              operation: name,
              type,
              outcome,
              ms: Math.round(performance.now() - started),
              codes: errors?.map((e) => e.extensions?.code),
            },
            "graphql operation",
          );
        },
      };
    },
  };
}

/** Most lexical tokens in one document; graphql-js stops parsing past it. Subscriptions share it. */
export const PARSE_OPTIONS = { maxTokens: 5_000 };

/**
 * Bounds on what one operation may ask for, checked before anything executes: depth,
 * aliases, static cost and directives. Field suggestions ("Did you mean ...?") help
 * people in Sandbox, so they are only hidden in production. Tokens are bounded by
 * graphql-js's own parser (`parseOptions`): armor's token plugin throws from a hook,
 * which Apollo answers as a 500 instead of a parse error.
 */
export function armor(config: Config) {
  return new ApolloArmor({
    maxDepth: { n: config.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: config.maxAliases },
    costLimit: { maxCost: config.maxCost, ignoreIntrospection: true },
    maxDirectives: { n: 50 },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  }).protect();
}

export function createApollo(
  schema: GraphQLSchema,
  config: Config,
  logger: Logger,
  metrics: Metrics,
): ApolloServer<Context> {
  const limits = armor(config);
  return new ApolloServer<Context>({
    schema,
    // Apollo's own messages go through pino too, so every log line is structured.
    logger,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // LockGraph drains on SIGTERM itself (server.ts). Apollo's own handler, on by default outside
    // NODE_ENV=test, stops Apollo and re-sends the signal: the process died ~20 ms into the drain,
    // cutting the requests in flight.
    stopOnTerminationSignals: false,
    validationRules: limits.validationRules,
    parseOptions: PARSE_OPTIONS,
    formatError: formatError(logger),
    plugins: [
      // graphql-armor's plugins read no context, so they serve any context type.
      ...(limits.plugins as ApolloServerPlugin<Context>[]),
      observabilityPlugin(metrics, logger),
      upstreamBudgetPlugin(config.maxUpstreamCallsPerRequest),
      // LockGraph sets no cache hints; the plugin would only cost time on every field.
      ApolloServerPluginCacheControlDisabled(),
      config.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
