import type { Credentials } from "../credentials.js";
import type { LockRef, NodeRef } from "../ids.js";
import type { Lock } from "../schema/lock.type.js";
import type { Node } from "../schema/node.interface.js";
import { Provider } from "../schema/provider.enum.js";
import type { BackupLockStore } from "./backup-lock-store.js";
import type { UpstreamClient } from "./http.js";
import { IModelsAPI } from "./imodels.js";
import { KooDriveAPI } from "./koodrive.js";
import { OracleContentAPI } from "./oracle-content.js";
import { ReferenceDataAPI } from "./reference-data.js";
import { SuperOfficeAPI } from "./superoffice.js";
import type { LockOperations } from "./vendor-api.js";

/** The long-lived things data sources share: one upstream client per provider. */
export interface DataSourceDeps {
  clients: Record<Provider, UpstreamClient>;
  limits: { maxListLength: number };
  /** What LockGraph acquired at KooDrive, which has no endpoint to read a lock back. */
  backupLocks: BackupLockStore;
}

/** Every vendor's data source for one request, built with that request's credentials. */
export class DataSources {
  readonly referenceData: ReferenceDataAPI;
  readonly koodrive: KooDriveAPI;
  readonly superOffice: SuperOfficeAPI;
  readonly oracleContent: OracleContentAPI;
  readonly imodels: IModelsAPI;

  constructor(deps: DataSourceDeps, credentials: Credentials) {
    const args = (provider: Provider) => [deps.clients[provider], credentials.for(provider), credentials.redactor] as const;
    this.referenceData = new ReferenceDataAPI(...args(Provider.REFERENCE_DATA));
    this.koodrive = new KooDriveAPI(...args(Provider.KOODRIVE), credentials.koodriveUserId, deps.backupLocks);
    this.superOffice = new SuperOfficeAPI(...args(Provider.SUPEROFFICE));
    this.oracleContent = new OracleContentAPI(...args(Provider.ORACLE_CONTENT));
    this.imodels = new IModelsAPI(...args(Provider.IMODELS));
  }

  /** The data source that owns a lock id's provider, for routing `releaseLock` and friends. */
  forLocks(provider: Provider): LockOperations {
    const byProvider: Partial<Record<Provider, LockOperations>> = {
      [Provider.REFERENCE_DATA]: this.referenceData,
      [Provider.KOODRIVE]: this.koodrive,
      [Provider.SUPEROFFICE]: this.superOffice,
      [Provider.IMODELS]: this.imodels,
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
    return this.oracleContent.findReservation(ref.reservation.fileId);
  }
}
