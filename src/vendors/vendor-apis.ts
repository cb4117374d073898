import type { LockRefBase } from "../domain/ids.js";
import type { Credentials } from "./credentials.js";
import type { LockOperations, VendorDefinition } from "./definition.js";
import type { CallScope, Patience, UpstreamClient } from "./http.js";
import { VendorAPI } from "./vendor-api.js";

/** The long-lived parts data sources are built from: one upstream client and state per provider. */
export interface VendorParts {
  vendors: readonly VendorDefinition[];
  clients: ReadonlyMap<string, UpstreamClient>;
  states: ReadonlyMap<string, unknown>;
}

/**
 * Every vendor's data source for one request, built with that request's credentials. Each
 * is built on first use: most operations touch one vendor, and a data source carries
 * DataLoaders that would otherwise be made for nothing.
 */
export class VendorApis {
  readonly #apis = new Map<string, unknown>();

  constructor(
    private readonly parts: VendorParts,
    private readonly credentials: Credentials,
    private readonly scope: CallScope,
  ) {}

  /** The same request's data sources for one change (acquire, renewal, release), whose vendor calls have `patience`. */
  withPatience(patience: Patience): VendorApis {
    return new VendorApis(this.parts, this.credentials, { ...this.scope, patience });
  }

  /** The data source of one vendor, typed by its definition. */
  get<A>(vendor: VendorDefinition<LockRefBase, A, unknown>): A {
    let api = this.#apis.get(vendor.provider) as A | undefined;
    if (api === undefined) {
      const client = this.parts.clients.get(vendor.provider);
      if (!client) throw new Error(`${vendor.provider} is not registered`);
      const deps = {
        client: client.scoped(this.scope),
        credentials: this.credentials,
        redactor: this.credentials.redactor,
      };
      api = vendor.createApi({ ...deps, state: this.parts.states.get(vendor.provider) as never });
      // Only a request without the vendor's credential needs telling what to send.
      if (api instanceof VendorAPI && this.credentials.for(vendor.provider) === undefined) {
        const header = vendor.credentialHeader.name;
        api.adviseCredential(header, this.credentials.nearMiss(header));
      }
      this.#apis.set(vendor.provider, api);
    }
    return api;
  }

  /**
   * The data source that owns a lock ref's provider. Typed routing: a definition with a
   * `lockId` builds a `LockOperations` of its own ref type, so the ref it decoded is its own.
   */
  locks<R extends LockRefBase>(ref: R): LockOperations<R> {
    const vendor = this.parts.vendors.find((v) => v.provider === ref.provider);
    if (!vendor?.lockId) throw new Error(`${ref.provider} has no locks`);
    return this.get(vendor as VendorDefinition<LockRefBase, LockOperations<R>, unknown>);
  }
}
