import "reflect-metadata";
import { Agent, request } from "undici";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startLockGraph } from "../src/http/server.js";
import { LOCK_CLIENT_1, LOOKUP, LOOKUP_HEADERS } from "./lookup.js";

/**
 * Scenario 5, in a process of its own started with --expose-gc: LockGraph (production
 * mode, vendors at the URLs in its environment) under 10 concurrent lookups. Memory is
 * read after full collections, so garbage not yet collected does not pass for growth.
 * Prints one JSON line.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const lockgraph = await startLockGraph(
  loadConfig({ ...process.env, PORT: "0", NODE_ENV: "production", LOG_LEVEL: "warn" }),
  createLogger("warn"),
);
const agent = new Agent({ connections: 10 });
const headers = { "content-type": "application/json", ...LOOKUP_HEADERS };
const post = async (query: string, variables = {}) =>
  (
    await request(lockgraph.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      dispatcher: agent,
    })
  ).body.text();
const lookup = () => post(LOOKUP, { clientId: 1 });

async function run(requests: number): Promise<void> {
  for (let sent = 0; sent < requests; sent += 10) await Promise.all(Array.from({ length: 10 }, lookup));
}
function settled(): { rss: number; heapUsed: number } {
  gc!();
  gc!();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

await post(LOCK_CLIENT_1);
await run(10_000);
const warm = settled();
await run(50_000);
const after = settled();
process.stdout.write(`${JSON.stringify({ warm, after })}\n`);
await lockgraph.close();
await agent.close();
