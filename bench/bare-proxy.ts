import { createServer } from "node:http";
import { Pool } from "undici";

/**
 * The benchmark's floor: a bare Node HTTP server that makes the same upstream call as
 * `referenceDataLock` with the same client (an undici keep-alive pool) and returns the
 * vendor's JSON as it is. No GraphQL, no validation, no error mapping.
 */
const upstream = new Pool(process.env.UPSTREAM_URL ?? "", { connections: 16, keepAliveTimeout: 30_000 });
const server = createServer((req, res) => {
  const clientId = /^\/reference-lock\/(\d+)$/.exec(req.url ?? "")?.[1];
  if (!clientId) {
    res.writeHead(404).end();
    return;
  }
  upstream
    .request({
      method: "GET",
      path: `/api/v2/clients/${clientId}/reference/lock`,
      headers: { authorization: req.headers.authorization ?? "" },
    })
    .then(async ({ statusCode, body }) => {
      const text = await body.text();
      res.writeHead(statusCode, { "content-type": "application/json" }).end(text);
    })
    .catch(() => res.writeHead(502).end());
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
  );
});
