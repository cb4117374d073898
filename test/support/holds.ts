import type { HoldChange } from "../../src/ledger/hold-store.js";

/** A fixed start time: ledger tests pass times explicitly and never sleep. */
export const T0 = new Date("2026-01-05T10:00:00.000Z");
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A SuperOffice document checkout, held by associate 571 unless overridden. */
export function documentLock(documentId: number, overrides: Partial<HoldChange> = {}): HoldChange {
  return {
    id: `doc-${documentId}`,
    typename: "Lock",
    provider: "SUPEROFFICE",
    resource: { kind: "DOCUMENT", id: String(documentId) },
    state: "HELD",
    level: "EXCLUSIVE",
    holder: { id: "571", displayName: "Alice" },
    at: T0,
    observed: true,
    ...overrides,
  };
}

/** A KooDrive backup lock on `moduleCode`, bound to `binding`. */
export function backupLock(id: string, overrides: Partial<HoldChange> = {}): HoldChange {
  return {
    id,
    typename: "Lock",
    provider: "KOODRIVE",
    resource: { kind: "BACKUP", id: "100" },
    state: "HELD",
    level: "EXCLUSIVE",
    holder: { id: "alice", displayName: null },
    expiresAt: at(600),
    at: T0,
    observed: false,
    ...overrides,
  };
}
