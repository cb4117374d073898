import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationContext,
} from "graphql";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Context } from "../context.js";
import { ErrorCode, LockGraphError } from "../domain/errors.js";
import type { Metrics } from "../metrics.js";
import { MAX_TOKENS } from "../domain/bounds.js";
import { costLimitPlugin } from "./operation-cost.js";
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
      const message = withTokenAdvice(withoutVariableValue(original as GraphQLError));
      return { ...formatted, message, extensions };
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

/** graphql-js's token limit says what happened; this adds what to do about it. */
function withTokenAdvice(message: string): string {
  if (!/^Syntax Error: Document contains more th\w+ \d+ tokens/.test(message)) return message;
  return `${message} Send long values (lists of ids) as variables, which do not count, or split the operation.`;
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
export const PARSE_OPTIONS = { maxTokens: MAX_TOKENS };

/** Most directives in one operation: no SDK operation uses any, so this only stops abuse. */
const MAX_DIRECTIVES = 50;

/**
 * armor's refusal ("Query depth limit of 12 exceeded, found 13.") reported as a validation
 * error that also names the variable that sets the limit and says what to do.
 */
function refuseWith(variable: string | null, advice: string) {
  const setBy = variable ? ` (${variable})` : "";
  return [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(
        new GraphQLError(
          error.message
            .replace(/^Syntax Error: /, "")
            .replace(/ exceeded, found (\d+)\.$/, `${setBy} exceeded, found $1: ${advice}`),
        ),
      ),
  ];
}

/**
 * Bounds on what one operation may ask for, checked before anything executes: depth,
 * aliases and directives (graphql-armor), and the cost (operation-cost.ts, which reads
 * variables and defaults). Fragments are no level of depth: Relay-style clients nest them.
 * Field suggestions ("Did you mean ...?") help people in Sandbox, so they are only hidden
 * in production. Tokens are bounded by graphql-js's own parser (`parseOptions`): armor's
 * token plugin throws from a hook, which Apollo answers as a 500 instead of a parse error.
 */
export function armor(config: Config) {
  return new ApolloArmor({
    maxDepth: {
      n: config.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: refuseWith("LOCKGRAPH_MAX_DEPTH", "ask for fewer nested levels (fragments do not count)."),
    },
    maxAliases: {
      n: config.maxAliases,
      propagateOnRejection: false,
      onReject: refuseWith("LOCKGRAPH_MAX_ALIASES", "use fewer aliases, or split the operation in two."),
    },
    costLimit: { enabled: false },
    maxDirectives: {
      n: MAX_DIRECTIVES,
      propagateOnRejection: false,
      onReject: refuseWith(null, "send fewer directives."),
    },
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
      costLimitPlugin(config.maxCost),
      upstreamBudgetPlugin(config.maxUpstreamCallsPerRequest),
      // LockGraph sets no cache hints; the plugin would only cost time on every field.
      ApolloServerPluginCacheControlDisabled(),
      config.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
