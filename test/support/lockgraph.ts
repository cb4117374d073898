import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startLockGraph, type LockGraph } from "../../src/server.js";

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: Record<string, unknown> & { code: string } }>;
}

export interface TestLockGraph extends LockGraph {
  /** POSTs one operation to /graphql with the given headers. */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
}

/** The whole server on an ephemeral port, every provider on its embedded simulator, logs silent. */
export async function startTestLockGraph(env: Record<string, string> = {}): Promise<TestLockGraph> {
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", LOCKGRAPH_UPSTREAM_TIMEOUT_MS: "500", LOCKGRAPH_BREAKER_RESET_MS: "200", ...env });
  const lockgraph = await startLockGraph(config, createLogger("silent"));
  return {
    ...lockgraph,
    async request(query, variables, headers = {}) {
      const response = await fetch(lockgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
  };
}
