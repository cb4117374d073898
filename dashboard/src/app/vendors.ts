import type { LockGraphCredentials } from "../../../client/authorization.js";
import type { Provider, ResourceKind } from "../../../client/sdk.js";

export interface Vendor {
  provider: Provider;
  name: string;
  /** The credential that opens this vendor's holds (client/headers.ts names its header). */
  credential: keyof LockGraphCredentials;
}

export const VENDORS: readonly Vendor[] = [
  { provider: "REFERENCE_DATA", name: "Reference data", credential: "referenceData" },
  { provider: "IMODELS", name: "Bentley iModels", credential: "iModels" },
  { provider: "SUPEROFFICE", name: "SuperOffice", credential: "superOffice" },
  { provider: "KOODRIVE", name: "Huawei KooDrive", credential: "kooDrive" },
  { provider: "ORACLE_CONTENT", name: "Oracle Content", credential: "oracleContent" },
];

export function vendorName(provider: Provider): string {
  return VENDORS.find((vendor) => vendor.provider === provider)?.name ?? provider;
}

const RESOURCE_KINDS: Record<ResourceKind, string> = {
  REFERENCE_DATA: "Client",
  IMODEL: "iModel",
  DOCUMENT: "Document",
  BACKUP: "Backup module",
  FILE: "File",
};

/** KooDrive's backup module codes (docs/contract.md, BackupModule). */
const BACKUP_MODULES: Record<string, string> = { "100": "folders", "101": "albums", "102": "address book" };

/** "Document 42", "Backup module albums (101)": how a person names the thing held. */
export function resourceName({ kind, id }: { kind: ResourceKind; id: string }): string {
  const module = kind === "BACKUP" ? BACKUP_MODULES[id] : undefined;
  return `${RESOURCE_KINDS[kind] ?? kind} ${module ? `${module} (${id})` : id}`;
}
