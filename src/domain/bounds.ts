/** The one definition of each bound LockGraph checks or relies on. */

/** The largest signed 32-bit integer: vendors' numeric ids (documents, clients, briefcases) fit in it. */
export const INT32_MAX = 2_147_483_647;

/** `first` on `iModelLocks` and `IModel.locks`: Locks per GraphQL page. */
export const MAX_FIRST = 100;

/** Object ids one `acquireIModelLocks` may name: a hundred PATCH calls of 1,000. */
export const MAX_ACQUIRE_OBJECT_IDS = 100_000;

/** The longest LockGraph id or cursor it will decode. */
export const MAX_OPAQUE_LENGTH = 1024;
