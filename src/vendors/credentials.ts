import type { Provider } from "../domain/providers.js";
import { Redactor } from "./upstream-errors.js";

/** What Credentials reads of a vendor definition: which headers carry what. */
export interface CredentialSource {
  provider: string;
  credentialHeader: { name: string };
  otherHeaders?: Array<{ name: string }>;
}

export interface HeaderSource {
  get(name: string): string | undefined;
}

/** One request's credentials, read only from that request's own headers, for the vendors given. */
export class Credentials {
  readonly redactor: Redactor;
  private readonly values = new Map<string, string>();
  private readonly others = new Map<string, string>();

  constructor(headers: HeaderSource, vendors: readonly CredentialSource[]) {
    for (const vendor of vendors) {
      const value = headers.get(vendor.credentialHeader.name.toLowerCase())?.trim();
      if (value) this.values.set(vendor.provider, value);
      for (const { name } of vendor.otherHeaders ?? []) {
        const other = headers.get(name.toLowerCase())?.trim();
        if (other) this.others.set(name.toLowerCase(), other);
      }
    }
    this.redactor = new Redactor([...this.values.values()]);
  }

  /** The caller's credential for a provider, or undefined when the request sent none. */
  for(provider: Provider): string | undefined {
    return this.values.get(provider);
  }

  /** A non-secret header a vendor declared (`otherHeaders`), trimmed; undefined when absent or empty. */
  header(name: string): string | undefined {
    return this.others.get(name.toLowerCase());
  }
}
