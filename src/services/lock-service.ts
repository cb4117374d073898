/**
 * The lock service: every acquire, renew, release and read of a lock or reservation passes
 * through here, one instance per request. Resolvers call it, never a data source.
 *
 * The seam. Every public method ends in exactly one of four central methods:
 *
 *   acquire(operation, target, call): Promise<T>   lockReferenceData, acquireIModelLocks,
 *                                                   checkOutDocument, acquireBackupLock, reserveFile
 *   renew(operation, target, call): Promise<T>     renewLock
 *   release(operation, target, call): Promise<T>   releaseLock, releaseIModelLocks,
 *                                                   checkInDocument, unreserveFile
 *   read(operation, target, call): Promise<T>      every query, entity field and `_entities`
 *
 * `operation` is the GraphQL field behind it (such as "checkOutDocument"), `target` the
 * provider and resource (and lock ref, where an id named one), and `call` the vendor call,
 * whose answer is the domain Lock, Reservation, page or payload. Recording to the ledger
 * and publishing events go in these four methods, once per kind: around `call`, with the
 * answer or the contract error it threw.
 */
import {
  boundedList,
  documentKey,
  objectIds,
  optionalPositiveInt,
  optionalVendorId,
  pageSize,
  positiveInt,
  vendorId,
} from "../domain/arguments.js";
import { unsupported } from "../domain/errors.js";
import type { LockRefBase } from "../domain/ids.js";
import {
  BACKUP_MODULE_CODES,
  ResourceKind,
  type BackupModule,
  type Lock,
  type LockConnection,
  LockLevel,
  LockState,
  type PublicLink,
  type Reservation,
} from "../domain/locks.js";
import { Provider } from "../domain/providers.js";
import type {
  IModelLocksAcquisition,
  IModelLocksRelease,
  IModelLocksReleased,
} from "../vendors/imodels/api.js";
import { iModels } from "../vendors/imodels/definition.js";
import { kooDrive } from "../vendors/koodrive/definition.js";
import { encodeReservationId, type LockIds } from "../vendors/lock-ids.js";
import { oracleContent } from "../vendors/oracle-content/definition.js";
import { referenceData } from "../vendors/reference-data/definition.js";
import { superOffice } from "../vendors/superoffice/definition.js";
import type { VendorApis } from "../vendors/vendor-apis.js";
import type { Patience } from "../vendors/http.js";
import type { HoldJournal, JournalTarget } from "./hold-journal.js";

/** What an operation acts on or reads, as a ledger keys it. */
export interface Target {
  provider: Provider;
  /** The resource, where the arguments name it; an id-only call (`releaseLock`) has only `lockRef`. */
  resource?: { kind: ResourceKind; id: string };
  lockRef?: LockRefBase;
}

/** A vendor call; what it answers is what the seam sees. */
export type VendorCall<T> = () => Promise<T>;
/** A change at a vendor (acquire, renew, release): made through data sources that wait patiently (Patience). */
type PatientCall<T> = (apis: VendorApis) => Promise<T>;

export interface LockServiceLimits {
  /** Most ids a list argument (`documentLocks`, `fileReservations`) may name. */
  maxListLength: number;
}

export interface IModelLocksQuery {
  briefcaseId?: number | null;
  level?: LockLevel | null;
  first?: number | null;
  after?: string | null;
}

export class LockService {
  constructor(
    private readonly apis: VendorApis,
    private readonly lockIds: LockIds,
    private readonly limits: LockServiceLimits,
    private readonly journal: HoldJournal,
  ) {}

  // ---- Reference data

  referenceDataLock(clientId: number): Promise<Lock | null> {
    const id = positiveInt(clientId, "clientId");
    return this.read("referenceDataLock", referenceDataTarget(id), () =>
      this.apis.get(referenceData).getLockStatus(id),
    );
  }

