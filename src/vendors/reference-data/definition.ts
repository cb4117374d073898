import { ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import type { VendorDefinition } from "../definition.js";
import { referenceDataLockId, type ReferenceDataLockRef } from "./lock-id.js";
import { ReferenceDataAPI } from "./api.js";
import { createReferenceDataSimulator } from "./simulator.js";

/** The reference-data lock API (docs/vendors.md, "Reference data"): one lock per client. */
export const referenceData: VendorDefinition<ReferenceDataLockRef, ReferenceDataAPI> = {
  provider: Provider.REFERENCE_DATA,
  description: "The reference-data API: one lock per client's reference data.",
  urlVariable: "LOCKGRAPH_REFERENCE_DATA_URL",
  credentialHeader: { name: "X-Reference-Data-Authorization", sdkKey: "referenceData" },
  resourceKind: ResourceKind.REFERENCE_DATA,
  lockId: referenceDataLockId,
  createApi: ({ client, credentials, redactor }) =>
    new ReferenceDataAPI(client, credentials.for(Provider.REFERENCE_DATA), redactor),
  createSimulator: createReferenceDataSimulator,
};
