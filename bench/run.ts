import { writeFileSync } from "node:fs";
import { lineChart } from "./chart.js";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { interleaved, perRound } from "./interleaved.js";
import { graphqlTarget, load, once, type LoadResult, type Target } from "./load.js";
import { LOCK_CLIENT_1, LOOKUP, LOOKUP_AUTH, LOOKUP_HEADERS } from "./lookup.js";
import { freePort, startNode, vendorUrlEnv, waitForReady, type Started } from "./processes.js";

/**
 * `npm run bench`: LockGraph against the cost of the REST calls it makes (issue 6).
 * Four processes - the simulators, LockGraph (production mode), a bare proxy and a minimal
 * Apollo Server for reference - and autocannon here. Prints a table and writes bench/results.json.
 * `--profile` also writes a CPU profile of LockGraph under scenario 1 (bench/*.cpuprofile).
 */
/** Scenario 1: seconds per target per round, and rounds (see interleaved.ts). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CONCURRENCY_CAP = 16;
/** Scenario 6: rounds of the 1- vs 2-replica comparison (three targets a round). */
const REPLICA_ROUNDS = Number(process.env.BENCH_REPLICA_ROUNDS ?? 3);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const dist = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const profile = process.argv.includes("--profile");

type ProviderUrls = Record<string, string>;
const simulator = async (urls: ProviderUrls, provider: string, path: string, init?: RequestInit) =>
  fetch(`${urls[provider]}/__simulator/${path}`, init);
const simCalls = async (urls: ProviderUrls, provider: string) =>
  ((await (await simulator(urls, provider, "calls")).json()) as { count: number }).count;
const setLatency = (urls: ProviderUrls, provider: string, ms: number) =>
  simulator(urls, provider, "latency", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms }),
  });

/** Scenario 5 runs in its own process (bench/memory.ts) so it can collect garbage before each reading. */
async function memory(
  urls: ProviderUrls,
): Promise<{ warm: { rss: number; heapUsed: number }; after: { rss: number; heapUsed: number } }> {
  const run = await startNode(dist("./memory.js"), vendorUrlEnv(urls), { nodeArgs: ["--expose-gc"] });
  await run.stop();
  return JSON.parse(run.firstLine);
}

/**
 * Median wall time of `runs` sends of one operation, and upstream calls per send, after
 * `warmups` untimed sends: scenario 1's load warms only the lookup's code, and V8 needs a
 * few dozen sends of a fan-out before its wall time settles (measured: ~250 ms cold, ~170 ms warm).
 */
async function timed(
  target: Target,
  urls: ProviderUrls,
  provider: string,
  { runs = 7, warmups = 0 }: { runs?: number; warmups?: number } = {},
): Promise<{ wallMs: number; upstreamCalls: number; answer: Record<string, any> }> {
  for (let i = 0; i < warmups; i++) await once(target);
  const walls: number[] = [];
  let upstreamCalls = 0;
  let answer: Record<string, any> = {};
  for (let i = 0; i < runs; i++) {
    const before = await simCalls(urls, provider);
    const started = performance.now();
    answer = await once(target);
    walls.push(performance.now() - started);
    upstreamCalls = (await simCalls(urls, provider)) - before;
  }
  walls.sort((a, b) => a - b);
  return { wallMs: Math.round(walls[Math.floor(runs / 2)]! * 10) / 10, upstreamCalls, answer };
}

function assertAnswered(answer: Record<string, any>, what: string): void {
  if (answer.errors?.length || !answer.data)
    throw new Error(`${what} did not answer cleanly: ${JSON.stringify(answer).slice(0, 500)}`);
}

