import { CREDENTIAL_HEADERS, KOODRIVE_USER_HEADER } from "../../src/vendors/registry.js";
import { Provider } from "../../src/domain/providers.js";

/** Every provider's credential headers for one simulated user, for suites that touch all five. */
export function credentialsFor(user: string): Record<string, string> {
  return {
    ...Object.fromEntries(Object.values(CREDENTIAL_HEADERS).map((header) => [header, `Bearer ${user}`])),
    [KOODRIVE_USER_HEADER]: user,
  };
}

export const ALL_CREDENTIALS = credentialsFor("alice");

/** Collects unhandled promise rejections while a suite runs; there must be none. */
export function captureUnhandledRejections(): { rejections: unknown[]; stop(): void } {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  return { rejections, stop: () => process.off("unhandledRejection", onRejection) };
}

export interface CanonicalCall {
  query: string;
  variables?: Record<string, unknown>;
  /** A path substring that matches the vendor call it makes, for targeting faults. */
  path: string;
  /** Whether LockGraph may retry it (reads and safe releases); acquires never. */
  idempotent: boolean;
}

/**
 * One representative operation per provider that makes one vendor call: a read where the
 * vendor has one; KooDrive has none, so its acquire.
 */
export const CANONICAL_CALLS: Record<Provider, CanonicalCall> = {
  [Provider.REFERENCE_DATA]: {
    query: "{ referenceDataLock(clientId: 1) { id } }",
    path: "/reference/lock",
    idempotent: true,
  },
  [Provider.IMODELS]: {
    query: '{ iModelLocks(iModelId: "fuzz-imodel", first: 5) { edges { node { id } } } }',
    path: "/imodels/fuzz-imodel/locks",
    idempotent: true,
  },
  [Provider.SUPEROFFICE]: {
    query: "{ documentLock(documentId: 1) { id } }",
    path: "/Document/1/Lock",
    idempotent: true,
  },
  [Provider.KOODRIVE]: {
    query: "mutation { acquireBackupLock(module: FOLDER) { id } }",
    path: "/backup/lock",
    idempotent: false,
  },
  [Provider.ORACLE_CONTENT]: {
    query: '{ fileReservation(fileId: "D0C1A5E5A7D3B2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7") { id } }',
    path: "/files/D0C1A5E5A7D3B2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7",
    idempotent: true,
  },
};
