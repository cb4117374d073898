import { startTopology, type Topology } from "../test/topology/topology.js";
import { interleaved, type Interleaved } from "./interleaved.js";
import { graphqlTarget, once, type Target } from "./load.js";

/**
 * One lookup's throughput through HAProxy in front of one replica, and in front of two
 * (test/topology, the deployment of docs/deploy.md), loaded in interleaved rounds so both
 * see the same machine. On a 2-core machine the two replicas share the cores with HAProxy,
 * the simulators and the load generator, so this shows the load balancer's cost and how far
 * a second process helps when the cores are already busy, not what two hosts would give.
 */
export interface ReplicaCurve {
  rounds: Interleaved;
  summary: string;
}

export async function replicaThroughput(
  vendorUrls: Record<string, string>,
  env: Record<string, string>,
  lookup: {
    query: string;
    variables: Record<string, unknown>;
    headers: Record<string, string>;
    setup: string;
  },
  options: { rounds: number; seconds: number; connections: number },
  /** The same lookup straight to a replica-less LockGraph, as the baseline in the same rounds. */
  direct: Target,
): Promise<ReplicaCurve> {
  const topologies: Topology[] = [];
  try {
    for (const replicas of [1, 2]) topologies.push(await startTopology({ replicas, env, vendorUrls }));
    const targets: Record<string, Target> = { "no load balancer": direct };
    for (const topology of topologies) {
      await once(graphqlTarget(topology.lockgraphUrl, lookup.headers, lookup.setup));
      const target = graphqlTarget(topology.lockgraphUrl, lookup.headers, lookup.query, lookup.variables);
      const answer = await once(target);
      if (answer.errors?.length || !answer.data)
        throw new Error(`the lookup through HAProxy failed: ${JSON.stringify(answer).slice(0, 300)}`);
      targets[`${topology.replicas.length} replica${topology.replicas.length > 1 ? "s" : ""}`] = target;
    }
    const rounds = await interleaved(targets, options);
    const [bare, one, two] = Object.values(rounds.median);
    return {
      rounds,
      summary: `no load balancer ${bare!.requestsPerSecond} req/s (p99 ${bare!.p99Ms} ms), 1 replica ${one!.requestsPerSecond} req/s (p99 ${one!.p99Ms} ms), 2 replicas ${two!.requestsPerSecond} req/s (p99 ${two!.p99Ms} ms): ${Math.round((two!.requestsPerSecond / one!.requestsPerSecond) * 100) / 100}x`,
    };
  } finally {
    for (const topology of topologies) await topology.close();
  }
}
