import type { Provider } from "../domain/providers.js";
import type { VendorDefinition } from "./definition.js";
import { LockIds } from "./lock-ids.js";
import { iModels } from "./imodels/definition.js";
import type { IModelsLockRef } from "./imodels/lock-id.js";
import { kooDrive } from "./koodrive/definition.js";
import type { KooDriveLockRef } from "./koodrive/lock-id.js";
import { oracleContent } from "./oracle-content/definition.js";
import { referenceData } from "./reference-data/definition.js";
import type { ReferenceDataLockRef } from "./reference-data/lock-id.js";
import { superOffice } from "./superoffice/definition.js";
import type { SuperOfficeLockRef } from "./superoffice/lock-id.js";

/**
 * The vendors LockGraph serves. Config (URL variables), credentials (request headers), the
 * simulator host, lock id routing and the SDK's header map are all derived from this list;
 * adding a vendor is one folder under src/vendors and one line here.
 */
export const VENDORS: readonly VendorDefinition[] = [
  referenceData,
  iModels,
  superOffice,
  kooDrive,
  oracleContent,
];

/** What identifies one lock of any registered vendor. */
export type LockRef = ReferenceDataLockRef | IModelsLockRef | SuperOfficeLockRef | KooDriveLockRef;

/** The id codec of the registered vendors. */
export const LOCK_IDS = new LockIds<LockRef>(VENDORS);

/** The request headers that carry each provider's credential (docs/contract.md, "Credentials"), lower-cased. */
export const CREDENTIAL_HEADERS = Object.fromEntries(
  VENDORS.map((v) => [v.provider, v.credentialHeader.name.toLowerCase()]),
) as Record<Provider, string>;

/** Not a secret, but KooDrive needs it beside the token. */
export const KOODRIVE_USER_HEADER = (kooDrive.otherHeaders?.[0]?.name ?? "").toLowerCase();
