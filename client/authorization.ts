import { HEADER_NAMES } from "./headers.js";

/** The caller's credentials, one header per provider (docs/contract.md, "Credentials"). */
export type LockGraphCredentials = Partial<Record<keyof typeof HEADER_NAMES, string>>;

/** Opens the operator-only fields with a token from LOCKGRAPH_OPERATOR_TOKENS. */
export const OPERATOR_HEADER = "X-LockGraph-Authorization";

/** Every header that authorises a request: what a GraphQL explorer offers to fill in. */
export const AUTHORIZATION_HEADER_NAMES: readonly string[] = [
  ...Object.values(HEADER_NAMES),
  OPERATOR_HEADER,
];

/** The request headers for a set of credentials; empty ones are left out. */
export function credentialHeaders(credentials: LockGraphCredentials): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (value) headers[HEADER_NAMES[key as keyof LockGraphCredentials]] = value;
  }
  return headers;
}
