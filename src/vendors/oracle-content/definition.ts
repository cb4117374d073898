import { ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import type { VendorDefinition } from "../definition.js";
import { OracleContentAPI } from "./api.js";
import { createOracleContentSimulator } from "./simulator.js";

/** Oracle Content Management file reservations (docs/vendors.md, "Oracle Content"); they are Reservations, not Locks. */
export const oracleContent: VendorDefinition<never, OracleContentAPI> = {
  provider: Provider.ORACLE_CONTENT,
  description: "Oracle Content Management: file reservations.",
  urlVariable: "LOCKGRAPH_ORACLE_CONTENT_URL",
  credentialHeader: { name: "X-Oracle-Content-Authorization", sdkKey: "oracleContent" },
  resourceKind: ResourceKind.FILE,
  createApi: ({ client, credentials, redactor }) =>
    new OracleContentAPI(client, credentials.for(Provider.ORACLE_CONTENT), redactor),
  createSimulator: createOracleContentSimulator,
};
