import { registerEnumType } from "type-graphql";

export enum Provider {
  REFERENCE_DATA = "REFERENCE_DATA",
  IMODELS = "IMODELS",
  SUPEROFFICE = "SUPEROFFICE",
  KOODRIVE = "KOODRIVE",
  ORACLE_CONTENT = "ORACLE_CONTENT",
}

export const PROVIDERS = Object.values(Provider);

registerEnumType(Provider, {
  name: "Provider",
  description: "A vendor system whose locks LockGraph reads and controls.",
  valuesConfig: {
    REFERENCE_DATA: { description: "The reference-data API: one lock per client's reference data." },
    IMODELS: { description: "Bentley iTwin iModels: object locks held per briefcase." },
    SUPEROFFICE: { description: "SuperOffice CRM: document checkouts." },
    KOODRIVE: { description: "Huawei KooDrive: backup locks that expire ten minutes after acquire or renew." },
    ORACLE_CONTENT: { description: "Oracle Content Management: file reservations." },
  },
});
