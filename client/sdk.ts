/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { type GraphQLClient, type RequestOptions } from 'graphql-request';
import { gql } from 'graphql-tag';
type GraphQLClientRequestHeaders = RequestOptions['requestHeaders'];
/** How strongly a lock holds its resource. */
export type LockLevel =
  /** Only the holder may change the resource. */
  | 'EXCLUSIVE'
  /** Others may hold shared locks on the same resource, but nobody may take it exclusively. */
  | 'SHARED';

/** Whether a lock or reservation is in force. */
export type LockState =
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

export type LockFieldsFragment = { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null };

export type LockQueryVariables = Exact<{
  id: string | number;
}>;


export type LockQuery = { lock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type ReleaseLockMutationVariables = Exact<{
  id: string | number;
}>;


export type ReleaseLockMutation = { releaseLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } };

export type RenewLockMutationVariables = Exact<{
  id: string | number;
}>;


export type RenewLockMutation = { renewLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } };

export type ReferenceDataLockQueryVariables = Exact<{
  clientId: number;
}>;


export type ReferenceDataLockQuery = { referenceDataLock: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } | null };

export type LockReferenceDataMutationVariables = Exact<{
  clientId: number;
}>;


export type LockReferenceDataMutation = { lockReferenceData: { id: string, provider: Provider, level: LockLevel, state: LockState, acquiredAt: string | null, expiresAt: string | null, resource: { kind: ResourceKind, id: string, objectIds: Array<string> | null }, holder: { id: string, displayName: string | null } | null } };

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