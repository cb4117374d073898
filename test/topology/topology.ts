import { createEmptyPostgresDatabase, POSTGRES_ADMIN_URL } from "../support/databases.js";
import { startCatalog, composeWithCatalog, startGateway, type RunningServer } from "../support/supergraph.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { VENDORS } from "../../src/vendors/registry.js";
import { SimulatorHost } from "../../src/vendors/simulator-host.js";
import { type HealthCheck, type LoadBalancer, startLoadBalancer, TEST_HEALTH_CHECK } from "./haproxy.js";
import { type Replica, startReplica } from "./replica.js";

/**
 * LockGraph scaled out as docs/deploy.md describes, on loopback: N replicas (child processes
 * running dist/src/index.js) on one fresh PostgreSQL database, reached through a TCP proxy the
 * caller can cut; one shared set of vendor simulators; HAProxy in front of the replicas; and,
 * optionally, Apollo Gateway composing LockGraph (through HAProxy) with the catalog subgraph.
 */
export interface TopologyOptions {
  replicas?: number;
  /** Extra environment for every replica. */
  env?: Record<string, string>;
  /** Vendor base URLs by provider; unset, simulators start in this process. */
  vendorUrls?: Record<string, string>;
  /** Start the gateway and the catalog subgraph too. */
  gateway?: boolean;
  check?: HealthCheck;
}

export interface Topology {
  replicas: Replica[];
  loadBalancer: LoadBalancer;
  /** `<load balancer>/graphql` */
  lockgraphUrl: string;
  /** The gateway's GraphQL URL, when started with `gateway: true`. */
  gatewayUrl: string | undefined;
  /** The in-process simulators (undefined when `vendorUrls` was given). */
  simulators: SimulatorHost | undefined;
  /** The proxy every replica reaches PostgreSQL through: `cut()` is a database outage. */
  databaseProxy: TcpProxy;
  /** The database as replicas see it (through the proxy). */
  databaseUrl: string;
  /** The same database, directly: for the test's own checks while the proxy is cut. */
  directDatabaseUrl: string;
  close(): Promise<void>;
}

export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const { replicas: count = 2, env = {}, gateway = false, check = TEST_HEALTH_CHECK } = options;
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const database = await createEmptyPostgresDatabase();
    closers.push(() => database.drop());
    const admin = new URL(POSTGRES_ADMIN_URL);
    const databaseProxy = await startTcpProxy(admin.hostname, Number(admin.port || 5432));
    closers.push(() => databaseProxy.close());
    const proxied = new URL(database.url);
    proxied.port = String(databaseProxy.port);

    let simulators: SimulatorHost | undefined;
    let vendorUrls = options.vendorUrls;
    if (!vendorUrls) {
      const host = await SimulatorHost.start(VENDORS);
      closers.push(() => host.close());
      simulators = host;
      vendorUrls = Object.fromEntries(host.providers.map((p) => [p, host.url(p)]));
    }
    const replicaEnv = {
      LOCKGRAPH_DATABASE_URL: proxied.toString(),
      ...Object.fromEntries(VENDORS.map((v) => [v.urlVariable, vendorUrls![v.provider]!])),
      ...env,
    };

    // All at once, as an orchestrator starts them: the migrations' advisory lock must sort them out.
    const replicas = await Promise.all(
      Array.from({ length: count }, (_, i) => startReplica(`replica${i + 1}`, replicaEnv)),
    );
    closers.push(() => Promise.all(replicas.map((r) => r.stop("SIGKILL"))));
    const loadBalancer = await startLoadBalancer(replicas, check);
    closers.push(() => loadBalancer.close());
    await loadBalancer.waitFor("UP");
    const lockgraphUrl = `${loadBalancer.base}/graphql`;

    let gatewayUrl: string | undefined;
    if (gateway) {
      const catalog: RunningServer = await startCatalog();
      closers.push(() => catalog.stop());
      const composition = await composeWithCatalog(lockgraphUrl, catalog.url);
      if (!composition.supergraphSdl)
        throw new Error(`composition failed: ${composition.errors?.map((e) => e.message).join("; ")}`);
      const running = await startGateway(composition.supergraphSdl);
      closers.push(() => running.stop());
      gatewayUrl = running.url;
    }

    return {
      replicas,
      loadBalancer,
      lockgraphUrl,
      gatewayUrl,
      simulators,
      databaseProxy,
      databaseUrl: proxied.toString(),
      directDatabaseUrl: database.url,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
