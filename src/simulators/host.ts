import { Provider } from "../schema/provider.enum.js";
import { createIModelsSimulator } from "./imodels.js";
import { createKooDriveSimulator } from "./koodrive.js";
import { createOracleContentSimulator } from "./oracle-content.js";
import { createReferenceDataSimulator } from "./reference-data.js";
import type { Simulator } from "./simulator.js";
import { createSuperOfficeSimulator } from "./superoffice.js";

const FACTORIES: Record<Provider, () => Simulator> = {
  [Provider.REFERENCE_DATA]: createReferenceDataSimulator,
  [Provider.KOODRIVE]: createKooDriveSimulator,
  [Provider.SUPEROFFICE]: createSuperOfficeSimulator,
  [Provider.ORACLE_CONTENT]: createOracleContentSimulator,
  [Provider.IMODELS]: createIModelsSimulator,
};

/** The embedded simulators of the providers that have no vendor URL configured, running in-process. */
export class SimulatorHost {
  private constructor(private readonly running: Map<Provider, { simulator: Simulator; url: string }>) {}

  static async start(providers: Provider[]): Promise<SimulatorHost> {
    const running = new Map<Provider, { simulator: Simulator; url: string }>();
    for (const provider of providers) {
      const simulator = FACTORIES[provider]();
      running.set(provider, { simulator, url: await simulator.listen() });
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
