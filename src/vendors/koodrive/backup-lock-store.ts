import { createHash } from "node:crypto";

/** What LockGraph remembers of one KooDrive backup lock it acquired or renewed. */
export interface BackupLockRecord {
  /** The vendor's lock id, `<uuid>@<moduleCode>`. */
  lockId: string;
  /** The KooDrive user (`X-User-Id`) that acquired or renewed it, shown as the holder. */
  userId: string;
  /**
   * A hash of that user id with the token it came with (`BackupLocks.owner`): only a caller
   * presenting both may read the record, since the user id alone is no secret (and the token
   * is never kept).
   */
  owner: string;
  /** The backup module code: 100, 101 or 102. */
  moduleCode: string;
  /** Null when LockGraph renewed a lock it did not see acquired (after a restart, say). */
  acquiredAt: Date | null;
  expiresAt: Date;
}

/** Where KooDrive's API keeps what it acquired: the ledger (docs/ledger.md), or this process alone. */
export interface BackupLocks {
  /** The owner hash of a (user id, token) pair: confirms the same pair presented again, reveals neither. */
  owner(userId: string, token: string): string;
  /** The record of a live lock; undefined once released or expired. */
  get(lockId: string): Promise<BackupLockRecord | undefined>;
  /** The owner's live lock on a module, if one is known. */
  live(moduleCode: string, owner: string): Promise<BackupLockRecord | undefined>;
  /** Records a lock after acquire or renew, replacing any earlier record of it. */
  put(record: BackupLockRecord): Promise<void>;
  /** Forgets a lock that is released or gone at the vendor. */
  delete(lockId: string): Promise<void>;
}

/**
 * The KooDrive backup locks this process acquired or renewed, by lock id, in memory (the
 * server keeps them in the ledger instead: src/vendors/koodrive/ledger-backup-locks.ts). KooDrive has no
 * endpoint to read a lock (docs/vendors.md §4), so `lock(id)` and `node(id)` answer from here.
 * Built once per process. A record goes on release or expiry; expired records are pruned
 * on every write, and past `maxRecords` the soonest to expire is forgotten first.
 * The methods are async so that a durable store can take this one's place unchanged.
 */
export class BackupLockStore implements BackupLocks {
  // Insertion order is expiry order: every put expires 10 minutes after its own "now" and is re-inserted last.
  private readonly records = new Map<string, BackupLockRecord>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxRecords = 100_000,
  ) {}

  owner(userId: string, token: string): string {
    return createHash("sha256").update(`${userId}\n${token}`).digest("hex");
  }

  async live(moduleCode: string, owner: string): Promise<BackupLockRecord | undefined> {
    for (const record of this.records.values()) {
      if (
        record.moduleCode === moduleCode &&
        record.owner === owner &&
        record.expiresAt.getTime() > this.now()
      ) {
        return record;
      }
    }
    return undefined;
  }

  /** The record of a live lock; an expired one is dropped and answers undefined. */
  async get(lockId: string): Promise<BackupLockRecord | undefined> {
    const record = this.records.get(lockId);
    if (record && record.expiresAt.getTime() <= this.now()) {
      this.records.delete(lockId);
      return undefined;
    }
    return record;
  }

  /** Records a lock after acquire or renew, replacing any earlier record of it. */
  async put(record: BackupLockRecord): Promise<void> {
    this.records.delete(record.lockId);
    this.records.set(record.lockId, record);
    this.prune();
  }

  async delete(lockId: string): Promise<void> {
    this.records.delete(lockId);
  }

  /** Drops expired records and any beyond the bound, oldest first; stops at the first that may stay. */
  private prune(): void {
    const now = this.now();
    for (const [lockId, record] of this.records) {
      if (record.expiresAt.getTime() > now && this.records.size <= this.maxRecords) return;
      this.records.delete(lockId);
    }
  }
}
