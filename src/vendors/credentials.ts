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
  /** The names the request sent, to spot a misspelt credential header. */
  keys?(): Iterable<string>;
}

/** A header name that looks meant for a credential: either spelling of "authorization", or a user id. */
const CREDENTIAL_LIKE = /authori[sz]ation|user-?id/;

/** One request's credentials, read only from that request's own headers, for the vendors given. */
export class Credentials {
  readonly redactor: Redactor;
  private readonly values = new Map<string, string>();
  private readonly others = new Map<string, string>();

  constructor(
    private readonly headers: HeaderSource,
    private readonly vendors: readonly CredentialSource[],
  ) {
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

  /** A sent header that is close to `header` (a typo of it), to point out in UNAUTHENTICATED. */
  nearMiss(header: string): string | undefined {
    const wanted = header.toLowerCase();
    return this.strays().find((name) => editDistance(name, wanted) <= 3);
  }

  /**
   * Sent headers that look like a credential's but that no vendor reads. Worked out only
   * when a credential is missing: every request would otherwise pay for it.
   */
  private strays(): string[] {
    const known = new Set(
      this.vendors.flatMap((v) =>
        [v.credentialHeader, ...(v.otherHeaders ?? [])].map((h) => h.name.toLowerCase()),
      ),
    );
    return [...(this.headers.keys?.() ?? [])]
      .map((name) => name.toLowerCase())
      .filter((name) => CREDENTIAL_LIKE.test(name) && name !== "authorization" && !known.has(name));
  }

  /** A non-secret header a vendor declared (`otherHeaders`), trimmed; undefined when absent or empty. */
  header(name: string): string | undefined {
    return this.others.get(name.toLowerCase());
  }
}

/** Levenshtein distance, for spotting a header name typed slightly wrong. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
