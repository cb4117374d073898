import { encodeOpaque } from "../src/domain/ids.js";
import { PostgresDatabase } from "../src/ledger/pg-database.js";
import { createEmptyPostgresDatabase } from "../test/support/databases.js";
import { percentile, seedHolds } from "./ledger-pages.js";
import { freePort, startNode, vendorUrlEnv, waitForReady } from "./processes.js";

/**
 * Scenario 8: `holds` through LockGraph's HTTP API, on the machine's PostgreSQL.
 * (a) verify: true - a page of 50 SuperOffice checkouts re-read live at 20 ms vendor latency,
 *     against the ideal schedule of the provider cap, ⌈50 / cap⌉ × 20 ms.
 * (b) verify: false (an operator) - a page of 50 at random depths of 1,000, 10,000 and
 *     100,000 ledger rows, p50 and p99 of sequential requests.
 */
const LATENCY_MS = 20;
const PAGE = 50;
const SIZES = [1_000, 10_000, 100_000] as const;
/** Sequential requests per figure: p99 is then the tenth-slowest, not one stray pause. */
const SAMPLES = 1_000;
const OPERATOR_TOKEN = "bench-operator-token-000000000001";
const alice = { "x-superoffice-authorization": "Bearer alice" };
const operator = { "x-lockgraph-authorization": `Bearer ${OPERATOR_TOKEN}` };

const round = (ms: number) => Math.round(ms * 100) / 100;

async function post(url: string, headers: Record<string, string>, query: string, variables = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as { data?: any; errors?: unknown[] };
  if (answer.errors?.length) throw new Error(`holds bench: ${JSON.stringify(answer.errors).slice(0, 400)}`);
  return answer.data;
}

async function timed(samples: number, send: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await send(i); // warm the code, the plan and the new rows' pages
  const walls: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await send(i);
    walls.push(performance.now() - started);
  }
  walls.sort((a, b) => a - b);
  return { p50Ms: round(percentile(walls, 0.5)), p99Ms: round(percentile(walls, 0.99)) };
}

export async function holdsThroughLockGraph(
  urls: Record<string, string>,
  env: Record<string, string>,
  concurrencyCap: number,
): Promise<Record<string, unknown>> {
  const database = await createEmptyPostgresDatabase();
  const port = await freePort();
  const lockgraph = await startNode(
    new URL("../src/index.js", import.meta.url).pathname,
    {
      ...env,
      PORT: String(port),
      LOCKGRAPH_DATABASE_URL: database.url,
      LOCKGRAPH_OPERATOR_TOKENS: OPERATOR_TOKEN,
      ...vendorUrlEnv(urls),
    },
    { waitForLine: false },
  );
  const db = new PostgresDatabase({ url: database.url });
  const setLatency = (ms: number) =>
    fetch(`${urls.SUPEROFFICE}/__simulator/latency`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ms }),
    });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForReady(`${base}/readyz`);
    const graphql = `${base}/graphql`;

    // (a) 50 checkouts, then the verified page of them at 20 ms a vendor call.
    for (let doc = 1; doc <= PAGE; doc++)
      await post(graphql, alice, `mutation { checkOutDocument(documentId: ${doc}) { id } }`);
    const verifiedPage = `query { holds(first: ${PAGE}) { edges { node { id } } failures { provider } } }`;
    await setLatency(LATENCY_MS);
    const verified = await timed(30, async () => {
      const data = await post(graphql, alice, verifiedPage);
      if (data.holds.edges.length !== PAGE || data.holds.failures.length)
        throw new Error(`a verified page had ${data.holds.edges.length} holds`);
    });
    await setLatency(0);
    const idealMs = Math.ceil(PAGE / concurrencyCap) * LATENCY_MS;

    // (b) the ledger alone, at each size (seeded in SQL, as scenario 7).
    const pages = [];
    let seeded = 0;
    for (const rows of SIZES) {
      await seedHolds(db, seeded + 1, rows);
      seeded = rows;
      const timing = await timed(SAMPLES, async (i) => {
        const after =
          i % 3 === 0 ? null : encodeOpaque(["holds", String(Math.floor(Math.random() * rows * 0.85))]);
        const data = await post(
          graphql,
          operator,
          "query($after: String) { holds(verify: false, first: 50, after: $after) { edges { node { id provider state } } } }",
          { after },
        );
        if (data.holds.edges.length !== PAGE)
          throw new Error(`an unverified page had ${data.holds.edges.length} holds`);
      });
      pages.push({ rows, ...timing });
    }
    const flat = round(pages.at(-1)!.p99Ms / pages[0]!.p99Ms);
    return {
      name: "holds through LockGraph (PostgreSQL)",
      verified: {
        holds: PAGE,
        latencyMs: LATENCY_MS,
        concurrencyCap,
        idealMs,
        ...verified,
        ofIdeal: round(verified.p50Ms / idealMs),
      },
      unverified: pages,
      summary:
        `verify: true page of ${PAGE} at ${LATENCY_MS} ms: p50 ${verified.p50Ms} ms, p99 ${verified.p99Ms} ms, ` +
        `${round(verified.p50Ms / idealMs)}x the ideal ${idealMs} ms (goal <= 1.5x); verify: false page of 50: ` +
        pages.map((p) => `${p.rows.toLocaleString("en-US")} rows p99 ${p.p99Ms} ms`).join(", ") +
        ` (goal p99 <= 10 ms; ${flat}x from the smallest to the largest, goal flat)`,
    };
  } finally {
    await setLatency(0).catch(() => undefined);
    await db.close();
    await lockgraph.stop();
    await database.drop();
  }
}