async function main(): Promise<void> {
  const processes: Started[] = [];
  const dropAtEnd: Array<() => Promise<void>> = [];
  try {
    const sims = await startNode(dist("./simulators.js"), {});
    processes.push(sims);
    const urls = JSON.parse(sims.firstLine) as ProviderUrls;

    // LockGraph as replicas run it: its ledger on the machine's PostgreSQL (a fresh database).
    const { createEmptyPostgresDatabase } = await import("../test/support/databases.js");
    const ledgerDatabase = await createEmptyPostgresDatabase();
    dropAtEnd.push(ledgerDatabase.drop);
    const lockgraphPort = await freePort();
    const lockgraph = await startNode(
      dist("../src/index.js"),
      {
        PORT: String(lockgraphPort),
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        LOCKGRAPH_DATABASE_URL: ledgerDatabase.url,
        LOCKGRAPH_UPSTREAM_MAX_CONCURRENCY: String(CONCURRENCY_CAP),
        // The fan-out curve's largest point: 1,000 file ids in one list.
        LOCKGRAPH_MAX_LIST_LENGTH: "1000",
        ...vendorUrlEnv(urls),
      },
      {
        waitForLine: false,
        nodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${dist("../../bench")}`] : [],
      },
    );
    processes.push(lockgraph);
    const base = `http://127.0.0.1:${lockgraphPort}`;
    await waitForReady(`${base}/readyz`);
    const graphql = `${base}/graphql`;

    const proxy = await startNode(dist("./bare-proxy.js"), { UPSTREAM_URL: urls.REFERENCE_DATA! });
    processes.push(proxy);
    const proxyPort = (JSON.parse(proxy.firstLine) as { port: number }).port;
    const minimal = await startNode(dist("./minimal-apollo.js"), {
      NODE_ENV: "production",
      UPSTREAM_URL: urls.REFERENCE_DATA!,
    });
    processes.push(minimal);
    const minimalPort = (JSON.parse(minimal.firstLine) as { port: number }).port;

    // Scenario 1: one lock lookup, one upstream call, simulator latency 0.
    await once(graphqlTarget(graphql, LOOKUP_HEADERS, LOCK_CLIENT_1));
    const lookup = graphqlTarget(graphql, LOOKUP_HEADERS, LOOKUP, {
      clientId: 1,
    });
    assertAnswered(await once(lookup), "referenceDataLock");
    const targets: Record<string, Target> = {
      simulator: {
        url: `${urls.REFERENCE_DATA}/api/v2/clients/1/reference/lock`,
        method: "GET",
        headers: { authorization: LOOKUP_AUTH },
      },
      bareProxy: {
        url: `http://127.0.0.1:${proxyPort}/reference-lock/1`,
        method: "GET",
        headers: { authorization: LOOKUP_AUTH },
      },
      minimalApollo: { ...lookup, url: `http://127.0.0.1:${minimalPort}/graphql` },
      lockgraph: lookup,
    };
    assertAnswered(await once(targets.minimalApollo!), "minimal Apollo's referenceDataLock");
    const warm = await load(lookup, { seconds: 3, connections: CONNECTIONS });
    const max = await interleaved(targets, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS });
    const halfRate = Math.round(max.median.lockgraph!.requestsPerSecond / 2);
    const atHalf = await interleaved(
      { bareProxy: targets.bareProxy!, minimalApollo: targets.minimalApollo!, lockgraph: lookup },
      { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, rate: halfRate },
    );
    const ratio = (name: string) => (round: Record<string, LoadResult>) =>
      round[name]!.requestsPerSecond / round.bareProxy!.requestsPerSecond;
    const rounded = ({ median, min, max }: { median: number; min: number; max: number }) => ({
      median: Math.round(median * 100) / 100,
      min: Math.round(min * 100) / 100,
      max: Math.round(max * 100) / 100,
    });

    const scenarios = await import("./scenarios.js");
    const fanOut = await scenarios.fanOut(graphql, urls, {
      timed,
      setLatency,
      assertAnswered,
      concurrencyCap: CONCURRENCY_CAP,
    });

    // Scenario 6: the lookup through HAProxy to one replica and to two (docs/deploy.md).
    const { replicaThroughput } = await import("./replicas.js");
    const replicas = await replicaThroughput(
      urls,
      {
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        LOCKGRAPH_UPSTREAM_MAX_CONCURRENCY: String(CONCURRENCY_CAP),
      },
      {
        setup: LOCK_CLIENT_1,
        query: LOOKUP,
        variables: { clientId: 1 },
        headers: LOOKUP_HEADERS,
      },
      { rounds: REPLICA_ROUNDS, seconds: SECONDS, connections: CONNECTIONS },
      lookup,
    );

    // Scenario 7: a page of 50 holds from the ledger at 1,000 / 10,000 / 100,000 rows (bench/ledger-pages.ts).
    const { timePages } = await import("./ledger-pages.js");
    const { createPostgresDatabase } = await import("../test/support/databases.js");
    const ledger = await createPostgresDatabase();
    const pages = await timePages(ledger.db).finally(() => ledger.destroy());

    // Scenario 8: holds through LockGraph, verified at 20 ms vendor latency and from the ledger alone (bench/holds.ts).
    const { holdsThroughLockGraph } = await import("./holds.js");
    const holds = await holdsThroughLockGraph(
      urls,
      {
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        LOCKGRAPH_UPSTREAM_MAX_CONCURRENCY: String(CONCURRENCY_CAP),
      },
      CONCURRENCY_CAP,
    );
    // Scenario 9: the ledger's time in an acquire, embedded and PostgreSQL (bench/ledger.ts).
    const { ledgerOverhead } = await import("./ledger.js");
    const ledgerTime = await ledgerOverhead();
    // Scenario 10: live events to 1,000 subscribers on two instances; memory per idle subscription.
    const { subscriptionCosts, writeSubscriptionChart } = await import("./subscriptions.js");
    const subscriptions = await subscriptionCosts(urls);

    // Scenario 5: resident size after warm-up, then after 50,000 more requests.
    const { warm: warmMemory, after: afterMemory } = await memory(urls);

    const results = {
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      settings: {
        secondsPerRound: SECONDS,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        concurrencyCap: CONCURRENCY_CAP,
        warmup: warm.requestsPerSecond,
      },
      scenario1: {
        max: max.median,
        halfRate,
        atHalf: atHalf.median,
        throughputVsBareProxy: rounded(perRound(max, ratio("lockgraph"))),
        minimalApolloVsBareProxy: rounded(perRound(max, ratio("minimalApollo"))),
        lockgraphVsMinimalApollo: rounded(
          perRound(
            max,
            (round) => round.lockgraph!.requestsPerSecond / round.minimalApollo!.requestsPerSecond,
          ),
        ),
        p99OverProxyAtHalfMs: perRound(atHalf, (round) => round.lockgraph!.p99Ms - round.bareProxy!.p99Ms),
        minimalApolloP99OverProxyAtHalfMs: perRound(
          atHalf,
          (round) => round.minimalApollo!.p99Ms - round.bareProxy!.p99Ms,
        ),
        rounds: { max: max.rounds, atHalf: atHalf.rounds },
      },
      ...fanOut,
      scenario6: {
        name: "one lookup through HAProxy: 1 vs 2 replicas",
        median: replicas.rounds.median,
        rounds: replicas.rounds.rounds,
        summary: replicas.summary,
      },
      scenario7: {
        name: "holds page of 50 from the ledger (PostgreSQL)",
        pages,
        summary: `${pages.map((p) => `${p.rows.toLocaleString("en-US")} rows p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms`).join("; ")}: p50 ${Math.round((pages.at(-1)!.p50Ms / pages[0]!.p50Ms) * 100) / 100}x from the smallest to the largest (goal <= 2x)`,
      },
      scenario8: holds,
      scenario9: ledgerTime,
      scenario10: subscriptions,
      scenario5: {
        rssWarmMB: mb(warmMemory.rss),
        rssAfter50kMB: mb(afterMemory.rss),
        growthMB: mb(afterMemory.rss - warmMemory.rss),
        heapUsedWarmMB: mb(warmMemory.heapUsed),
        heapUsedAfter50kMB: mb(afterMemory.heapUsed),
      },
    };
    writeFileSync(dist("../../bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeCharts(results);
    writeSubscriptionChart(subscriptions);
    printTable(results);
  } finally {
    for (const p of processes.reverse()) await p.stop();
    for (const drop of dropAtEnd) await drop();
  }
}

/** Each cost curve as an SVG beside bench/results.json (shown in the README, "Performance"). */
function writeCharts(r: Record<string, any>): void {
  const chart = (file: string, svg: string) => writeFileSync(dist(`../../bench/${file}`), svg);
  const fan = r.scenario2.curve as Array<{ ids: number; wallMs: number; idealMs: number }>;
  chart(
    "fan-out.svg",
    lineChart({
      title: `fileReservations fan-out at ${r.scenario2.latencyMs} ms vendor latency, cap ${r.scenario2.concurrencyCap}`,
      xLabel: "file ids in one request (log scale)",
      yLabel: "wall time (ms)",
      logX: true,
      series: [
        { name: "LockGraph", points: fan.map((p) => [p.ids, p.wallMs]) },
        { name: "ideal ⌈n/cap⌉ × latency", points: fan.map((p) => [p.ids, p.idealMs]), dashed: true },
        { name: "1.3 × ideal", points: fan.map((p) => [p.ids, p.idealMs * 1.3]), dashed: true },
      ],
    }),
  );
  const pages = r.scenario7.pages as Array<{ rows: number; p50Ms: number; p99Ms: number }>;
  chart(
    "holds-pages.svg",
    lineChart({
      title: "A page of 50 holds from the ledger (PostgreSQL)",
      xLabel: "rows in the ledger (log scale)",
      yLabel: "ms per page",
      logX: true,
      series: [
        { name: "p50", points: pages.map((p) => [p.rows, p.p50Ms]) },
        { name: "p99", points: pages.map((p) => [p.rows, p.p99Ms]) },
      ],
    }),
  );
  const [bare, ...behind] = Object.values(r.scenario6.median as Record<string, LoadResult>);
  chart(
    "replicas.svg",
    lineChart({
      title: "One lookup's throughput: replicas behind HAProxy",
      xLabel: "LockGraph replicas behind HAProxy",
      yLabel: "requests per second",
      series: [
        { name: "behind HAProxy", points: behind.map((m, i) => [i + 1, m.requestsPerSecond]) },
        {
          name: "1 process, no balancer",
          points: behind.map((_, i) => [i + 1, bare!.requestsPerSecond]),
          dashed: true,
        },
      ],
    }),
  );
}

/** "0.52x (0.47-0.55x over the rounds)" */
function range(r: { median: number; min: number; max: number }, unit: string): string {
  return `${r.median}${unit} (${r.min}${unit} to ${r.max}${unit} over the rounds)`;
}

function printTable(r: Record<string, any>): void {
  const s1 = r.scenario1;
  const rows: Array<[string, string]> = [
    ["machine", `${r.machine.cpus} x ${r.machine.model}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}`],
    [
      "scenario 1",
      `median of ${r.settings.rounds} interleaved rounds of ${r.settings.secondsPerRound} s per target`,
    ],
    ...Object.entries(s1.max as Record<string, LoadResult>).map(([name, m]): [string, string] => [
      `1. ${name} (max)`,
      `${m.requestsPerSecond} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, failures ${m.failures}`,
    ]),
    ["1. LockGraph / bare proxy", `${range(s1.throughputVsBareProxy, "x")} (goal >= 0.5x)`],
    [
      "1. minimal Apollo / bare proxy",
      `${range(s1.minimalApolloVsBareProxy, "x")} (reference: the GraphQL server alone)`,
    ],
    [
      "1. LockGraph / minimal Apollo",
      `${range(s1.lockgraphVsMinimalApollo, "x")} (what LockGraph's own work leaves)`,
    ],
    ...Object.entries(s1.atHalf as Record<string, LoadResult>).map(([name, m]): [string, string] => [
      `1. ${name} @ ${s1.halfRate} req/s`,
      `p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms`,
    ]),
    ["1. p99 over proxy at half rate", `${range(s1.p99OverProxyAtHalfMs, " ms")} (goal <= 5 ms)`],
    [
      "1. minimal Apollo's, at that rate",
      `${range(s1.minimalApolloP99OverProxyAtHalfMs, " ms")} (reference)`,
    ],
    ...Object.entries(r)
      .filter(([key]) => /^scenario([2346789]|10)$/.test(key))
      .map(([key, v]): [string, string] => [`${key.replace("scenario", "")}. ${v.name}`, v.summary]),
    [
      "5. resident size",
      `${r.scenario5.rssWarmMB} MB warm -> ${r.scenario5.rssAfter50kMB} MB after 50,000 requests (${r.scenario5.growthMB >= 0 ? "+" : ""}${r.scenario5.growthMB} MB, goal <= 20 MB); V8 heap used ${r.scenario5.heapUsedWarmMB} -> ${r.scenario5.heapUsedAfter50kMB} MB`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

await main();
