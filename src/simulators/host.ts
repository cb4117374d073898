import { Provider } from "../schema/provider.enum.js";
import { createReferenceDataSimulator } from "./reference-data.js";
import type { Simulator } from "./simulator.js";

const FACTORIES: Partial<Record<Provider, () => Simulator>> = {
  [Provider.REFERENCE_DATA]: createReferenceDataSimulator,
};

/** The embedded simulators of the providers that have no vendor URL configured, running in-process. */
export class SimulatorHost {
  private constructor(private readonly running: Map<Provider, { simulator: Simulator; url: string }>) {}

  static async start(providers: Provider[]): Promise<SimulatorHost> {
    const running = new Map<Provider, { simulator: Simulator; url: string }>();
    for (const provider of providers) {
      const factory = FACTORIES[provider];
      if (!factory) continue;
      const simulator = factory();
      running.set(provider, { simulator, url: await simulator.listen() });
    }
    return new SimulatorHost(running);
  }

  url(provider: Provider): string | undefined {
    return this.running.get(provider)?.url;
  }

  /** The simulator of a provider, for tests and demos that turn its knobs. */
  get(provider: Provider): Simulator {
    const entry = this.running.get(provider);
    if (!entry) throw new Error(`no embedded simulator runs for ${provider}`);
    return entry.simulator;
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.values()].map(({ simulator }) => simulator.close()));
  }
}
