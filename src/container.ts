import type { Config } from "./config.js";
import type { ContextParts } from "./context.js";
import { Metrics } from "./metrics.js";
import type { VendorDefinition } from "./vendors/definition.js";
import { UpstreamClient } from "./vendors/http.js";
import { LockIds } from "./vendors/lock-ids.js";
import { VENDORS } from "./vendors/registry.js";
import { SimulatorHost } from "./vendors/simulator-host.js";

export interface ContainerOptions {
  /** The vendors to serve; the registry's five unless a test plugs in more. */
  vendors?: readonly VendorDefinition[];
}

/**
 * The composition root: builds the long-lived parts once - the embedded simulators of
 * vendors without a URL, one upstream client (pool, breaker, concurrency cap) per provider,
 * each vendor's own state, metrics and the id codec - and closes them in reverse.
 * Per-request parts (credentials, data sources, the lock service) are built from
 * `contextParts` by src/context.ts.
 */
export class Container {
  #closing = false;

  private constructor(
    readonly config: Config,
    readonly vendors: readonly VendorDefinition[],
    readonly simulators: SimulatorHost,
    readonly clients: ReadonlyMap<string, UpstreamClient>,
    private readonly states: ReadonlyMap<string, unknown>,
    readonly lockIds: LockIds,
    readonly metrics: Metrics,
  ) {}

  static async create(config: Config, options: ContainerOptions = {}): Promise<Container> {
    const vendors = options.vendors ?? VENDORS;
    const simulators = await SimulatorHost.start(vendors.filter((v) => !config.upstream[v.provider]?.url));
    const metrics = new Metrics();
    const clients = new Map<string, UpstreamClient>();
    for (const { provider } of vendors) {
      const policy = config.upstream[provider];
      if (!policy) throw new Error(`no configuration for ${provider}: load it with the same vendors`);
      clients.set(
        provider,
        new UpstreamClient(provider, policy.url ?? simulators.url(provider), policy, metrics),
      );
    }
    const states = new Map(vendors.map((v) => [v.provider as string, v.createState?.()]));
    return new Container(config, vendors, simulators, clients, states, new LockIds(vendors), metrics);
  }

  /** What every request's context is built from. */
  contextParts(): ContextParts {
    const { vendors, clients, states, lockIds } = this;
    const { maxListLength, requestDeadlineMs, maxUpstreamCallsPerRequest } = this.config;
    const limits = { maxListLength, requestDeadlineMs, maxUpstreamCallsPerRequest };
    return { vendors, clients, states, lockIds, limits };
  }

  /** True while every long-lived part can serve; false from the start of `close()`. */
  isReady(): boolean {
    return !this.#closing;
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    await this.simulators.close();
  }
}
