import { ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import type { VendorDefinition } from "../definition.js";
import { superOfficeLockId, type SuperOfficeLockRef } from "./lock-id.js";
import { SuperOfficeAPI } from "./api.js";
import { createSuperOfficeSimulator } from "./simulator.js";

/** SuperOffice document checkouts (docs/vendors.md, "SuperOffice"): one exclusive lock per document. */
export const superOffice: VendorDefinition<SuperOfficeLockRef, SuperOfficeAPI> = {
  provider: Provider.SUPEROFFICE,
  description: "SuperOffice CRM: document checkouts.",
  urlVariable: "LOCKGRAPH_SUPEROFFICE_URL",
  credentialHeader: { name: "X-SuperOffice-Authorization", sdkKey: "superOffice" },
  resourceKind: ResourceKind.DOCUMENT,
  lockId: superOfficeLockId,
  createApi: ({ client, credentials, redactor }) =>
    new SuperOfficeAPI(client, credentials.for(Provider.SUPEROFFICE), redactor),
  createSimulator: createSuperOfficeSimulator,
};
