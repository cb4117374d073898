/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Which events: each list narrows; an empty or missing list lets all through. */
export type HoldEventFilter = {
  /** Only these holds (Lock or Reservation ids). */
  holdIds?: Array<string | number> | null | undefined;
  /** Only these kinds of event. */
  kinds?: Array<HoldEventKind> | null | undefined;
  /** Only these vendors' holds. */
  providers?: Array<Provider> | null | undefined;
  /** Only holds of these resources. */
  resources?: Array<ResourceInput> | null | undefined;
};

/** What happened to a hold. */
export type HoldEventKind =
  /** Taken through LockGraph (acquire, check-out, reserve). */
  | 'ACQUIRED'
  /** Its lease ended without renewal. */
  | 'EXPIRED'
  /** Its lease ends within LOCKGRAPH_EXPIRY_WARNING_SECONDS. */
  | 'EXPIRING'
  /** A read found it held, and the ledger did not know (taken outside LockGraph). */
  | 'OBSERVED_HELD'
  /** A read found it gone while the ledger had it held (released outside LockGraph). */
  | 'OBSERVED_RELEASED'
  /** The vendor refused an acquire or a release; errorCode says why. */
  | 'REFUSED'
  /** Released through LockGraph (release, check-in, unreserve, release-chunk). */
  | 'RELEASED'
  /** Renewed through LockGraph. */
  | 'RENEWED';

/** How strongly a lock holds its resource. */
export type LockLevel =
  /** Only the holder may change the resource. */
  | 'EXCLUSIVE'
  /** Others may hold shared locks on the same resource, but nobody may take it exclusively. */
  | 'SHARED';

/** Whether a lock or reservation is in force. */
export type LockState =
  /** It lapsed at expiresAt without renewal (KooDrive). */
  | 'EXPIRED'
  /** The lock is in force. */
  | 'HELD'
  /** The lock was released (or checked in) by this operation and is no longer in force. */
  | 'RELEASED';

/** A vendor system whose locks LockGraph reads and controls. */
export type Provider =
  /** Bentley iTwin iModels: object locks held per briefcase. */
  | 'IMODELS'
  /** Huawei KooDrive: backup locks that expire ten minutes after acquire or renew. */
  | 'KOODRIVE'
  /** Oracle Content Management: file reservations. */
  | 'ORACLE_CONTENT'
  /** The reference-data API: one lock per client's reference data. */
  | 'REFERENCE_DATA'
  /** SuperOffice CRM: document checkouts. */
  | 'SUPEROFFICE';

/** A resource at a vendor, by kind and the vendor's id. */
export type ResourceInput = {
  /** Client id, iModel id, document id, backup module code or file id. */
  id: string | number;
  /** What kind of resource. */
  kind: ResourceKind;
};

/** What kind of thing a lock holds. */
export type ResourceKind =
  /** A KooDrive backup module (id: the module code 100, 101 or 102). */
  | 'BACKUP'
  /** A SuperOffice document (id: the document id). */
  | 'DOCUMENT'
  /** An Oracle Content Management file (id: the file id). */
  | 'FILE'
  /** Objects in a Bentley iModel (id: the iModel id; objectIds: the objects). */
  | 'IMODEL'
  /** A client's reference data (id: the client id). */
  | 'REFERENCE_DATA';

export type HoldEventsSubscriptionVariables = Exact<{
  filter?: HoldEventFilter | null | undefined;
  afterEventId?: string | number | null | undefined;
}>;


export type HoldEventsSubscription = { holdEvents: { id: string, kind: HoldEventKind, at: string, operation: string | null, errorCode: string | null, actor: { id: string, displayName: string | null } | null, hold:
      | { __typename: 'Lock', level: LockLevel, id: string, provider: Provider, state: LockState, acquiredAt: string | null, expiresAt: string | null, observedAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null }
      | { __typename: 'Reservation', id: string, provider: Provider, state: LockState, acquiredAt: string | null, expiresAt: string | null, observedAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null }
     } };


export const HoldEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"HoldEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"HoldEventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterEventId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"holdEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterEventId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterEventId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hold"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"acquiredAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"observedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"objectIds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"holder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Lock"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HoldEventsSubscription, HoldEventsSubscriptionVariables>;