/** The vendors whose locks LockGraph reads and controls (docs/contract.md, "Schema"). */
export enum Provider {
  REFERENCE_DATA = "REFERENCE_DATA",
  IMODELS = "IMODELS",
  SUPEROFFICE = "SUPEROFFICE",
  KOODRIVE = "KOODRIVE",
  ORACLE_CONTENT = "ORACLE_CONTENT",
}

export const PROVIDERS = Object.values(Provider);
