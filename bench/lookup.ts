/** Scenario 1's operation, shared by every bench that loads it: one reference-data lock by client id. */
export const LOOKUP =
  "query Lookup($clientId: Int!) { referenceDataLock(clientId: $clientId) { id state holder { id } acquiredAt } }";
/** Run once before loading LOOKUP, so the lookup answers a held lock. */
export const LOCK_CLIENT_1 = "mutation { lockReferenceData(clientId: 1) { id } }";
export const LOOKUP_AUTH = "Bearer bench";
export const LOOKUP_HEADERS = { "x-reference-data-authorization": LOOKUP_AUTH };
