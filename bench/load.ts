import autocannon from "autocannon";

export interface Target {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
}

/**
 * One autocannon run against a target. Same tool, same connection count for every target;
 * `rate` caps the total requests per second (for latency at a fixed load).
 */
export async function load(
  target: Target,
  options: { seconds?: number; amount?: number; connections: number; rate?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    body: target.body,
    connections: options.connections,
    // autocannon validates every key it is given, so leave unset ones out.
    ...(options.seconds !== undefined && { duration: options.seconds }),
    ...(options.amount !== undefined && { amount: options.amount }),
    ...(options.rate !== undefined && { overallRate: options.rate }),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

export function graphqlTarget(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown> = {},
): Target {
  return {
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  };
}

/** Sends a target once and returns the parsed JSON, so a scenario can check it answers what it should. */
export async function once(target: Target): Promise<Record<string, any>> {
  const response = await fetch(target.url, {
    method: target.method,
    headers: target.headers,
    body: target.body,
  });
  return (await response.json()) as Record<string, any>;
}
