import { z } from "zod";
import {
  DEFAULT_MAX_ALIASES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_COST,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_LIST_LENGTH,
  DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION,
  DEFAULT_MAX_UPSTREAM_CALLS,
} from "./domain/bounds.js";
import { type DatabaseLocation, databaseLocation } from "./ledger/open-database.js";
import type { VendorDefinition } from "./vendors/definition.js";
import type { UpstreamPolicyConfig } from "./vendors/http.js";
import { VENDORS } from "./vendors/registry.js";

export type { UpstreamPolicyConfig };

export interface Config {
  port: number;
  production: boolean;
  introspection: boolean;
  landingPage: boolean;
  logLevel: string;
  maxBodyBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxListLength: number;
  /** The longest one operation waits on vendors, retries and queueing included. */
  requestDeadlineMs: number;
  /** Most vendor calls one operation may make (lists, aliases and `_entities` included). */
  maxUpstreamCallsPerRequest: number;
  /**
   * On SIGTERM, how long requests in flight may take to finish; the ledger's drain of
   * acquires whose vendor answer is still due is bounded by the same value.
   */
  shutdownGraceMs: number;
  /** The drain keeps the port open until no GraphQL request has come for this long (the load balancer took it out). */
  shutdownQuietMs: number;
  /** Origins (scheme://host[:port]) whose pages may call LockGraph from a browser. */
  corsOrigins: string[];
  /** By provider: each vendor definition's URL variable (docs/contract.md, "Running it") and policies. */
  upstream: Record<string, UpstreamPolicyConfig>;
  /** Live hold events and their WebSocket transport (docs/events.md). */
  events: EventsConfig;
  ledger: LedgerConfig;
  /** LOCKGRAPH_OPERATOR_TOKENS: the tokens that open operator-only fields; empty, nobody is one. */
  operatorTokens: string[];
  /** Limits of the HTTP server: a stalled or flooding client cannot hold sockets or descriptors. */
  connections: {
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
  };
}

export interface EventsConfig {
  /** EXPIRING is recorded this long before a lease ends. */
  expiryWarningMs: number;
  /** How often each replica sweeps leases for EXPIRING and EXPIRED. */
  leaseSweepMs: number;
  /** How often a non-operator subscription's access is checked again at the vendors. */
  recheckMs: number;
  /** Live events one subscriber may have waiting before it is dropped. */
  subscriberBuffer: number;
  maxSubscriptionsPerConnection: number;
  wsInitTimeoutMs: number;
  wsKeepAliveMs: number;
  /** How long a dropped subscriber has to read what was sent and the 4413 close before it is cut off. */
  slowConsumerGraceMs: number;
}

export interface LedgerConfig {
  /** LOCKGRAPH_DATABASE_URL and LOCKGRAPH_DATA_DIR (docs/ledger.md). */
  location: DatabaseLocation;
  /** LOCKGRAPH_LEDGER_KEY: the key of KooDrive credential bindings; unset, one kept in the ledger. */
  ledgerKey: string | undefined;
  /** LOCKGRAPH_EVENT_RETENTION_DAYS */
  retentionDays: number;
}

export class ConfigError extends Error {}

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `must be a whole number from ${min} to ${max}`)
        .max(max, `must be a whole number from ${min} to ${max}`),
    );

const boolean = z
  .enum(["true", "false", "1", "0"], "must be true or false")
  .transform((v) => v === "true" || v === "1");

// The value is never echoed: a URL may carry user:password.
const httpUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "must be an absolute http(s) URL")
  .transform((v) => v.replace(/\/+$/, ""));

/** scheme://host[:port] and nothing else: what a browser sends in `Origin`. */
const isOrigin = (url: URL) =>
  /^https?:$/.test(url.protocol) &&
  !url.username &&
  !url.password &&
  url.pathname === "/" &&
  !url.search &&
  !url.hash;

/**
 * Comma-separated origins, normalised as browsers send them (lower-case host, no default
 * port). A bad entry is named by its position, not echoed.
 */
const origins = z.string().transform((value, ctx) =>
  value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const url = URL.canParse(entry) ? new URL(entry) : undefined;
      if (url && isOrigin(url)) return url.origin;
      ctx.addIssue({
        code: "custom",
        message: `entry ${index + 1} is not an origin: give comma-separated origins such as https://dashboard.example.com (scheme, host and optional port, nothing after)`,
      });
      return "";
    }),
);

