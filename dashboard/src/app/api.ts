import { GraphQLClient } from "graphql-request";
import { credentialHeaders, OPERATOR_HEADER } from "../../../client/authorization.js";
import { createLockGraphLiveClient } from "../../../client/live.js";
import { type DashboardHoldsQuery, getSdk, type HoldFilter, type Provider } from "../../../client/sdk.js";
import type { Session } from "./session.js";

/** Same origin as the page: the dashboard never talks to anything else (see the CSP in src/http/browser-pages.ts). */
export const GRAPHQL_URL = new URL("/graphql", location.href).href;

export type HoldRow = NonNullable<DashboardHoldsQuery["holds"]>["edges"][number]["node"];

/** A vendor whose candidates could not be verified (HoldConnection.failures). */
export type HoldsFailure = NonNullable<DashboardHoldsQuery["holds"]>["failures"][number];

export interface HoldsPage {
  holds: HoldRow[];
  failures: HoldsFailure[];
  /** More holds match than the page loads: the user should narrow the filters. */
  truncated: boolean;
}

export type Sdk = ReturnType<typeof getSdk>;

function headersOf(session: Session): Record<string, string> {
  return {
    ...credentialHeaders(session.credentials),
    ...(session.operatorToken ? { [OPERATOR_HEADER]: `Bearer ${session.operatorToken}` } : {}),
  };
}

export function sdkFor(session: Session): Sdk {
  return getSdk(new GraphQLClient(GRAPHQL_URL, { headers: headersOf(session) }));
}

export function liveClientFor(session: Session) {
  return createLockGraphLiveClient(GRAPHQL_URL, {
    credentials: session.credentials,
    operatorToken: session.operatorToken,
    // The page is left open for hours: keep reconnecting (graphql-ws backs off between attempts).
    retryAttempts: Number.POSITIVE_INFINITY,
    // Re-subscribing for a new set of holds closes one subscription and opens another: keep the socket meanwhile.
    client: { lazyCloseTimeout: 5_000 },
  });
}

export type LiveClient = ReturnType<typeof liveClientFor>;

const PAGE_SIZE = 100;
/** 500 rows is more than a person reads; past it the page asks for narrower filters. */
const MAX_PAGES = 5;

/** Every hold the session may see (verified live at each vendor), page after page, with each failing vendor once. */
export async function fetchHolds(sdk: Sdk, filter: HoldFilter): Promise<HoldsPage> {
  const holds: HoldRow[] = [];
  const failures = new Map<Provider, HoldsFailure>();
  let after: string | null | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { holds: connection } = await sdk.DashboardHolds({ filter, first: PAGE_SIZE, after });
    if (!connection) break;
    holds.push(...connection.edges.map((edge) => edge.node));
    for (const failure of connection.failures) failures.set(failure.provider, failure);
    if (!connection.pageInfo.hasNextPage)
      return { holds, failures: [...failures.values()], truncated: false };
    after = connection.pageInfo.endCursor;
  }
  return { holds, failures: [...failures.values()], truncated: true };
}
