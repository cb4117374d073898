import { ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import type { VendorDefinition } from "../definition.js";
import { kooDriveLockId, type KooDriveLockRef } from "./lock-id.js";
import { KooDriveAPI } from "./api.js";
import type { BackupLocks } from "./backup-lock-store.js";
import { LedgerBackupLocks } from "./ledger-backup-locks.js";
import { createKooDriveSimulator } from "./simulator.js";

const USER_ID_HEADER = { name: "X-KooDrive-User-Id", sdkKey: "kooDriveUserId" };

/**
 * Huawei KooDrive backup locks (docs/vendors.md, "KooDrive"). KooDrive cannot be asked for a
 * lock, so what LockGraph acquired lives in the ledger (docs/ledger.md).
 */
export const kooDrive: VendorDefinition<KooDriveLockRef, KooDriveAPI, BackupLocks> = {
  provider: Provider.KOODRIVE,
  description: "Huawei KooDrive: backup locks that expire ten minutes after acquire or renew.",
  urlVariable: "LOCKGRAPH_KOODRIVE_URL",
  credentialHeader: { name: "X-KooDrive-Authorization", sdkKey: "kooDrive" },
  otherHeaders: [USER_ID_HEADER],
  resourceKind: ResourceKind.BACKUP,
  lockId: kooDriveLockId,
  createApi: ({ client, credentials, redactor, state }) =>
    new KooDriveAPI(
      client,
      credentials.for(Provider.KOODRIVE),
      redactor,
      credentials.header(USER_ID_HEADER.name),
      state,
    ),
  createState: ({ ledger }) => new LedgerBackupLocks(ledger),
  createSimulator: createKooDriveSimulator,
};