/** Reads one variable, falling back to a default; throws one line naming the variable. */
function read<T>(env: NodeJS.ProcessEnv, name: string, schema: z.ZodType<T, string>, fallback: T): T;
function read<T>(env: NodeJS.ProcessEnv, name: string, schema: z.ZodType<T, string>): T | undefined;
function read<T>(
  env: NodeJS.ProcessEnv,
  name: string,
  schema: z.ZodType<T, string>,
  fallback?: T,
): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const parsed = schema.safeParse(raw.trim());
  if (!parsed.success) throw new ConfigError(`${name} ${parsed.error.issues[0]?.message ?? "is invalid"}`);
  return parsed.data;
}

/** Turns the environment into one validated config, or throws a ConfigError naming the bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  vendors: readonly VendorDefinition[] = VENDORS,
): Config {
  const production = env.NODE_ENV === "production";
  const requestDeadlineMs = read(env, "LOCKGRAPH_REQUEST_DEADLINE_MS", integer(1, 600_000), 10_000);
  const shared = {
    deadlineMs: requestDeadlineMs,
    maxQueue: read(env, "LOCKGRAPH_UPSTREAM_MAX_QUEUE", integer(0, 1_000_000), 1_000),
    timeoutMs: read(env, "LOCKGRAPH_UPSTREAM_TIMEOUT_MS", integer(1, 600_000), 5_000),
    maxConcurrency: read(env, "LOCKGRAPH_UPSTREAM_MAX_CONCURRENCY", integer(1, 1_000), 16),
    retries: read(env, "LOCKGRAPH_UPSTREAM_RETRIES", integer(0, 10), 2),
    retryAfterCapMs: read(env, "LOCKGRAPH_RETRY_AFTER_CAP_SECONDS", integer(0, 300), 5) * 1000,
    breakerThreshold: read(env, "LOCKGRAPH_BREAKER_THRESHOLD", integer(1, 1_000), 5),
    breakerResetMs: read(env, "LOCKGRAPH_BREAKER_RESET_MS", integer(1, 3_600_000), 10_000),
  };
  const upstream = Object.fromEntries(
    vendors.map(({ provider, urlVariable: urlVar }) => {
      const prefix = urlVar.replace(/_URL$/, "");
      const policy: UpstreamPolicyConfig = {
        ...shared,
        url: read(env, urlVar, httpUrl),
        timeoutMs: read(env, `${prefix}_TIMEOUT_MS`, integer(1, 600_000), shared.timeoutMs),
        maxConcurrency: read(env, `${prefix}_MAX_CONCURRENCY`, integer(1, 1_000), shared.maxConcurrency),
      };
      return [provider, policy];
    }),
  );

  // In production a missing vendor URL is a mistake, not a wish for the demo simulators (which accept any token).
  const unset = vendors.filter((v) => !upstream[v.provider]?.url).map((v) => v.urlVariable);
  if (production && unset.length > 0 && !read(env, "LOCKGRAPH_SIMULATORS", boolean, false)) {
    throw new ConfigError(
      `NODE_ENV=production needs every vendor URL: set ${unset.join(", ")} (or LOCKGRAPH_SIMULATORS=true to run the embedded simulators)`,
    );
  }

  return {
    port: read(env, "PORT", integer(0, 65_535), 4000),
    production,
    // A production deployment shows its schema and Sandbox only when asked to.
    introspection: read(env, "LOCKGRAPH_INTROSPECTION", boolean, !production),
    landingPage: read(env, "LOCKGRAPH_LANDING_PAGE", boolean, !production),
    logLevel: read(
      env,
      "LOG_LEVEL",
      z.enum(
        ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
        "must be one of fatal, error, warn, info, debug, trace, silent",
      ),
      "info",
    ),
    maxBodyBytes: read(
      env,
      "LOCKGRAPH_MAX_BODY_BYTES",
      integer(1_024, 100 * 1024 * 1024),
      DEFAULT_MAX_BODY_BYTES,
    ),
    maxDepth: read(env, "LOCKGRAPH_MAX_DEPTH", integer(1, 100), DEFAULT_MAX_DEPTH),
    maxAliases: read(env, "LOCKGRAPH_MAX_ALIASES", integer(1, 1_000), DEFAULT_MAX_ALIASES),
    maxCost: read(env, "LOCKGRAPH_MAX_COST", integer(1, 1_000_000), DEFAULT_MAX_COST),
    maxListLength: read(env, "LOCKGRAPH_MAX_LIST_LENGTH", integer(1, 100_000), DEFAULT_MAX_LIST_LENGTH),
    requestDeadlineMs,
    maxUpstreamCallsPerRequest: read(
      env,
      "LOCKGRAPH_MAX_UPSTREAM_CALLS_PER_REQUEST",
      integer(1, 1_000_000),
      DEFAULT_MAX_UPSTREAM_CALLS,
    ),
    shutdownGraceMs: read(env, "LOCKGRAPH_SHUTDOWN_GRACE_MS", integer(0, 600_000), 10_000),
    shutdownQuietMs: read(env, "LOCKGRAPH_SHUTDOWN_QUIET_MS", integer(0, 600_000), 1_000),
    corsOrigins: read(env, "LOCKGRAPH_CORS_ORIGINS", origins, []),
    connections: connectionLimits(env),
    upstream,
    events: {
      expiryWarningMs: read(env, "LOCKGRAPH_EXPIRY_WARNING_SECONDS", integer(1, 86_400), 120) * 1000,
      leaseSweepMs: read(env, "LOCKGRAPH_LEASE_SWEEP_MS", integer(50, 3_600_000), 5_000),
      recheckMs: read(env, "LOCKGRAPH_SUBSCRIPTION_RECHECK_SECONDS", integer(1, 86_400), 300) * 1000,
      subscriberBuffer: read(env, "LOCKGRAPH_SUBSCRIPTION_BUFFER", integer(1, 100_000), 1_000),
      maxSubscriptionsPerConnection: read(
        env,
        "LOCKGRAPH_WS_MAX_SUBSCRIPTIONS",
        integer(1, 1_000),
        DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      ),
      wsInitTimeoutMs: read(env, "LOCKGRAPH_WS_INIT_TIMEOUT_MS", integer(100, 600_000), 5_000),
      wsKeepAliveMs: read(env, "LOCKGRAPH_WS_KEEPALIVE_MS", integer(100, 600_000), 12_000),
      slowConsumerGraceMs: read(env, "LOCKGRAPH_WS_SLOW_CONSUMER_GRACE_MS", integer(0, 600_000), 5_000),
    },
    ledger: {
      location: readDatabaseLocation(env),
      ledgerKey: read(env, "LOCKGRAPH_LEDGER_KEY", z.string().min(32, "must be at least 32 characters")),
      retentionDays: read(env, "LOCKGRAPH_EVENT_RETENTION_DAYS", integer(1, 36_500), 90),
    },
    operatorTokens: read(env, "LOCKGRAPH_OPERATOR_TOKENS", operatorTokens, []),
  };
}

// Each token is a secret: never echoed, and short ones are refused as guessable.
const operatorTokens = z
  .string()
  .transform((v) => v.split(",").map((token) => token.trim()))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^\S{16,}$/, "must be comma-separated tokens of at least 16 characters, without spaces"),
    ),
  );

function readDatabaseLocation(env: NodeJS.ProcessEnv): DatabaseLocation {
  const dataDir = env.LOCKGRAPH_DATA_DIR?.trim() || ".lockgraph";
  try {
    return databaseLocation(env.LOCKGRAPH_DATABASE_URL?.trim(), dataDir);
  } catch (error) {
    throw new ConfigError(`LOCKGRAPH_DATABASE_URL ${(error as Error).message}`);
  }
}

function connectionLimits(env: NodeJS.ProcessEnv): Config["connections"] {
  const headersTimeoutMs = read(env, "LOCKGRAPH_HEADERS_TIMEOUT_MS", integer(100, 600_000), 10_000);
  const requestTimeoutMs = read(env, "LOCKGRAPH_REQUEST_TIMEOUT_MS", integer(100, 3_600_000), 30_000);
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError("LOCKGRAPH_REQUEST_TIMEOUT_MS must be at least LOCKGRAPH_HEADERS_TIMEOUT_MS");
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: read(env, "LOCKGRAPH_KEEP_ALIVE_TIMEOUT_MS", integer(0, 600_000), 5_000),
    maxConnections: read(env, "LOCKGRAPH_MAX_CONNECTIONS", integer(1, 1_000_000), 10_000),
  };
}
