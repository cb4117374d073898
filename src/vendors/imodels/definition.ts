import { ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import type { VendorDefinition } from "../definition.js";
import { iModelsLockId, type IModelsLockRef } from "./lock-id.js";
import { IModelsAPI } from "./api.js";
import { createIModelsSimulator } from "./simulator.js";

/** Bentley iTwin iModels (docs/vendors.md, "iModels"): one Lock per iModel, briefcase and level. */
export const iModels: VendorDefinition<IModelsLockRef, IModelsAPI> = {
  provider: Provider.IMODELS,
  description: "Bentley iTwin iModels: object locks held per briefcase.",
  urlVariable: "LOCKGRAPH_IMODELS_URL",
  credentialHeader: { name: "X-IModels-Authorization", sdkKey: "iModels" },
  resourceKind: ResourceKind.IMODEL,
  lockId: iModelsLockId,
  createApi: ({ client, credentials, redactor }) =>
    new IModelsAPI(client, credentials.for(Provider.IMODELS), redactor),
  createSimulator: createIModelsSimulator,
};
