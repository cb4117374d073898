import { MAX_OPAQUE_LENGTH } from "./bounds.js";

/**
 * The one opaque codec of LockGraph's ids and cursors: base64url of a JSON tuple.
 * Clients must not parse it; what a tuple holds is up to its owner (lock ids: the vendor
 * definitions in src/vendors; cursors: the vendor's paging). Never carries a credential.
 */
export function encodeOpaque(tuple: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(tuple)).toString("base64url");
}

/** The tuple inside an opaque text, or undefined when it is not one of LockGraph's. */
export function decodeOpaque(text: string): unknown {
  if (text.length > MAX_OPAQUE_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    return JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** What identifies one Oracle Content reservation. */
export interface ReservationRef {
  fileId: string;
}

/** What identifies one lock at its vendor: the provider, and that vendor's key fields. */
export interface LockRefBase {
  provider: string;
}
