import { type Target, graphqlTarget } from "./load.js";

type Timed = (
  target: Target,
  urls: Record<string, string>,
  provider: string,
  options?: { runs?: number; warmups?: number },
) => Promise<{ wallMs: number; upstreamCalls: number; answer: Record<string, any> }>;

interface Tools {
  timed: Timed;
  setLatency(urls: Record<string, string>, provider: string, ms: number): Promise<unknown>;
  assertAnswered(answer: Record<string, any>, what: string): void;
  concurrencyCap: number;
}

const LATENCY_MS = 20;
/** `_entities` is timed at this size; `fileReservations` at each of FAN_OUT_SIZES. */
const IDS = 100;
export const FAN_OUT_SIZES = [10, 100, 1_000] as const;
/** Untimed sends before a fan-out is timed, so it is measured in steady state like scenario 1. */
const WARMUPS = 30;
/** Oracle Content file ids as the simulator knows them: `D` and 43 hex digits. */
const fileId = (i: number) => `D${i.toString(16).toUpperCase().padStart(43, "0")}`;
const oracle = { "x-oracle-content-authorization": "Bearer bench" };

/**
 * Scenarios 2-4: fan-out of one operation into many vendor calls, against the ideal schedule
 * ⌈n / cap⌉ × latency. Scenario 2 is a curve: `fileReservations` of 10, 100 and 1,000 ids.
 */
export async function fanOut(
  graphql: string,
  urls: Record<string, string>,
  tools: Tools,
): Promise<Record<string, unknown>> {
  const { timed, setLatency, assertAnswered, concurrencyCap } = tools;
  const ideal = (n: number) => LATENCY_MS * Math.ceil(n / concurrencyCap);
  const idealMs = ideal(IDS);
  const fileIds = Array.from({ length: IDS }, (_, i) => fileId(i + 1));

  await setLatency(urls, "ORACLE_CONTENT", LATENCY_MS);
  const curve = [];
  for (const size of FAN_OUT_SIZES) {
    const ids = Array.from({ length: size }, (_, i) => fileId(i + 1));
    // The 1,000-id fan-out takes >1 s a send: fewer sends, still warm (V8 settles within a few).
    const runs = size >= 1_000 ? 5 : 7;
    const warmups = size >= 1_000 ? 5 : WARMUPS;
    const r = await timed(
      graphqlTarget(graphql, oracle, "query($ids: [ID!]!) { fileReservations(fileIds: $ids) { id state } }", {
        ids,
      }),
      urls,
      "ORACLE_CONTENT",
      { runs, warmups },
    );
    assertAnswered(r.answer, `fileReservations of ${size} ids`);
    curve.push({
      ids: size,
      wallMs: r.wallMs,
      idealMs: ideal(size),
      ratioToIdeal: Math.round((r.wallMs / ideal(size)) * 100) / 100,
      upstreamCalls: r.upstreamCalls,
    });
  }
  const representations = fileIds.map((id) => ({ __typename: "File", id }));
  const entities = await timed(
    graphqlTarget(
      graphql,
      oracle,
      "query($r: [_Any!]!) { _entities(representations: $r) { ... on File { id reservation { id } } } }",
      { r: representations },
    ),
    urls,
    "ORACLE_CONTENT",
    { warmups: WARMUPS },
  );
  assertAnswered(entities.answer, "_entities");
  await setLatency(urls, "ORACLE_CONTENT", 0);

  const objectIds = Array.from({ length: 10_000 }, (_, i) => `0x${(i + 1).toString(16)}`);
  const before = await patchCalls(urls);
  const acquire = await timed(
    graphqlTarget(
      graphql,
      { "x-imodels-authorization": "Bearer bench" },
      "mutation($input: AcquireIModelLocksInput!) { acquireIModelLocks(input: $input) { id level } }",
      {
        input: { iModelId: "bench-imodel", briefcaseId: 7, level: "EXCLUSIVE", objectIds },
      },
    ),
    urls,
    "IMODELS",
    { runs: 3 },
  );
  assertAnswered(acquire.answer, "acquireIModelLocks");
  const patchesPerAcquire = ((await patchCalls(urls)) - before) / 3;

  const fan = (name: string, r: { wallMs: number; upstreamCalls: number }) => ({
    name,
    wallMs: r.wallMs,
    idealMs,
    ratioToIdeal: Math.round((r.wallMs / idealMs) * 100) / 100,
    upstreamCalls: r.upstreamCalls,
    distinctIds: IDS,
    summary: `${r.wallMs} ms vs ideal ${idealMs} ms (${Math.round((r.wallMs / idealMs) * 100) / 100}x, goal <= 1.5x); ${r.upstreamCalls} upstream calls for ${IDS} distinct ids`,
  });
  return {
    scenario2: {
      name: `fileReservations of ${FAN_OUT_SIZES.join(" / ")} ids @ ${LATENCY_MS} ms, cap ${concurrencyCap}`,
      latencyMs: LATENCY_MS,
      concurrencyCap,
      curve,
      summary: curve
        .map((p) => `${p.ids} ids ${p.wallMs} ms vs ideal ${p.idealMs} ms (${p.ratioToIdeal}x)`)
        .join("; ")
        .concat(" (goal <= 1.3x each)"),
    },
    scenario3: fan(`_entities of ${IDS} File representations @ ${LATENCY_MS} ms`, entities),
    scenario4: {
      name: "acquireIModelLocks of 10,000 object ids",
      wallMs: acquire.wallMs,
      patchCalls: patchesPerAcquire,
      upstreamCalls: acquire.upstreamCalls,
      summary: `${patchesPerAcquire} PATCH calls (goal 10), ${acquire.upstreamCalls} upstream calls in all, ${acquire.wallMs} ms`,
    },
  };
}

async function patchCalls(urls: Record<string, string>): Promise<number> {
  const response = await fetch(`${urls.IMODELS}/__simulator/calls`);
  return ((await response.json()) as { byMethod: Record<string, number> }).byMethod.PATCH ?? 0;
}
