import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { medianOf } from "./interleaved.js";
import { graphqlTarget, load, once, type Target } from "./load.js";
import { LOCK_CLIENT_1, LOOKUP, LOOKUP_HEADERS } from "./lookup.js";
import { freePort, startNode, vendorUrlEnv, waitForReady, type Started } from "./processes.js";

/**
 * CPU time per lookup, build against build, beside minimal Apollo:
 *
 *     npm run build && node dist/bench/cpu-per-lookup.js [dist/src/index.js of another build ...]
 *
 * Starts the simulators, the minimal Apollo server and one LockGraph per entry given (this
 * build's when none is; another build's, e.g. from a `git worktree` built with `npx tsc`,
 * to see what a change cost a read), each on a fresh PostgreSQL database. Then loads them in
 * turns with scenario 1's lookup, as `npm run bench` does, and reads each process's CPU time
 * from /proc (Linux). Throughput on a shared two-core VM moves with everything else running
 * there; CPU per lookup says what one target itself spends, and each round compares every
 * target under the same conditions.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = 10;
const dist = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** User plus system CPU time of a process, in µs (/proc/PID/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

interface Measured {
  target: Target;
  pid: number;
  rounds: Array<{ requestsPerSecond: number; cpuMicrosPerLookup: number }>;
}

async function main(): Promise<void> {
  const entries = process.argv.slice(2);
  if (entries.length === 0) entries.push(dist("../src/index.js"));
  const processes: Started[] = [];
  const drops: Array<() => Promise<void>> = [];
  try {
    const sims = await startNode(dist("./simulators.js"), {});
    processes.push(sims);
    const urls = JSON.parse(sims.firstLine) as Record<string, string>;
    const { createEmptyPostgresDatabase } = await import("../test/support/databases.js");
    const measured: Record<string, Measured> = {};
    for (const entry of entries) {
      const database = await createEmptyPostgresDatabase();
      drops.push(database.drop);
      const port = await freePort();
      const lockgraph = await startNode(
        entry,
        {
          ...vendorUrlEnv(urls),
          PORT: String(port),
          NODE_ENV: "production",
          LOG_LEVEL: "warn",
          LOCKGRAPH_DATABASE_URL: database.url,
        },
        { waitForLine: false },
      );
      processes.push(lockgraph);
      await waitForReady(`http://127.0.0.1:${port}/readyz`);
      const graphql = `http://127.0.0.1:${port}/graphql`;
      await once(graphqlTarget(graphql, LOOKUP_HEADERS, LOCK_CLIENT_1));
      const target = graphqlTarget(graphql, LOOKUP_HEADERS, LOOKUP, { clientId: 1 });
      measured[entry] = { target, pid: lockgraph.child.pid!, rounds: [] };
    }
    const minimal = await startNode(dist("./minimal-apollo.js"), {
      NODE_ENV: "production",
      UPSTREAM_URL: urls.REFERENCE_DATA!,
    });
    processes.push(minimal);
    const minimalPort = (JSON.parse(minimal.firstLine) as { port: number }).port;
    measured["minimal Apollo"] = {
      target: graphqlTarget(`http://127.0.0.1:${minimalPort}/graphql`, LOOKUP_HEADERS, LOOKUP, {
        clientId: 1,
      }),
      pid: minimal.child.pid!,
      rounds: [],
    };

    for (const [name, { target }] of Object.entries(measured)) {
      const answer = await once(target);
      if (answer.errors || !answer.data?.referenceDataLock)
        throw new Error(`${name} did not answer the lookup: ${JSON.stringify(answer).slice(0, 300)}`);
      await load(target, { seconds: 3, connections: CONNECTIONS });
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const entry of Object.values(measured)) {
        const before = cpuMicros(entry.pid);
        const result = await load(entry.target, { seconds: SECONDS, connections: CONNECTIONS });
        entry.rounds.push({
          requestsPerSecond: result.requestsPerSecond,
          cpuMicrosPerLookup: (cpuMicros(entry.pid) - before) / result.requests,
        });
      }
    }

    const reference = measured["minimal Apollo"]!;
    const rows = Object.entries(measured).map(([name, { rounds }]) => {
      const cpu = rounds.map((r) => r.cpuMicrosPerLookup);
      const ratios = rounds.map((r, i) => r.requestsPerSecond / reference.rounds[i]!.requestsPerSecond);
      return {
        target: name,
        "req/s": Math.round(medianOf(rounds.map((r) => r.requestsPerSecond))),
        "CPU µs/lookup": Math.round(medianOf(cpu)),
        "CPU range": `${Math.round(Math.min(...cpu))}–${Math.round(Math.max(...cpu))}`,
        "× minimal Apollo": `${medianOf(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
      };
    });
    console.table(rows);
  } finally {
    for (const started of processes.reverse()) await started.stop();
    for (const drop of drops) await drop();
  }
}

await main();
