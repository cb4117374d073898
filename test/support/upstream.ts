import { loadConfig } from "../../src/config.js";
import { Redactor } from "../../src/vendors/upstream-errors.js";
import { UpstreamClient } from "../../src/vendors/http.js";
import { Metrics } from "../../src/metrics.js";
import type { Provider } from "../../src/domain/providers.js";
import type { Simulator } from "../../src/vendors/simulator.js";

export interface SimulatedUpstream {
  simulator: Simulator;
  client: UpstreamClient;
  redactor(...credentials: string[]): Redactor;
  close(): Promise<void>;
}

/**
 * A provider's simulator on an ephemeral port and an UpstreamClient pointed at it, with
 * test-sized policies (short timeout, fast breaker reset) unless `env` says otherwise.
 */
export async function simulatedUpstream(
  provider: Provider,
  simulator: Simulator,
  env: Record<string, string> = {},
): Promise<SimulatedUpstream> {
  const url = await simulator.listen();
  const config = loadConfig({
    LOCKGRAPH_UPSTREAM_TIMEOUT_MS: "300",
    LOCKGRAPH_RETRY_AFTER_CAP_SECONDS: "1",
    LOCKGRAPH_BREAKER_RESET_MS: "200",
    ...env,
  });
  const client = new UpstreamClient(provider, url, config.upstream[provider], new Metrics());
  return {
    simulator,
    client,
    redactor: (...credentials) => new Redactor(credentials),
    async close() {
      await client.close();
      await simulator.close();
    },
  };
}
