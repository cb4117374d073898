import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { createServer } from "node:http";
import { Pool } from "undici";

/**
 * A reference point for scenario 1, not a floor: the smallest Apollo Server 5 that answers
 * the same lookup. One hand-written field whose resolver makes the bare proxy's upstream
 * call (same undici pool) and maps the JSON; no type-graphql, federation, validation,
 * resilience, metrics or error mapping. What it costs over the bare proxy is the price of
 * the chosen GraphQL server itself on this machine, before any LockGraph code runs.
 */
const upstream = new Pool(process.env.UPSTREAM_URL ?? "", { connections: 16, keepAliveTimeout: 30_000 });

const typeDefs = `
  type Holder { id: String! }
  type Lock { id: ID! state: String! holder: Holder acquiredAt: String }
  type Query { referenceDataLock(clientId: Int!): Lock }
`;
interface VendorLock {
  clientId: number;
  locked: boolean;
  lockedBy?: string;
  lockedAt?: string;
}
const resolvers = {
  Query: {
    async referenceDataLock(
      _: unknown,
      { clientId }: { clientId: number },
      { authorization }: { authorization: string },
    ) {
      const { body } = await upstream.request({
        method: "GET",
        path: `/api/v2/clients/${clientId}/reference/lock`,
        headers: { authorization },
      });
      const lock = (await body.json()) as VendorLock;
      return lock.locked
        ? {
            id: String(lock.clientId),
            state: "HELD",
            holder: { id: lock.lockedBy },
            acquiredAt: lock.lockedAt,
          }
        : null;
    },
  },
};

const apollo = new ApolloServer<{ authorization: string }>({
  typeDefs,
  resolvers,
  plugins: [ApolloServerPluginCacheControlDisabled()],
});
await apollo.start();

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: req.method ?? "POST",
      headers,
      search: "",
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
    },
    context: async () => ({ authorization: headers.get("x-reference-data-authorization") ?? "" }),
  });
  const text = response.body.kind === "complete" ? response.body.string : "";
  res
    .writeHead(response.status ?? 200, {
      ...Object.fromEntries(response.headers),
      "content-length": Buffer.byteLength(text),
    })
    .end(text);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
  );
});
