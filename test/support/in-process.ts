import type { ApolloServer, GraphQLRequest } from "@apollo/server";
import { loadConfig } from "../../src/config.js";
import { testLedgerEnv } from "./databases.js";
import { Container, type ContainerOptions } from "../../src/container.js";
import { createContext, type Context } from "../../src/context.js";
import { createApollo } from "../../src/http/apollo.js";
import { createLogger } from "../../src/logger.js";
import { buildLockGraphSchema } from "../../src/schema/build-schema.js";

export interface InProcessResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{
    message: string;
    path?: ReadonlyArray<string | number>;
    extensions?: Record<string, unknown>;
  }>;
}

export interface InProcessLockGraph {
  container: Container;
  apollo: ApolloServer<Context>;
  /** Runs one operation through Apollo Server in-process (`executeOperation`), with these request headers. */
  execute(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<InProcessResult>;
  close(): Promise<void>;
}

/**
 * The schema with its real resolvers, lock service and data sources, every provider on its
 * embedded simulator, but no HTTP server: the middle level between data source and e2e tests.
 */
export async function startInProcess(
  env: Record<string, string> = {},
  options: ContainerOptions = {},
): Promise<InProcessLockGraph> {
  const config = loadConfig(
    {
      ...(env.LOCKGRAPH_DATABASE_URL || env.LOCKGRAPH_DATA_DIR ? {} : await testLedgerEnv()),
      LOCKGRAPH_UPSTREAM_TIMEOUT_MS: "500",
      LOCKGRAPH_BREAKER_RESET_MS: "200",
      ...env,
    },
    options.vendors,
  );
  const container = await Container.create(config, options);
  const apollo = createApollo(
    await buildLockGraphSchema({ vendors: container.vendors }),
    config,
    createLogger("silent"),
    container.metrics,
  );
  await apollo.start();
  const parts = container.contextParts();
  return {
    container,
    apollo,
    async execute(query, variables, headers = {}) {
      const lowered = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
      const request: GraphQLRequest = { query, variables };
      const response = await apollo.executeOperation(request, {
        contextValue: createContext(parts, lowered),
      });
      if (response.body.kind !== "single") throw new Error("expected a single result");
      // As a client sees it: plain JSON (graphql-js builds objects without a prototype).
      return JSON.parse(JSON.stringify(response.body.singleResult)) as InProcessResult;
    },
    async close() {
      await apollo.stop();
      await container.close();
    },
  };
}