  lockReferenceData(clientId: number): Promise<Lock> {
    const id = positiveInt(clientId, "clientId");
    return this.acquire("lockReferenceData", referenceDataTarget(id), (apis) =>
      apis.get(referenceData).lock(id),
    );
  }

  // ---- SuperOffice

  documentLock(documentId: number, operation = "documentLock"): Promise<Lock | null> {
    const id = positiveInt(documentId, "documentId");
    return this.read(operation, documentTarget(id), () => this.apis.get(superOffice).documentLock(id));
  }

  /** One entry per id, in order: a lock, null, or the Error of that id alone. */
  documentLocks(documentIds: number[]): Promise<Array<Lock | null | Error>> {
    const ids = boundedList(documentIds, this.limits.maxListLength, "documentIds").map((id) =>
      positiveInt(id, "documentIds"),
    );
    const api = this.apis.get(superOffice);
    return entries(ids, (id) => this.read("documentLocks", documentTarget(id), () => api.documentLock(id)));
  }

  checkOutDocument(documentId: number): Promise<Lock> {
    const id = positiveInt(documentId, "documentId");
    return this.acquire("checkOutDocument", documentTarget(id), (apis) => apis.get(superOffice).checkOut(id));
  }

  checkInDocument(documentId: number, versionDescription?: string | null): Promise<Lock> {
    const id = positiveInt(documentId, "documentId");
    return this.release("checkInDocument", documentTarget(id), (apis) =>
      apis.get(superOffice).checkIn(id, versionDescription ?? undefined),
    );
  }

  /** `_entities`: a Document representation, checked before its `lock` trusts its id. */
  documentReference(id: string): { id: string } {
    return { id: documentKey(id) };
  }

  // ---- KooDrive

  acquireBackupLock(module: BackupModule): Promise<Lock> {
    const target: Target = {
      provider: Provider.KOODRIVE,
      resource: { kind: ResourceKind.BACKUP, id: BACKUP_MODULE_CODES[module] },
    };
    return this.acquire("acquireBackupLock", target, (apis) => apis.get(kooDrive).createBackupLock(module));
  }

  // ---- iModels

  iModelLocks(iModelId: string, query: IModelLocksQuery, operation = "iModelLocks"): Promise<LockConnection> {
    const id = vendorId(iModelId, "iModelId");
    const filter = {
      briefcaseId: optionalPositiveInt(query.briefcaseId, "briefcaseId"),
      level: query.level ?? undefined,
    };
    const first = pageSize(query.first);
    return this.read(operation, iModelTarget(id), () =>
      this.apis.get(iModels).listLocks(id, filter, first, query.after),
    );
  }

  acquireIModelLocks(input: IModelLocksAcquisition): Promise<Lock> {
    const ids = objectIds(input.objectIds, "input.objectIds");
    const acquisition = {
      iModelId: vendorId(input.iModelId, "input.iModelId"),
      briefcaseId: positiveInt(input.briefcaseId, "input.briefcaseId"),
      changesetId: optionalVendorId(input.changesetId, "input.changesetId"),
      level: input.level,
      objectIds: ids,
    };
    const target: Target = {
      ...iModelTarget(acquisition.iModelId),
      lockRef: { provider: Provider.IMODELS, ...pick(acquisition, "iModelId", "briefcaseId", "level") },
    } as Target;
    return this.acquire("acquireIModelLocks", target, (apis) => apis.get(iModels).acquireLocks(acquisition));
  }

  releaseIModelLocks(input: IModelLocksRelease): Promise<IModelLocksReleased> {
    const release = {
      iModelId: vendorId(input.iModelId, "input.iModelId"),
      briefcaseId: positiveInt(input.briefcaseId, "input.briefcaseId"),
      changesetId: optionalVendorId(input.changesetId, "input.changesetId"),
    };
    return this.release(
      "releaseIModelLocks",
      iModelTarget(release.iModelId),
      (apis) => apis.get(iModels).releaseLocks(release),
      (released) => this.releasedBriefcase(released),
    );
  }

