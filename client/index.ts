import { GraphQLClient } from "graphql-request";
import { getSdk } from "./sdk.js";

export * from "./sdk.js";

/** The caller's credentials, one header per provider (CONTRACT.md, "Credentials"). */
export interface LockGraphCredentials {
  referenceData?: string;
  iModels?: string;
  superOffice?: string;
  kooDrive?: string;
  kooDriveUserId?: string;
  oracleContent?: string;
}

const HEADER_NAMES: Record<keyof LockGraphCredentials, string> = {
  referenceData: "X-Reference-Data-Authorization",
  iModels: "X-IModels-Authorization",
  superOffice: "X-SuperOffice-Authorization",
  kooDrive: "X-KooDrive-Authorization",
  kooDriveUserId: "X-KooDrive-User-Id",
  oracleContent: "X-Oracle-Content-Authorization",
};

/** A typed LockGraph client: every operation in client/operations as a method. */
export function createLockGraphClient(url: string, credentials: LockGraphCredentials = {}) {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (value) headers[HEADER_NAMES[key as keyof LockGraphCredentials]] = value;
  }
  return getSdk(new GraphQLClient(url, { headers }));
}

export type LockGraphClient = ReturnType<typeof createLockGraphClient>;
