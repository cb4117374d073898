import { load, type LoadResult, type Target } from "./load.js";

export interface Interleaved {
  /** Each target's median over the rounds, field by field. */
  median: Record<string, LoadResult>;
  rounds: Array<Record<string, LoadResult>>;
}

/**
 * Loads the targets in turn, round after round, instead of each once for a long run. A
 * shared VM's speed drifts by tens of percent within a minute; taking turns makes every
 * target meet the same drift, and comparisons are made within a round (see `perRound`).
 */
export async function interleaved(
  targets: Record<string, Target>,
  options: { rounds: number; seconds: number; connections: number; rate?: number },
): Promise<Interleaved> {
  const rounds: Array<Record<string, LoadResult>> = [];
  for (let i = 0; i < options.rounds; i++) {
    const round: Record<string, LoadResult> = {};
    for (const [name, target] of Object.entries(targets)) round[name] = await load(target, options);
    rounds.push(round);
  }
  const median = Object.fromEntries(
    Object.keys(targets).map((name) => {
      const of = (field: keyof LoadResult) => medianOf(rounds.map((round) => round[name]![field]));
      const failures = rounds.reduce((sum, round) => sum + round[name]!.failures, 0);
      return [
        name,
        {
          requestsPerSecond: of("requestsPerSecond"),
          p50Ms: of("p50Ms"),
          p99Ms: of("p99Ms"),
          requests: of("requests"),
          failures,
        },
      ];
    }),
  );
  return { median, rounds };
}

/** A comparison made within each round, then its median and range over the rounds. */
export function perRound(
  result: Interleaved,
  compare: (round: Record<string, LoadResult>) => number,
): { median: number; min: number; max: number } {
  const values = result.rounds.map(compare);
  return { median: medianOf(values), min: Math.min(...values), max: Math.max(...values) };
}

export function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
