import type { Provider } from "../domain/providers.js";
import type { VendorDefinition } from "./definition.js";
import type { Simulator } from "./simulator.js";

/** The embedded simulators of the providers that have no vendor URL configured, running in-process. */
export class SimulatorHost {
  private constructor(private readonly running: Map<Provider, { simulator: Simulator; url: string }>) {}

  /** Starts each vendor's simulator (`createSimulator` of its definition). */
  static async start(vendors: readonly VendorDefinition[]): Promise<SimulatorHost> {
    const running = new Map<Provider, { simulator: Simulator; url: string }>();
    for (const vendor of vendors) {
      const simulator = vendor.createSimulator();
      running.set(vendor.provider, { simulator, url: await simulator.listen() });
    }
    return new SimulatorHost(running);
  }

  /** The providers served by an embedded simulator. */
  get providers(): Provider[] {
    return [...this.running.keys()];
  }

  url(provider: Provider): string {
    return this.entry(provider).url;
  }

  /** The simulator of a provider, for tests and demos that turn its knobs. */
  get(provider: Provider): Simulator {
    return this.entry(provider).simulator;
  }

  private entry(provider: Provider): { simulator: Simulator; url: string } {
    const entry = this.running.get(provider);
    if (!entry) throw new Error(`no embedded simulator runs for ${provider}`);
    return entry;
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.values()].map(({ simulator }) => simulator.close()));
  }
}
