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

/**
 * Every vendor's data source for one request, built with that request's credentials.
 * Each is built on first use: most operations touch one vendor, and a data source
 * carries DataLoaders that would otherwise be made for nothing.
 */
export class DataSources {
  #referenceData?: ReferenceDataAPI;
  #koodrive?: KooDriveAPI;
  #superOffice?: SuperOfficeAPI;
  #oracleContent?: OracleContentAPI;
  #imodels?: IModelsAPI;

  constructor(
    private readonly deps: DataSourceDeps,
    private readonly credentials: Credentials,
  ) {}

  get referenceData(): ReferenceDataAPI {
    return (this.#referenceData ??= new ReferenceDataAPI(...this.args(Provider.REFERENCE_DATA)));
  }

  get koodrive(): KooDriveAPI {
    return (this.#koodrive ??= new KooDriveAPI(...this.args(Provider.KOODRIVE), this.credentials.koodriveUserId, this.deps.backupLocks));
  }

  get superOffice(): SuperOfficeAPI {
    return (this.#superOffice ??= new SuperOfficeAPI(...this.args(Provider.SUPEROFFICE)));
  }

  get oracleContent(): OracleContentAPI {
    return (this.#oracleContent ??= new OracleContentAPI(...this.args(Provider.ORACLE_CONTENT)));
  }

  get imodels(): IModelsAPI {
    return (this.#imodels ??= new IModelsAPI(...this.args(Provider.IMODELS)));
  }

  /** The data source that owns a lock id's provider, for routing `releaseLock` and friends. */
  forLocks(provider: LockRef["provider"]): LockOperations {
    switch (provider) {
      case Provider.REFERENCE_DATA:
        return this.referenceData;
      case Provider.KOODRIVE:
        return this.koodrive;
      case Provider.SUPEROFFICE:
        return this.superOffice;
      case Provider.IMODELS:
        return this.imodels;
    }
  }

  /** `Query.lock`, `Query.node` and `_entities`: the live lock, whatever its provider. */
  findLock(ref: LockRef): Promise<Lock | null> {
    return this.forLocks(ref.provider).findLock(ref);
  }

  private args(provider: Provider) {
    return [this.deps.clients[provider], this.credentials.for(provider), this.credentials.redactor] as const;
  }

  /** `Query.node`: a Lock or Reservation by its decoded id. */
  findNode(ref: NodeRef): Promise<Node | null> {
    if (ref.typename === "Lock") return this.findLock(ref.lock);
    return this.oracleContent.findReservation(ref.reservation.fileId);
  }
}
