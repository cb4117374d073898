import type { Hold } from "../../ledger/hold.js";
import { acquiredAt } from "../../ledger/hold.js";
import type { Ledger } from "../../ledger/ledger.js";
import { LockLevel, LockState, ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import type { BackupLockRecord, BackupLocks } from "./backup-lock-store.js";
import { decodeOpaque } from "../../domain/ids.js";
import { kooDriveLockId } from "./lock-id.js";

/**
 * KooDrive's backup locks kept in the ledger, so `lock(id)`, renew and release work across
 * restarts and replicas. The owner is the ledger's keyed hash of (user id, token): the token
 * itself is never stored (docs/ledger.md, "KooDrive and credentials").
 */
export class LedgerBackupLocks implements BackupLocks {
  constructor(
    private readonly ledger: Ledger,
    private readonly now: () => number = Date.now,
  ) {}

  owner(userId: string, token: string): string {
    return this.ledger.binding.bind(userId, token);
  }

  async get(lockId: string): Promise<BackupLockRecord | undefined> {
    const bound = await this.ledger.holds.getBound(holdId(lockId));
    return bound?.binding ? this.record(bound.hold, bound.binding, lockId) : undefined;
  }

  async live(moduleCode: string, owner: string): Promise<BackupLockRecord | undefined> {
    const hold = await this.ledger.holds.liveBackupLock(moduleCode, owner, new Date(this.now()));
    return hold ? this.record(hold, owner, lockIdOf(hold.id)) : undefined;
  }

  async put(record: BackupLockRecord): Promise<void> {
    await this.ledger.holds.upsert({
      id: holdId(record.lockId),
      typename: "Lock",
      provider: Provider.KOODRIVE,
      resource: { kind: ResourceKind.BACKUP, id: record.moduleCode },
      state: LockState.HELD,
      level: LockLevel.EXCLUSIVE,
      holder: { id: record.userId, displayName: null },
      expiresAt: record.expiresAt,
      binding: record.owner,
      at: new Date(this.now()),
      observed: false,
    });
  }

  async delete(lockId: string): Promise<void> {
    const hold = await this.ledger.holds.get(holdId(lockId));
    if (hold?.state !== LockState.HELD) return;
    await this.ledger.holds.upsert({
      ...hold,
      state: LockState.RELEASED,
      at: new Date(this.now()),
      observed: false,
    });
  }

  /** A live hold as KooDrive's API knows it; undefined once released or past expiresAt. */
  private record(hold: Hold, owner: string, lockId: string): BackupLockRecord | undefined {
    if (hold.state !== LockState.HELD || !hold.expiresAt || hold.expiresAt.getTime() <= this.now())
      return undefined;
    return {
      lockId,
      userId: hold.holder?.id ?? "",
      owner,
      moduleCode: hold.resource.id,
      acquiredAt: acquiredAt(hold),
      expiresAt: hold.expiresAt,
    };
  }
}

function holdId(lockId: string): string {
  return kooDriveLockId.encode({ provider: Provider.KOODRIVE, lockId });
}

/** The vendor's lock id inside a KooDrive hold's id (`["Lock", "KOODRIVE", lockId]`). */
function lockIdOf(id: string): string {
  const tuple = decodeOpaque(id);
  return kooDriveLockId.fromKey(kooDriveLockId.key.parse(Array.isArray(tuple) ? tuple.slice(2) : [])).lockId;
}
