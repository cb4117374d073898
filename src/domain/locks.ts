import type { Provider } from "./providers.js";

/** How strongly a lock holds its resource. */
export enum LockLevel {
  SHARED = "SHARED",
  EXCLUSIVE = "EXCLUSIVE",
}

/** Whether a lock or reservation is in force. */
export enum LockState {
  HELD = "HELD",
  RELEASED = "RELEASED",
  /** Lapsed at expiresAt without renewal (KooDrive). */
  EXPIRED = "EXPIRED",
}

/** What kind of thing a lock holds. */
export enum ResourceKind {
  REFERENCE_DATA = "REFERENCE_DATA",
  IMODEL = "IMODEL",
  DOCUMENT = "DOCUMENT",
  BACKUP = "BACKUP",
  FILE = "FILE",
}

/** KooDrive backup modules (docs/vendors.md, KooDrive). */
export enum BackupModule {
  FOLDER = "FOLDER",
  ALBUM = "ALBUM",
  ADDRESS_BOOK = "ADDRESS_BOOK",
}

/** The vendor's module code of each backup module. */
export const BACKUP_MODULE_CODES: Record<BackupModule, string> = {
  [BackupModule.FOLDER]: "100",
  [BackupModule.ALBUM]: "101",
  [BackupModule.ADDRESS_BOOK]: "102",
};

/** Who holds a lock: the vendor's id for a user, a SuperOffice associate or an iModels briefcase. */
export interface Principal {
  id: string;
  displayName?: string | null;
}

export interface LockedResource {
  kind: ResourceKind;
  /** Client id, iModel id, document id, backup module code or file id. */
  id: string;
  /** iModels only: the locked objects. */
  objectIds?: string[] | null;
}

/** A lock, checkout or backup lock held at one vendor. */
export interface Lock {
  /** Opaque: enough on its own for `lock`, `node`, `releaseLock` and `renewLock`. */
  id: string;
  provider: Provider;
  resource: LockedResource;
  level: LockLevel;
  state: LockState;
  holder?: Principal | null;
  acquiredAt?: Date | null;
  expiresAt?: Date | null;
}

/** An Oracle Content file reservation. */
export interface Reservation {
  id: string;
  fileId: string;
  state: LockState;
  reservedBy?: Principal | null;
  reservedAt?: Date | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

export interface LockEdge {
  node: Lock;
  cursor: string;
}

export interface LockConnection {
  edges: LockEdge[];
  pageInfo: PageInfo;
}

/** An Oracle Content public link that grants access to a file in a folder not shared with the caller. */
export interface PublicLink {
  linkId: string;
  /** A secret: never logged or echoed. */
  accessCode?: string | null;
}
