import { GraphQLClient } from "graphql-request";
import { HEADER_NAMES } from "./headers.js";
import { getSdk } from "./sdk.js";

export * from "./sdk.js";

/** The caller's credentials, one header per provider (docs/contract.md, "Credentials"). */
export type LockGraphCredentials = Partial<Record<keyof typeof HEADER_NAMES, string>>;

/** A typed LockGraph client: every operation in client/operations as a method. */
export function createLockGraphClient(url: string, credentials: LockGraphCredentials = {}) {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (value) headers[HEADER_NAMES[key as keyof LockGraphCredentials]] = value;
  }
  return getSdk(new GraphQLClient(url, { headers }));
}

export type LockGraphClient = ReturnType<typeof createLockGraphClient>;
