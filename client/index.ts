import { GraphQLClient } from "graphql-request";
import { credentialHeaders, type LockGraphCredentials } from "./authorization.js";
import { getSdk } from "./sdk.js";

export * from "./authorization.js";
export * from "./live.js";
export * from "./sdk.js";

/** A typed LockGraph client: every operation in client/operations as a method. */
export function createLockGraphClient(url: string, credentials: LockGraphCredentials = {}) {
  return getSdk(new GraphQLClient(url, { headers: credentialHeaders(credentials) }));
}

export type LockGraphClient = ReturnType<typeof createLockGraphClient>;
