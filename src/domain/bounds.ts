/**
 * The one definition of each bound LockGraph checks or relies on. The README's "Limits"
 * table states these figures, and test/http/limits.test.ts drives each one to its edge.
 */

/** The largest signed 32-bit integer: vendors' numeric ids (documents, clients, briefcases) fit in it. */
export const INT32_MAX = 2_147_483_647;

/** `first` of every page (`iModelLocks`, `IModel.locks`, `holds`, `holdEvents`, `Hold.history`). */
export const MAX_FIRST = 100;

/** Object ids one `acquireIModelLocks` may name: a hundred PATCH calls of 1,000. */
export const MAX_ACQUIRE_OBJECT_IDS = 100_000;

/**
 * The JSON of the longest iModel object id in a list: `"0x` + 16 hex digits + `",` (an
 * Id64 is a 64-bit number). The body limit is sized from it: see DEFAULT_MAX_BODY_BYTES.
 */
export const MAX_OBJECT_ID_JSON_BYTES = 21;

/**
 * LOCKGRAPH_MAX_BODY_BYTES: 4 MiB. `acquireIModelLocks` promises MAX_ACQUIRE_OBJECT_IDS ids
 * in one request, and 100,000 of the longest ids are 2.1 MB of JSON (realistic ones such as
 * `0x20000000a1`, 1.5 MB): 1 MiB could not carry what the schema promises, and a caller
 * expects a documented maximum to work as documented. 4 MiB leaves room for pretty-printed
 * JSON; a stalled body is still cut off by LOCKGRAPH_REQUEST_TIMEOUT_MS.
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** LOCKGRAPH_MAX_DEPTH: nested fields (fragments do not count as a level). */
export const DEFAULT_MAX_DEPTH = 12;

/** LOCKGRAPH_MAX_ALIASES: aliases in one operation. */
export const DEFAULT_MAX_ALIASES = 30;

/**
 * LOCKGRAPH_MAX_COST: an operation's static cost (see src/http/operation-cost.ts). The
 * heaviest SDK operation at `first: 100` (IModelLocks) costs 2,600; a page of pages
 * (`holds(first: 100)` with `history(first: 100)`) is far past it.
 */
export const DEFAULT_MAX_COST = 5_000;

/** Lexical tokens in one document; graphql-js stops parsing past it. */
export const MAX_TOKENS = 5_000;

/** LOCKGRAPH_MAX_LIST_LENGTH: ids in one list argument (`documentIds`, `fileIds`). */
export const DEFAULT_MAX_LIST_LENGTH = 500;

/** LOCKGRAPH_MAX_UPSTREAM_CALLS_PER_REQUEST: vendor calls one operation may make. */
export const DEFAULT_MAX_UPSTREAM_CALLS = 1_000;

/** LOCKGRAPH_WS_MAX_SUBSCRIPTIONS: subscriptions one WebSocket connection may run. */
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/** The longest LockGraph id or cursor it will decode. */
export const MAX_OPAQUE_LENGTH = 1024;