  /** `_entities`: an IModel representation is its id; LockGraph keeps nothing else of it. */
  iModelReference(id: string): { id: string } {
    return { id: vendorId(id, "id") };
  }

  // ---- Any provider's lock, by id

  /** `lock`, `_entities` of a Lock: the live lock, whatever its provider; null once no longer held. */
  lock(id: string, operation = "lock"): Promise<Lock | null> {
    const ref = this.lockIds.decodeLock(id);
    return this.read(operation, lockTarget(ref), () => this.apis.locks(ref).findLock(ref));
  }

  /** The provider a Lock or Reservation id belongs to, without asking anyone. */
  providerOf(id: string): string {
    const ref = this.lockIds.decodeNode(id);
    return ref.typename === "Lock" ? ref.lock.provider : Provider.ORACLE_CONTENT;
  }

  /** `node`: a Lock or Reservation by its global id. */
  node(id: string): Promise<Lock | Reservation | null> {
    const ref = this.lockIds.decodeNode(id);
    if (ref.typename === "Lock") {
      return this.read("node", lockTarget(ref.lock), () => this.apis.locks(ref.lock).findLock(ref.lock));
    }
    const { fileId } = ref.reservation;
    return this.read("node", fileTarget(fileId), () => this.apis.get(oracleContent).findReservation(fileId));
  }

  releaseLock(id: string): Promise<Lock> {
    const ref = this.lockIds.decodeLock(id);
    return this.release("releaseLock", lockTarget(ref), (apis) => apis.locks(ref).releaseLock(ref));
  }

  renewLock(id: string): Promise<Lock> {
    const ref = this.lockIds.decodeLock(id);
    const refused = () => unsupported(ref.provider as Provider, "renewing a lock");
    // Asked before the journal: a provider without renewals is bad input, not a refusal to record.
    if (!this.apis.locks(ref).renewLock) throw refused();
    return this.renew(
      "renewLock",
      lockTarget(ref),
      (apis) => apis.locks(ref).renewLock?.(ref) ?? Promise.reject(refused()),
    );
  }

  // ---- Oracle Content

  fileReservation(
    fileId: string,
    link?: PublicLink | null,
    operation = "fileReservation",
  ): Promise<Reservation | null> {
    const id = vendorId(fileId, "fileId");
    return this.read(operation, fileTarget(id), () => this.apis.get(oracleContent).findReservation(id, link));
  }

  /** One entry per id, in order; every id is checked before any is sent. */
  fileReservations(fileIds: string[]): Promise<Array<Reservation | null | Error>> {
    const ids = boundedList(fileIds, this.limits.maxListLength, "fileIds").map((id) =>
      vendorId(id, "fileIds"),
    );
    const api = this.apis.get(oracleContent);
    return entries(ids, (id) => this.read("fileReservations", fileTarget(id), () => api.findReservation(id)));
  }

  /** `_entities` of a Reservation. */
  reservation(id: string): Promise<Reservation | null> {
    const { fileId } = this.lockIds.decodeReservation(id);
    return this.read("_entities", fileTarget(fileId), () =>
      this.apis.get(oracleContent).findReservation(fileId),
    );
  }

  reserveFile(fileId: string, link?: PublicLink | null): Promise<Reservation> {
    const id = vendorId(fileId, "fileId");
    return this.acquire("reserveFile", fileTarget(id), (apis) => apis.get(oracleContent).reserve(id, link));
  }

  unreserveFile(fileId: string, link?: PublicLink | null): Promise<Reservation> {
    const id = vendorId(fileId, "fileId");
    return this.release("unreserveFile", fileTarget(id), (apis) =>
      apis.get(oracleContent).releaseReservation(id, link),
    );
  }

  /** `_entities`: a File representation's id must be a file id LockGraph may put in a path. */
  fileReference(id: string): { id: string } {
    return { id: vendorId(id, "id") };
  }

