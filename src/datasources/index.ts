import type { Credentials } from "../credentials.js";
import type { LockRef, NodeRef } from "../ids.js";
import type { Lock } from "../schema/lock.type.js";
import type { Node } from "../schema/node.interface.js";
import { Provider } from "../schema/provider.enum.js";
import type { UpstreamClient } from "./http.js";
import { ReferenceDataAPI } from "./reference-data.js";
import type { LockOperations } from "./vendor-api.js";

/** The long-lived things data sources share: one upstream client per provider. */
export interface DataSourceDeps {
  clients: Record<Provider, UpstreamClient>;
  limits: { maxListLength: number };
}

/** Every vendor's data source for one request, built with that request's credentials. */
export class DataSources {
  readonly referenceData: ReferenceDataAPI;

  constructor(deps: DataSourceDeps, credentials: Credentials) {
    const args = (provider: Provider) => [deps.clients[provider], credentials.for(provider), credentials.redactor] as const;
    this.referenceData = new ReferenceDataAPI(...args(Provider.REFERENCE_DATA));
  }

  /** The data source that owns a lock id's provider, for routing `releaseLock` and friends. */
  forLocks(provider: Provider): LockOperations {
    const byProvider: Partial<Record<Provider, LockOperations>> = {
      [Provider.REFERENCE_DATA]: this.referenceData,
    };
    const operations = byProvider[provider];
    if (!operations) throw new Error(`no data source for ${provider}`);
    return operations;
  }

  /** `Query.lock`, `Query.node` and `_entities`: the live lock, whatever its provider. */
  findLock(ref: LockRef): Promise<Lock | null> {
    return this.forLocks(ref.provider).findLock(ref);
  }

  /** `Query.node`: a Lock or Reservation by its decoded id. */
  findNode(ref: NodeRef): Promise<Node | null> {
    if (ref.typename === "Lock") return this.findLock(ref.lock);
    throw new Error("Reservation ids are not served yet");
  }
}
