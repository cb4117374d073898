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
const IDS = 100;
/** Untimed sends before a fan-out is timed, so it is measured in steady state like scenario 1. */
const WARMUPS = 30;
/** Oracle Content file ids as the simulator knows them: `D` and 43 hex digits. */
const fileId = (i: number) => `D${i.toString(16).toUpperCase().padStart(43, "0")}`;
const oracle = { "x-oracle-content-authorization": "Bearer bench" };

/** Scenarios 2-4: fan-out of one operation into many vendor calls, against the ideal schedule. */
export async function fanOut(
  graphql: string,
  urls: Record<string, string>,
  tools: Tools,
): Promise<Record<string, unknown>> {
  const { timed, setLatency, assertAnswered, concurrencyCap } = tools;
  const idealMs = LATENCY_MS * Math.ceil(IDS / concurrencyCap);
  const fileIds = Array.from({ length: IDS }, (_, i) => fileId(i + 1));

  await setLatency(urls, "ORACLE_CONTENT", LATENCY_MS);
  const reservations = await timed(
    graphqlTarget(graphql, oracle, "query($ids: [ID!]!) { fileReservations(fileIds: $ids) { id state } }", {
      ids: fileIds,
    }),
    urls,
    "ORACLE_CONTENT",
    { warmups: WARMUPS },
  );
  assertAnswered(reservations.answer, "fileReservations");
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
    scenario2: fan(`fileReservations of ${IDS} ids @ ${LATENCY_MS} ms`, reservations),
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
