import type { Logger } from "pino";
import type { Config } from "./config.js";
import { ExpiryWarnings } from "./events/expiry-warnings.js";
import { HoldEventHub } from "./events/hold-event-hub.js";
import { LedgerAvailability } from "./ledger/availability.js";
import { openWhenReachable } from "./ledger/open-when-reachable.js";
import type { Ledger } from "./ledger/ledger.js";
import { LedgerMaintenance } from "./ledger/maintenance.js";
import { createLogger } from "./logger.js";
import { HoldJournal } from "./services/hold-journal.js";
import { OperatorTokens } from "./services/operator-tokens.js";
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
  logger?: Logger;
}

/** How long LockGraph keeps waiting for an acquire's answer after its caller gave up (docs/ledger.md). */
export const LATE_ANSWER_MS = 65_000;

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
    readonly ledger: Ledger,
    readonly journal: HoldJournal,
    readonly operators: OperatorTokens,
    private readonly availability: LedgerAvailability,
    private readonly maintenance: LedgerMaintenance,
    readonly events: HoldEventHub,
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
    const logger = options.logger ?? createLogger(config.logLevel);
    const ledger = await openWhenReachable(
      {
        location: config.ledger.location,
        ledgerKey: config.ledger.ledgerKey,
        onBackgroundError: (err) => logger.warn({ err }, "the ledger's database connection failed"),
      },
      (err, retryInMs) =>
        logger.warn(
          { err: { code: (err as NodeJS.ErrnoException).code, message: err.message }, retryInMs },
          "waiting for the ledger's database to answer before starting",
        ),
    );
    const availability = new LedgerAvailability(ledger.db, {
      onChange: (up) => logger.warn(up ? "the ledger is reachable again" : "the ledger cannot be reached"),
    });
    availability.start();
    const warnings = new ExpiryWarnings(
      ledger.db,
      ledger.holds,
      ledger.events,
      config.events.expiryWarningMs,
    );
    const maintenance = new LedgerMaintenance(ledger, {
      retentionDays: config.ledger.retentionDays,
      // One lease sweep: EXPIRING for leases ending soon, then EXPIRED for those that lapsed.
      expiryIntervalMs: config.events.leaseSweepMs,
      warnExpiring: (now) => warnings.sweep(now),
      onError: (err) => logger.warn({ err }, "ledger housekeeping failed; retrying on the next round"),
    });
    maintenance.start();
    const events = await HoldEventHub.start(ledger.db, ledger.events, {
      bufferLimit: config.events.subscriberBuffer,
      onError: (err) => logger.warn({ err }, "reading the ledger's new events failed; retrying"),
    });
    const journal = new HoldJournal(ledger, availability, logger, {
      lateAnswerMs: LATE_ANSWER_MS,
    });
    const states = new Map(vendors.map((v) => [v.provider as string, v.createState?.({ ledger })]));
    return new Container(
      config,
      vendors,
      simulators,
      clients,
      states,
      new LockIds(vendors),
      metrics,
      ledger,
      journal,
      new OperatorTokens(config.operatorTokens),
      availability,
      maintenance,
      events,
    );
  }

  /** What every request's context is built from. */
  contextParts(): ContextParts {
    const { vendors, clients, states, lockIds, journal, ledger, operators, events } = this;
    const { maxListLength, requestDeadlineMs, maxUpstreamCallsPerRequest } = this.config;
    const limits = { maxListLength, requestDeadlineMs, maxUpstreamCallsPerRequest };
    const subscriptionRecheckMs = this.config.events.recheckMs;
    return {
      vendors,
      clients,
      states,
      lockIds,
      journal,
      ledger,
      operators,
      limits,
      events,
      subscriptionRecheckMs,
    };
  }

  /** True while every long-lived part can serve (the ledger reachable included); false from the start of `close()`. */
  isReady(): boolean {
    return !this.#closing && this.availability.available;
  }

  /** Stops taking work, waits (boundedly) for acquires whose answer is still due, then closes in reverse. */
  async close(): Promise<void> {
    this.#closing = true;
    // One grace for the whole shutdown (LOCKGRAPH_SHUTDOWN_GRACE_MS): the HTTP drain and this one.
    await this.journal.drain(this.config.shutdownGraceMs);
    await this.maintenance.stop();
    await this.events.close();
    await this.availability.stop();
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    await this.simulators.close();
    await this.ledger.close();
  }
}
