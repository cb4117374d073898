import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient, type Client } from "graphql-ws";
import { WebSocket } from "ws";
import { createPostgresDatabase } from "../test/support/databases.js";
import { lineChart } from "./chart.js";
import { percentile } from "./ledger-pages.js";
import { startNode, vendorUrlEnv, type Started } from "./processes.js";

/**
 * Scenario 10 (issues 13 and 15): live hold events on two LockGraph instances sharing one
 * fresh PostgreSQL database. (a) Delivery: 1,000 subscribers, half on each instance, half of
 * them operators and half naming the resource; each mutation goes to one instance in turn,
 * and every subscriber's delivery is timed from the moment this process has the mutation's
 * HTTP answer. (b) Memory: resident size of one instance after full collections at 0, 1,000
 * and 5,000 open idle subscriptions (one per WebSocket connection, as dashboards open them);
 * the slope is the cost of one. Run alone with `node dist/bench/subscriptions.js`.
 */
const SUBSCRIBERS = 1_000;
const MUTATIONS = Number(process.env.BENCH_SUBSCRIPTION_MUTATIONS ?? 40);
const MEMORY_POINTS = [0, 1_000, 5_000] as const;
/** Connections opened at once while filling an instance with subscriptions. */
const OPEN_BATCH = 100;
/**
 * A client and user of this scenario's own: the lookup scenarios leave client 1 held by their
 * user at the shared simulators, and re-acquiring a hold LockGraph already saw is no event.
 */
const CLIENT_ID = 8;
const AUTH = { "x-reference-data-authorization": "Bearer bench-subscriptions" };
const OPERATOR_TOKEN = randomBytes(16).toString("hex");
const SUBSCRIPTION =
  "subscription($filter: HoldEventFilter) { holdEvents(filter: $filter) { id kind hold { id } } }";
const RESOURCE_FILTER = {
  resources: [{ kind: "REFERENCE_DATA", id: String(CLIENT_ID) }],
  kinds: ["ACQUIRED", "RELEASED"],
};
const OPERATOR_FILTER = { kinds: ["ACQUIRED", "RELEASED"] };
const dist = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** `--profile`: each instance writes a CPU profile into bench/ (CPU.*.cpuprofile). */
const profile = process.argv.includes("--profile")
  ? ["--cpu-prof", `--cpu-prof-dir=${dist("../../bench")}`]
  : [];
const round = (n: number) => Math.round(n * 100) / 100;

interface Instance {
  process: Started;
  url: string;
  memoryUrl: string;
}

interface Subscriber {
  client: Client;
  /** performance.now() of each event received, in order. */
  arrivals: number[];
  errors: unknown[];
}

export interface SubscriptionCosts {
  name: string;
  loadAverage: { before: number[]; after: number[] };
  delivery: {
    subscribers: number;
    mutations: number;
    samples: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    /** Deliveries that reached their subscriber before the mutation's answer reached its client. */
    beforeAnswer: number;
    /** CPU time one instance spent per event (its mutations' share included), for its 500 subscribers. */
    cpuMsPerEvent: number;
    /** The same split by where the subscriber was: the instance that took the mutation, or the other. */
    sameInstance: { p50Ms: number; p99Ms: number };
    otherInstance: { p50Ms: number; p99Ms: number };
  };
  memory: {
    points: Array<{ subscriptions: number; rssMB: number; heapUsedMB: number }>;
    /** Least squares over every point. */
    rssBytesPerSubscription: number;
    /** From the second point to the last: past the pages a warm-up leaves behind (see the README). */
    rssBytesPerSubscriptionPastFirstThousand: number;
    heapBytesPerSubscription: number;
  };
  summary: string;
}

