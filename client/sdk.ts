/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { type GraphQLClient, type RequestOptions } from 'graphql-request';
import { gql } from 'graphql-tag';
type GraphQLClientRequestHeaders = RequestOptions['requestHeaders'];
/** Locks objects of an iModel for one briefcase. */
export type AcquireIModelLocksInput = {
  /** The briefcase that will hold the locks; it becomes the lock's holder. */
  briefcaseId: number;
  /** The latest changeset the briefcase has. If the objects changed in a newer one, the acquire fails with PRECONDITION_FAILED. */
  changesetId?: string | null | undefined;
  /** The iModel id. */
  iModelId: string | number;
  /** SHARED (many briefcases may hold it) or EXCLUSIVE (one briefcase only). */
  level: LockLevel;
  /** The ids of the objects to lock (Id64 strings such as 0x20000000a1), up to 100,000; sent to iModels 1,000 at a time. */
  objectIds: Array<string>;
};

/** A KooDrive backup module, each with its own backup lock. */
export type BackupModule =
  /** The address book (KooDrive module code 102). */
  | 'ADDRESS_BOOK'
  /** Albums (KooDrive module code 101). */
  | 'ALBUM'
  /** Folders (KooDrive module code 100). */
  | 'FOLDER';

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

/** Which holds to list; each field narrows. */
export type HoldFilter = {
  /** Only holds whose lease ends before this time. */
  expiresBefore?: string | null | undefined;
  /** The vendor's id for the holder (Principal.id). */
  holderId?: string | number | null | undefined;
  /** Only these vendors. */
  providers?: Array<Provider> | null | undefined;
  /** Only holds of these resources. */
  resources?: Array<ResourceInput> | null | undefined;
  /** Only these states; default [HELD]. */
  states?: Array<LockState> | null | undefined;
};

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

/** An Oracle Content public link that grants the caller access to a file in a folder not shared with them. The link must have the contributor role. */
export type PublicLinkInput = {
  /** The link's access code, when the link is protected by one. A secret: LockGraph never logs or echoes it. */
  accessCode?: string | null | undefined;
  /** The public link id, such as LF8D36FAFAB4388BECEAC4AEB5D17B95F47087F4E518. */
  linkId: string;
};

/** Releases every lock one briefcase holds in an iModel. */
export type ReleaseIModelLocksInput = {
  /** The briefcase whose locks are released. */
  briefcaseId: number;
  /** The latest changeset in which the briefcase changed the locked objects. */
  changesetId?: string | null | undefined;
  /** The iModel id. */
  iModelId: string | number;
};

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

export type AcquireBackupLockMutationVariables = Exact<{
  module: BackupModule;
}>;


