import "reflect-metadata";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startLockGraph } from "../src/http/server.js";

/**
 * One LockGraph instance for bench/subscriptions.ts, in a process of its own started with
 * --expose-gc: production mode, configured from its environment (LOCKGRAPH_DATABASE_URL...).
 * Beside it, on another port, `GET /memory` collects garbage twice and answers the process's
 * resident size and CPU time so far, so a reading counts what open subscriptions hold, not garbage not yet collected.
 * Prints `{"url": ..., "memoryUrl": ...}` once listening; SIGTERM stops it.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const lockgraph = await startLockGraph(
  loadConfig({ ...process.env, PORT: "0", NODE_ENV: "production", LOG_LEVEL: "warn" }),
  createLogger("warn"),
);
const probe = createServer((_request, response) => {
  const { user, system } = process.cpuUsage(); // before the collections this reading makes
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  response.setHeader("content-type", "application/json");
  response.end(
    JSON.stringify({
      rss,
      heapUsed,
      cpuMs: (user + system) / 1000,
      subscribers: lockgraph.container.events.subscriberCount,
    }),
  );
});
await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
const memoryUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/memory`;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${lockgraph.port}/graphql`, memoryUrl })}\n`);
process.once("SIGTERM", () => {
  probe.close();
  lockgraph.close().then(() => process.exit(0));
});