export async function subscriptionCosts(vendorUrls: Record<string, string>): Promise<SubscriptionCosts> {
  const loadBefore = os.loadavg().map(round);
  const database = await createPostgresDatabase();
  const instances: Instance[] = [];
  const subscribers: Subscriber[] = [];
  try {
    const env = {
      LOCKGRAPH_DATABASE_URL: database.url!,
      LOCKGRAPH_OPERATOR_TOKENS: OPERATOR_TOKEN,
      ...vendorUrlEnv(vendorUrls),
    };
    for (let i = 0; i < 2; i++) {
      const process = await startNode(dist("./subscription-server.js"), env, {
        nodeArgs: ["--expose-gc", ...profile],
      });
      instances.push({ process, ...(JSON.parse(process.firstLine) as { url: string; memoryUrl: string }) });
    }
    const [a, b] = instances as [Instance, Instance];

    // Warm-up: the code paths of subscribing, delivering and ending run once before the first reading.
    const warm = await open(a, 200, subscribers);
    await mutate(instances, 4, subscribers);
    await close(warm, subscribers, [a]);
    const points = [];
    for (const target of MEMORY_POINTS) {
      const missing = target - (await reading(a)).subscribers;
      if (missing > 0) await open(a, missing, subscribers);
      await sleep(500);
      const { rss, heapUsed } = await settledReading(a);
      points.push({ subscriptions: target, rss, heapUsed });
    }
    await close([...subscribers], subscribers, [a]);

    await open(a, SUBSCRIBERS / 2, subscribers);
    await open(b, SUBSCRIBERS / 2, subscribers);
    const onA = new Set(subscribers.slice(0, SUBSCRIBERS / 2));
    const cpuBefore = await Promise.all(instances.map(reading));
    const answers = await mutate(instances, MUTATIONS, subscribers);
    const cpuAfter = await Promise.all(instances.map(reading));
    // Each mutation's event reaches every instance's 500 subscribers: its CPU per event, per instance.
    const cpuMsPerEvent = round(
      cpuAfter.reduce((sum, r, i) => sum + r.cpuMs - cpuBefore[i]!.cpuMs, 0) / instances.length / MUTATIONS,
    );
    const all: number[] = [];
    const same: number[] = [];
    const other: number[] = [];
    let beforeAnswer = 0;
    answers.forEach(({ at, instance }, i) => {
      for (const subscriber of subscribers) {
        const ms = subscriber.arrivals[i]! - at;
        if (ms < 0) beforeAnswer++;
        const latency = Math.max(0, ms);
        all.push(latency);
        (onA.has(subscriber) === (instance === a) ? same : other).push(latency);
      }
    });
    for (const list of [all, same, other]) list.sort((x, y) => x - y);
    const split = (list: number[]) => ({
      p50Ms: round(percentile(list, 0.5)),
      p99Ms: round(percentile(list, 0.99)),
    });
    const delivery = {
      subscribers: subscribers.length,
      mutations: MUTATIONS,
      samples: all.length,
      ...split(all),
      maxMs: round(all.at(-1)!),
      beforeAnswer,
      cpuMsPerEvent,
      sameInstance: split(same),
      otherInstance: split(other),
    };
    const rssSlope = slope(points.map((p) => [p.subscriptions, p.rss]));
    const heapSlope = slope(points.map((p) => [p.subscriptions, p.heapUsed]));
    const lateSlope = slope(points.slice(1).map((p) => [p.subscriptions, p.rss]));
    const mbOf = (bytes: number) => round(bytes / 2 ** 20);
    const memory = {
      points: points.map((p) => ({
        subscriptions: p.subscriptions,
        rssMB: mbOf(p.rss),
        heapUsedMB: mbOf(p.heapUsed),
      })),
      rssBytesPerSubscription: Math.round(rssSlope),
      rssBytesPerSubscriptionPastFirstThousand: Math.round(lateSlope),
      heapBytesPerSubscription: Math.round(heapSlope),
    };
    const loadAfter = os.loadavg().map(round);
    return {
      name: `${SUBSCRIBERS.toLocaleString("en-US")} subscribers over 2 instances; memory per idle subscription`,
      loadAverage: { before: loadBefore, after: loadAfter },
      delivery,
      memory,
      summary:
        `answer to delivery p50 ${delivery.p50Ms} ms, p99 ${delivery.p99Ms} ms (goal <= 50 ms) over ${delivery.samples.toLocaleString("en-US")} deliveries ` +
        `(same instance p99 ${delivery.sameInstance.p99Ms} ms, other ${delivery.otherInstance.p99Ms} ms; ` +
        `${delivery.cpuMsPerEvent} ms of CPU per event per instance of ${SUBSCRIBERS / 2} subscribers); ` +
        `RSS ${memory.points.map((p) => `${p.rssMB} MB at ${p.subscriptions.toLocaleString("en-US")}`).join(", ")}: ` +
        `${round(rssSlope / 1024)} KB per subscription (goal <= 20 KB; ${round(lateSlope / 1024)} KB from 1,000 to 5,000), V8 heap ${round(heapSlope / 1024)} KB; ` +
        `load average ${loadBefore.join(" ")} before, ${loadAfter.join(" ")} after`,
    };
  } finally {
    for (const subscriber of subscribers) subscriber.client.dispose();
    for (const instance of instances) await instance.process.stop();
    await database.destroy();
  }
}

/** Opens `count` subscriptions on an instance, one connection each, half operators and half naming the resource. */
async function open(instance: Instance, count: number, into: Subscriber[]): Promise<Subscriber[]> {
  const expected = (await reading(instance)).subscribers + count;
  const opened: Subscriber[] = [];
  for (let i = 0; i < count; i++) {
    const operator = i % 2 === 0;
    const subscriber: Subscriber = {
      client: createClient({
        url: instance.url.replace(/^http/, "ws"),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: operator ? { "X-LockGraph-Authorization": `Bearer ${OPERATOR_TOKEN}` } : AUTH,
      }),
      arrivals: [],
      errors: [],
    };
    subscriber.client.subscribe(
      { query: SUBSCRIPTION, variables: { filter: operator ? OPERATOR_FILTER : RESOURCE_FILTER } },
      {
        next: () => subscriber.arrivals.push(performance.now()),
        error: (error) => subscriber.errors.push(error),
        complete: () => undefined,
      },
    );
    opened.push(subscriber);
    into.push(subscriber);
    if (opened.length % OPEN_BATCH === 0) await until(instance, (n) => n >= expected - count + opened.length);
  }
  await until(instance, (n) => n === expected);
  const failed = opened.find((s) => s.errors.length);
  if (failed) throw new Error(`a subscription failed: ${JSON.stringify(failed.errors[0])}`);
  return opened;
}