export type AcquireBackupLockMutation = { acquireBackupLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type DashboardHoldsQueryVariables = Exact<{
  filter?: HoldFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DashboardHoldsQuery = { holds: { edges: Array<{ node:
        | { __typename: 'Lock', level: LockLevel, id: string, provider: Provider, state: LockState, acquiredAt: string | null, expiresAt: string | null, observedAt: string | null, resource: { kind: ResourceKind, id: string }, holder: { id: string, displayName: string | null } | null }
        | { __typename: 'Reservation', id: string, provider: Provider, state: LockState, acquiredAt: string | null, expiresAt: string | null, observedAt: string | null, resource: { kind: ResourceKind, id: string }, holder: { id: string, displayName: string | null } | null }
       }>, failures: Array<{ provider: Provider, code: string, message: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type DocumentLockQueryVariables = Exact<{
  documentId: number;
}>;


export type DocumentLockQuery = { documentLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type DocumentLocksQueryVariables = Exact<{
  documentIds: Array<number> | number;
}>;


export type DocumentLocksQuery = { documentLocks: Array<{ id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null> | null };

export type CheckOutDocumentMutationVariables = Exact<{
  documentId: number;
}>;


export type CheckOutDocumentMutation = { checkOutDocument: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type CheckInDocumentMutationVariables = Exact<{
  documentId: number;
  versionDescription?: string | null | undefined;
}>;


export type CheckInDocumentMutation = { checkInDocument: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type ReservationFieldsFragment = { id: string, fileId: string, state: LockState, reservedAt: string | null, reservedBy: { id: string, displayName: string | null } | null };

export type FileReservationQueryVariables = Exact<{
  fileId: string | number;
  link?: PublicLinkInput | null | undefined;
}>;


export type FileReservationQuery = { fileReservation: { id: string, fileId: string, state: LockState, reservedAt: string | null, reservedBy: { id: string, displayName: string | null } | null } | null };

export type FileReservationsQueryVariables = Exact<{
  fileIds: Array<string | number> | string | number;
}>;


export type FileReservationsQuery = { fileReservations: Array<{ id: string, fileId: string, state: LockState, reservedAt: string | null, reservedBy: { id: string, displayName: string | null } | null } | null> | null };

export type ReserveFileMutationVariables = Exact<{
  fileId: string | number;
  link?: PublicLinkInput | null | undefined;
}>;


export type ReserveFileMutation = { reserveFile: { id: string, fileId: string, state: LockState, reservedAt: string | null, reservedBy: { id: string, displayName: string | null } | null } | null };

export type UnreserveFileMutationVariables = Exact<{
  fileId: string | number;
  link?: PublicLinkInput | null | undefined;
}>;


export type UnreserveFileMutation = { unreserveFile: { id: string, fileId: string, state: LockState, reservedAt: string | null, reservedBy: { id: string, displayName: string | null } | null } | null };

export type HoldsQueryVariables = Exact<{
  filter?: HoldFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  verify?: boolean | null | undefined;
}>;


export type HoldsQuery = { holds: { edges: Array<{ cursor: string, node:
        | { __typename: 'Lock', level: LockLevel, id: string, provider: Provider, state: LockState, acquiredAt: string | null, expiresAt: string | null, observedAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null }
        | { __typename: 'Reservation', id: string, provider: Provider, state: LockState, acquiredAt: string | null, expiresAt: string | null, observedAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null }
       }>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, failures: Array<{ provider: Provider, code: string, message: string }> } | null };

export type HoldHistoryQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HoldHistoryQuery = { node:
    | { history: { edges: Array<{ cursor: string, node: { id: string, kind: HoldEventKind, at: string, operation: string | null, errorCode: string | null, actor: { id: string, displayName: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } }
    | { history: { edges: Array<{ cursor: string, node: { id: string, kind: HoldEventKind, at: string, operation: string | null, errorCode: string | null, actor: { id: string, displayName: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } }
    | Record<PropertyKey, never>
   | null };

export type HoldEventsQueryVariables = Exact<{
  filter?: HoldEventFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HoldEventsQuery = { holdEvents: { edges: Array<{ cursor: string, node: { id: string, kind: HoldEventKind, at: string, operation: string | null, errorCode: string | null, hold:
          | { id: string, provider: Provider, state: LockState }
          | { id: string, provider: Provider, state: LockState }
         } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type IModelLocksQueryVariables = Exact<{
  iModelId: string | number;
  briefcaseId?: number | null | undefined;
  level?: LockLevel | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type IModelLocksQuery = { iModelLocks: { edges: Array<{ cursor: string, node: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type AcquireIModelLocksMutationVariables = Exact<{
  input: AcquireIModelLocksInput;
}>;


export type AcquireIModelLocksMutation = { acquireIModelLocks: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type ReleaseIModelLocksMutationVariables = Exact<{
  input: ReleaseIModelLocksInput;
}>;


export type ReleaseIModelLocksMutation = { releaseIModelLocks: { iModelId: string, briefcaseId: number, chunks: number } | null };

export type LockFieldsFragment = { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null };

export type LockQueryVariables = Exact<{
  id: string | number;
}>;


export type LockQuery = { lock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type ReleaseLockMutationVariables = Exact<{
  id: string | number;
}>;


export type ReleaseLockMutation = { releaseLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type RenewLockMutationVariables = Exact<{
  id: string | number;
}>;


export type RenewLockMutation = { renewLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type ReferenceDataLockQueryVariables = Exact<{
  clientId: number;
}>;


export type ReferenceDataLockQuery = { referenceDataLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type LockReferenceDataMutationVariables = Exact<{
  clientId: number;
}>;


export type LockReferenceDataMutation = { lockReferenceData: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export const ReservationFieldsFragmentDoc = gql`
    fragment ReservationFields on Reservation {
  id
  fileId
  state
  reservedBy {
    id
    displayName
  }
  reservedAt
}
    `;
export const LockFieldsFragmentDoc = gql`
    fragment LockFields on Lock {
  id
  provider
  resource {
    kind
    id
    objectIds
  }
  level
  state
  holder {
    id
    displayName
  }
  acquiredAt
  expiresAt
}
    `;
export const AcquireBackupLockDocument = gql`
    mutation AcquireBackupLock($module: BackupModule!) {
  acquireBackupLock(module: $module) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const DashboardHoldsDocument = gql`
    query DashboardHolds($filter: HoldFilter, $first: Int, $after: String) {
  holds(filter: $filter, first: $first, after: $after, verify: true) {
    edges {
      node {
        __typename
        id
        provider
        resource {
          kind
          id
        }
        state
        holder {
          id
          displayName
        }
        acquiredAt
        expiresAt
        observedAt
        ... on Lock {
          level
        }
      }
    }
    failures {
      provider
      code
      message
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `;
export const DocumentLockDocument = gql`
    query DocumentLock($documentId: Int!) {
  documentLock(documentId: $documentId) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const DocumentLocksDocument = gql`
    query DocumentLocks($documentIds: [Int!]!) {
  documentLocks(documentIds: $documentIds) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const CheckOutDocumentDocument = gql`
    mutation CheckOutDocument($documentId: Int!) {
  checkOutDocument(documentId: $documentId) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const CheckInDocumentDocument = gql`
    mutation CheckInDocument($documentId: Int!, $versionDescription: String) {
  checkInDocument(
    documentId: $documentId
    versionDescription: $versionDescription
  ) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const FileReservationDocument = gql`
    query FileReservation($fileId: ID!, $link: PublicLinkInput) {
  fileReservation(fileId: $fileId, link: $link) {
    ...ReservationFields
  }
}
    ${ReservationFieldsFragmentDoc}`;
export const FileReservationsDocument = gql`
    query FileReservations($fileIds: [ID!]!) {
  fileReservations(fileIds: $fileIds) {
    ...ReservationFields
  }
}
    ${ReservationFieldsFragmentDoc}`;
export const ReserveFileDocument = gql`
    mutation ReserveFile($fileId: ID!, $link: PublicLinkInput) {
  reserveFile(fileId: $fileId, link: $link) {
    ...ReservationFields
  }
}
    ${ReservationFieldsFragmentDoc}`;
export const UnreserveFileDocument = gql`
    mutation UnreserveFile($fileId: ID!, $link: PublicLinkInput) {
  unreserveFile(fileId: $fileId, link: $link) {
    ...ReservationFields
  }
}
    ${ReservationFieldsFragmentDoc}`;
export const HoldsDocument = gql`
    query Holds($filter: HoldFilter, $first: Int, $after: String, $verify: Boolean) {
  holds(filter: $filter, first: $first, after: $after, verify: $verify) {
    edges {
      cursor
      node {
        __typename
        id
        provider
        resource {
          kind
          id
          objectIds
        }
        state
        holder {
          id
          displayName
        }
        acquiredAt
        expiresAt
        observedAt
        ... on Lock {
          level
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    failures {
      provider
      code
      message
    }
  }
}
    `;
export const HoldHistoryDocument = gql`
    query HoldHistory($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on Hold {
      history(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            kind
            at
            operation
            errorCode
            actor {
              id
              displayName
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
}
    `;
export const HoldEventsDocument = gql`
    query HoldEvents($filter: HoldEventFilter, $first: Int, $after: String) {
  holdEvents(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        kind
        at
        operation
        errorCode
        hold {
          id
          provider
          state
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `;
export const IModelLocksDocument = gql`
    query IModelLocks($iModelId: ID!, $briefcaseId: Int, $level: LockLevel, $first: Int, $after: String) {
  iModelLocks(
    iModelId: $iModelId
    briefcaseId: $briefcaseId
    level: $level
    first: $first
    after: $after
  ) {
    edges {
      cursor
      node {
        ...LockFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    ${LockFieldsFragmentDoc}`;
export const AcquireIModelLocksDocument = gql`
    mutation AcquireIModelLocks($input: AcquireIModelLocksInput!) {
  acquireIModelLocks(input: $input) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const ReleaseIModelLocksDocument = gql`
    mutation ReleaseIModelLocks($input: ReleaseIModelLocksInput!) {
  releaseIModelLocks(input: $input) {
    iModelId
    briefcaseId
    chunks
  }
}
    `;
export const LockDocument = gql`
    query Lock($id: ID!) {
  lock(id: $id) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const ReleaseLockDocument = gql`
    mutation ReleaseLock($id: ID!) {
  releaseLock(id: $id) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const RenewLockDocument = gql`
    mutation RenewLock($id: ID!) {
  renewLock(id: $id) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const ReferenceDataLockDocument = gql`
    query ReferenceDataLock($clientId: Int!) {
  referenceDataLock(clientId: $clientId) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;
export const LockReferenceDataDocument = gql`
    mutation LockReferenceData($clientId: Int!) {
  lockReferenceData(clientId: $clientId) {
    ...LockFields
  }
}
    ${LockFieldsFragmentDoc}`;

export type SdkFunctionWrapper = <T>(action: (requestHeaders?:Record<string, string>) => Promise<T>, operationName: string, operationType?: string, variables?: any) => Promise<T>;


const defaultWrapper: SdkFunctionWrapper = (action, _operationName, _operationType, _variables) => action();

export function getSdk(client: GraphQLClient, withWrapper: SdkFunctionWrapper = defaultWrapper) {
  return {
    AcquireBackupLock(variables: AcquireBackupLockMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<AcquireBackupLockMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<AcquireBackupLockMutation>({ document: AcquireBackupLockDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'AcquireBackupLock', 'mutation', variables);
    },
    DashboardHolds(variables?: DashboardHoldsQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<DashboardHoldsQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<DashboardHoldsQuery>({ document: DashboardHoldsDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'DashboardHolds', 'query', variables);
    },
    DocumentLock(variables: DocumentLockQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<DocumentLockQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<DocumentLockQuery>({ document: DocumentLockDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'DocumentLock', 'query', variables);
    },
    DocumentLocks(variables: DocumentLocksQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<DocumentLocksQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<DocumentLocksQuery>({ document: DocumentLocksDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'DocumentLocks', 'query', variables);
    },
    CheckOutDocument(variables: CheckOutDocumentMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<CheckOutDocumentMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<CheckOutDocumentMutation>({ document: CheckOutDocumentDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'CheckOutDocument', 'mutation', variables);
    },
    CheckInDocument(variables: CheckInDocumentMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<CheckInDocumentMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<CheckInDocumentMutation>({ document: CheckInDocumentDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'CheckInDocument', 'mutation', variables);
    },
    FileReservation(variables: FileReservationQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<FileReservationQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<FileReservationQuery>({ document: FileReservationDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'FileReservation', 'query', variables);
    },
    FileReservations(variables: FileReservationsQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<FileReservationsQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<FileReservationsQuery>({ document: FileReservationsDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'FileReservations', 'query', variables);
    },
    ReserveFile(variables: ReserveFileMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<ReserveFileMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<ReserveFileMutation>({ document: ReserveFileDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'ReserveFile', 'mutation', variables);
    },
    UnreserveFile(variables: UnreserveFileMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<UnreserveFileMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<UnreserveFileMutation>({ document: UnreserveFileDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'UnreserveFile', 'mutation', variables);
    },
    Holds(variables?: HoldsQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<HoldsQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<HoldsQuery>({ document: HoldsDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'Holds', 'query', variables);
    },
    HoldHistory(variables: HoldHistoryQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<HoldHistoryQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<HoldHistoryQuery>({ document: HoldHistoryDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'HoldHistory', 'query', variables);
    },
    HoldEvents(variables?: HoldEventsQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<HoldEventsQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<HoldEventsQuery>({ document: HoldEventsDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'HoldEvents', 'query', variables);
    },
    IModelLocks(variables: IModelLocksQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<IModelLocksQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<IModelLocksQuery>({ document: IModelLocksDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'IModelLocks', 'query', variables);
    },
    AcquireIModelLocks(variables: AcquireIModelLocksMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<AcquireIModelLocksMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<AcquireIModelLocksMutation>({ document: AcquireIModelLocksDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'AcquireIModelLocks', 'mutation', variables);
    },
    ReleaseIModelLocks(variables: ReleaseIModelLocksMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<ReleaseIModelLocksMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<ReleaseIModelLocksMutation>({ document: ReleaseIModelLocksDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'ReleaseIModelLocks', 'mutation', variables);
    },
    Lock(variables: LockQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<LockQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<LockQuery>({ document: LockDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'Lock', 'query', variables);
    },
    ReleaseLock(variables: ReleaseLockMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<ReleaseLockMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<ReleaseLockMutation>({ document: ReleaseLockDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'ReleaseLock', 'mutation', variables);
    },
    RenewLock(variables: RenewLockMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<RenewLockMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<RenewLockMutation>({ document: RenewLockDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'RenewLock', 'mutation', variables);
    },
    ReferenceDataLock(variables: ReferenceDataLockQueryVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<ReferenceDataLockQuery> {
      return withWrapper((wrappedRequestHeaders) => client.request<ReferenceDataLockQuery>({ document: ReferenceDataLockDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'ReferenceDataLock', 'query', variables);
    },
    LockReferenceData(variables: LockReferenceDataMutationVariables, requestHeaders?: GraphQLClientRequestHeaders, signal?: RequestInit['signal']): Promise<LockReferenceDataMutation> {
      return withWrapper((wrappedRequestHeaders) => client.request<LockReferenceDataMutation>({ document: LockReferenceDataDocument, variables, requestHeaders: { ...requestHeaders, ...wrappedRequestHeaders }, signal }), 'LockReferenceData', 'mutation', variables);
    }
  };
}
export type Sdk = ReturnType<typeof getSdk>;