  // ---- The seam: the ledger and events hook in here (see the top of this file).

  /** `call` gets this request's data sources with the journal's patience for the change. */
  private acquire<T>(operation: string, target: Target, call: PatientCall<T>): Promise<T> {
    return this.journal.acquire(operation, this.journalTarget(target), undefined, this.patient(call));
  }

  private renew<T>(operation: string, target: Target, call: PatientCall<T>): Promise<T> {
    return this.journal.change(operation, "RENEWED", this.journalTarget(target), this.patient(call));
  }

  private release<T>(
    operation: string,
    target: Target,
    call: PatientCall<T>,
    released?: (answer: T) => Lock[],
  ): Promise<T> {
    return this.journal.change(
      operation,
      "RELEASED",
      this.journalTarget(target),
      this.patient(call),
      released,
    );
  }

  private patient<T>(call: PatientCall<T>): (patience: Patience) => Promise<T> {
    return (patience) => call(this.apis.withPatience(patience));
  }

  private async read<T>(_operation: string, target: Target, call: VendorCall<T>): Promise<T> {
    const answer = await call();
    // KooDrive has no read endpoint: its answers come from the ledger, so there is nothing to observe.
    if (target.provider === Provider.KOODRIVE) return answer;
    const holdId = this.journalTarget(target).holdId;
    return this.journal.observe(answer, answer === null && holdId !== undefined ? [holdId] : []);
  }

  /** The target as the ledger keys it: the hold id where the arguments name one. */
  private journalTarget(target: Target): JournalTarget {
    const { provider, resource } = target;
    let holdId: string | undefined;
    if (target.lockRef) holdId = this.lockIds.encode(target.lockRef);
    else if (provider === Provider.ORACLE_CONTENT && resource)
      holdId = encodeReservationId({ fileId: resource.id });
    return { provider, resource, holdId };
  }

  /** releaseIModelLocks frees every lock of the briefcase: one RELEASED Lock per level. */
  private releasedBriefcase({ iModelId, briefcaseId }: IModelLocksReleased): Lock[] {
    return [LockLevel.SHARED, LockLevel.EXCLUSIVE].map((level) => ({
      id: this.lockIds.encode({ provider: Provider.IMODELS, iModelId, briefcaseId, level } as LockRefBase),
      provider: Provider.IMODELS,
      resource: { kind: ResourceKind.IMODEL, id: iModelId },
      level,
      state: LockState.RELEASED,
      holder: { id: String(briefcaseId) },
    }));
  }
}

function pick<T extends object, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}

/** Runs one read per entry at once; a failed entry is its Error, in its own slot. */
function entries<K, T>(keys: K[], read: (key: K) => Promise<T>): Promise<Array<T | Error>> {
  return Promise.all(keys.map((key) => read(key).catch((error: Error) => error)));
}

function referenceDataTarget(clientId: number): Target {
  return {
    provider: Provider.REFERENCE_DATA,
    resource: { kind: ResourceKind.REFERENCE_DATA, id: String(clientId) },
    lockRef: { provider: Provider.REFERENCE_DATA, clientId } as LockRefBase,
  };
}

function documentTarget(documentId: number): Target {
  return {
    provider: Provider.SUPEROFFICE,
    resource: { kind: ResourceKind.DOCUMENT, id: String(documentId) },
    lockRef: { provider: Provider.SUPEROFFICE, documentId } as LockRefBase,
  };
}

function iModelTarget(iModelId: string): Target {
  return { provider: Provider.IMODELS, resource: { kind: ResourceKind.IMODEL, id: iModelId } };
}

function fileTarget(fileId: string): Target {
  return { provider: Provider.ORACLE_CONTENT, resource: { kind: ResourceKind.FILE, id: fileId } };
}

function lockTarget(ref: LockRefBase): Target {
  return { provider: ref.provider as Provider, lockRef: ref };
}
