import type { Hold as DomainHold } from "../domain/holds.js";
import { type Lock, LockLevel, type LockState, type Reservation, ResourceKind } from "../domain/locks.js";
import { Provider } from "../domain/providers.js";
import { acquiredAt, type Hold as LedgerHold } from "../ledger/hold.js";
import type { HoldChange } from "../ledger/hold-store.js";

/** A Reservation, told from a Lock by its fileId (as the Node interface tells them apart). */
export function isReservation(hold: Lock | Reservation): hold is Reservation {
  return "fileId" in hold;
}

/**
 * What a vendor's answer says of a hold, as a ledger change. Fields the answer leaves out
 * (a release often names no holder) are undefined, so the ledger keeps what it knew.
 */
export function changeOf(hold: Lock | Reservation, at: Date, observed: boolean): HoldChange {
  if (isReservation(hold)) {
    return {
      id: hold.id,
      typename: "Reservation",
      provider: Provider.ORACLE_CONTENT,
      resource: { kind: ResourceKind.FILE, id: hold.fileId },
      state: hold.state,
      level: null,
      holder: principal(hold.reservedBy),
      vendorAcquiredAt: hold.reservedAt ?? undefined,
      at,
      observed,
    };
  }
  return {
    id: hold.id,
    typename: "Lock",
    provider: hold.provider,
    resource: {
      kind: hold.resource.kind,
      id: hold.resource.id,
      objectIds: hold.resource.objectIds ?? undefined,
    },
    state: hold.state,
    level: hold.level,
    holder: principal(hold.holder),
    vendorAcquiredAt: hold.acquiredAt ?? undefined,
    expiresAt: hold.expiresAt ?? undefined,
    at,
    observed,
  };
}

function principal(p: { id: string; displayName?: string | null } | null | undefined) {
  return p ? { id: p.id, displayName: p.displayName ?? null } : undefined;
}

/** The vendor's answer with what the ledger adds: acquiredAt where the vendor gives none, observedAt. */
export function withLedger<T extends Lock | Reservation>(answer: T, hold: LedgerHold): T {
  const since = acquiredAt(hold);
  const added = isReservation(answer)
    ? { reservedAt: answer.reservedAt ?? since, observedAt: hold.observedAt }
    : { acquiredAt: answer.acquiredAt ?? since, observedAt: hold.observedAt };
  return { ...answer, ...added };
}

/** A hold as the ledger has it, shaped as the Lock or Reservation the schema shows. */
export function holdFromLedger(hold: LedgerHold): DomainHold {
  const state = hold.state as LockState;
  const holder = hold.holder ? { id: hold.holder.id, displayName: hold.holder.displayName } : null;
  if (hold.typename === "Reservation") {
    return {
      id: hold.id,
      fileId: hold.resource.id,
      state,
      reservedBy: holder,
      reservedAt: acquiredAt(hold),
      observedAt: hold.observedAt,
    };
  }
  return {
    id: hold.id,
    provider: hold.provider as Provider,
    resource: {
      kind: hold.resource.kind as ResourceKind,
      id: hold.resource.id,
      objectIds: hold.resource.objectIds,
    },
    level: (hold.level ?? LockLevel.EXCLUSIVE) as LockLevel,
    state,
    holder,
    acquiredAt: acquiredAt(hold),
    expiresAt: hold.expiresAt,
    observedAt: hold.observedAt,
  };
}
