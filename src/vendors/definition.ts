import type { Ledger } from "../ledger/ledger.js";
import type { z } from "zod";
import type { LockRefBase } from "../domain/ids.js";
import type { Lock, ResourceKind } from "../domain/locks.js";
import type { Provider } from "../domain/providers.js";
import type { Credentials } from "./credentials.js";
import type { Upstream } from "./http.js";
import type { Simulator } from "./simulator.js";
import type { Redactor } from "./upstream-errors.js";

/** A request header a provider reads, with the key the typed SDK gives it (`createLockGraphClient`). */
export interface HeaderDefinition {
  /** As clients send it, such as `X-KooDrive-Authorization`. */
  name: string;
  /** The SDK's `LockGraphCredentials` key, such as `kooDrive`. */
  sdkKey: string;
}

/**
 * How a lock id of this vendor is written: the key fields after `["Lock", provider, ...]`
 * (built with `lockIdCodec`). `key` checks them on the way in, so a decoded ref is well formed.
 */
export interface LockIdDefinition<R extends LockRefBase, K extends unknown[] = unknown[]> {
  key: z.ZodType<K>;
  fromKey(key: K): R;
  encode(ref: R): string;
}

/** What `lock`, `node`, `releaseLock` and `renewLock` need from a provider, routed by id alone. */
export interface LockOperations<R extends LockRefBase> {
  /** The live lock, or null once it is no longer held. */
  findLock(ref: R): Promise<Lock | null>;
  /** Releases the lock; the answer has state RELEASED. */
  releaseLock(ref: R): Promise<Lock>;
  /** Extends the lock's validity; only providers whose locks expire offer it. */
  renewLock?(ref: R): Promise<Lock>;
}

/** The process-wide parts a vendor's state may be built on. */
export interface SharedParts {
  ledger: Ledger;
}

/** What a vendor's data source is built from, per request. */
export interface ApiDeps<S> {
  /** The provider's client, bound to this operation's CallScope. */
  client: Upstream;
  credentials: Credentials;
  redactor: Redactor;
  /** The vendor's own long-lived state (`createState`), shared by every request. */
  state: S;
}

/**
 * Everything LockGraph knows of one vendor; config, credentials, the simulator host, id
 * routing and the SDK's header map are derived from these (src/vendors/registry.ts).
 * `R` is the vendor's lock ref, `A` its per-request data source, `S` its long-lived state.
 */
export interface VendorDefinition<R extends LockRefBase = LockRefBase, A = unknown, S = unknown> {
  provider: Provider;
  /** What the schema says of the `Provider` value (Apollo Studio shows it). */
  description: string;
  /** The environment variable with the vendor's base URL; unset, its embedded simulator runs. */
  urlVariable: string;
  /** The header carrying the caller's credential for this vendor. */
  credentialHeader: HeaderDefinition;
  /** Other, non-secret headers the vendor needs from the caller (KooDrive's user id). */
  otherHeaders?: HeaderDefinition[];
  resourceKind: ResourceKind;
  /** Absent for a vendor whose holds are not Locks (Oracle Content reservations). */
  lockId?: LockIdDefinition<R>;
  /** The data source of one request; a vendor with `lockId` routes lock ids to its `LockOperations`. */
  createApi(deps: ApiDeps<S>): A;
  /** Built once per process, with the parts every vendor may share (the ledger). */
  createState?(shared: SharedParts): S;
  createSimulator(): Simulator;
}