async function close(which: Subscriber[], from: Subscriber[], instances: Instance[]): Promise<void> {
  for (const subscriber of which) {
    subscriber.client.dispose();
    from.splice(from.indexOf(subscriber), 1);
  }
  for (const instance of instances) await until(instance, (n) => n === 0);
}

/**
 * Locks and releases the scenario's reference-data client in turn, `count` mutations sent to
 * each instance in turn, one at a time: each waits until every subscriber has the previous
 * one's event.
 */
async function mutate(
  instances: Instance[],
  count: number,
  subscribers: Subscriber[],
): Promise<Array<{ at: number; instance: Instance }>> {
  const answers: Array<{ at: number; instance: Instance }> = [];
  const base = subscribers.map((s) => s.arrivals.length);
  let lockId: string | undefined;
  for (let i = 0; i < count; i++) {
    const instance = instances[i % instances.length]!;
    const [query, variables] =
      lockId === undefined
        ? [
            "mutation($clientId: Int!) { lockReferenceData(clientId: $clientId) { id } }",
            { clientId: CLIENT_ID },
          ]
        : ["mutation($id: ID!) { releaseLock(id: $id) { id } }", { id: lockId }];
    const response = await fetch(instance.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...AUTH },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown };
    const at = performance.now();
    if (answer.errors || !answer.data) throw new Error(`the mutation failed: ${JSON.stringify(answer)}`);
    lockId = lockId === undefined ? answer.data.lockReferenceData!.id : undefined;
    answers.push({ at, instance });
    const deadline = Date.now() + 10_000;
    while (subscribers.some((s, j) => s.arrivals.length - base[j]! <= i)) {
      if (Date.now() > deadline) {
        const late = subscribers.filter((s, j) => s.arrivals.length - base[j]! <= i).length;
        throw new Error(`${late} subscribers had no event for mutation ${i + 1} within 10 s`);
      }
      await sleep(2);
    }
    await sleep(20);
  }
  return answers;
}

async function reading(
  instance: Instance,
): Promise<{ rss: number; heapUsed: number; cpuMs: number; subscribers: number }> {
  return (await fetch(instance.memoryUrl)).json() as never;
}

/** The smallest of three readings: a collection can leave a page or two that the next returns. */
async function settledReading(instance: Instance): Promise<{ rss: number; heapUsed: number }> {
  const readings = [];
  for (let i = 0; i < 3; i++) {
    readings.push(await reading(instance));
    await sleep(200);
  }
  return {
    rss: Math.min(...readings.map((r) => r.rss)),
    heapUsed: Math.min(...readings.map((r) => r.heapUsed)),
  };
}

async function until(instance: Instance, ok: (subscribers: number) => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { subscribers } = await reading(instance);
    if (ok(subscribers)) return;
    if (Date.now() > deadline) throw new Error(`${subscribers} subscribers on ${instance.url} after 60 s`);
    await sleep(50);
  }
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

/** bench/subscriptions-memory.svg: the memory curve, shown in the README ("Cost curves"). */
export function writeSubscriptionChart(costs: SubscriptionCosts): void {
  const points = costs.memory.points;
  writeFileSync(
    dist("../../bench/subscriptions-memory.svg"),
    lineChart({
      title: "Resident memory of one LockGraph by open idle subscriptions",
      xLabel: "open subscriptions (one WebSocket each)",
      yLabel: "MB after full collections",
      series: [
        { name: "RSS", points: points.map((p) => [p.subscriptions, p.rssMB]) },
        { name: "V8 heap used", points: points.map((p) => [p.subscriptions, p.heapUsedMB]) },
        {
          name: "20 KB each (goal)",
          points: points.map((p) => [p.subscriptions, points[0]!.rssMB + (p.subscriptions * 20) / 1024]),
          dashed: true,
        },
      ],
    }),
  );
}

// Alone: its own simulators, and the figures merged into bench/results.json as scenario10.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sims = await startNode(dist("./simulators.js"), {});
  try {
    const costs = await subscriptionCosts(JSON.parse(sims.firstLine));
    const file = dist("../../bench/results.json");
    const results = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
    writeFileSync(file, `${JSON.stringify({ ...results, scenario10: costs }, null, 2)}\n`);
    writeSubscriptionChart(costs);
    process.stdout.write(`8. ${costs.name}\n   ${costs.summary}\n`);
  } finally {
    await sims.stop();
  }
}
