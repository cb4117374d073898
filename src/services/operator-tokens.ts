import { createHash, timingSafeEqual } from "node:crypto";

/** The request header operators send, as `Bearer <token>`. */
export const OPERATOR_HEADER = "X-LockGraph-Authorization";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * The tokens of LOCKGRAPH_OPERATOR_TOKENS. A presented token is hashed and compared with
 * every configured one in constant time (no early exit, equal lengths), so neither a
 * token's content nor its length leaks through timing. Tokens are kept only as digests.
 */
export class OperatorTokens {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  /** Whether an `X-LockGraph-Authorization` value carries a configured token. */
  admits(headerValue: string | undefined): boolean {
    const token = /^Bearer +(\S+)\s*$/i.exec(headerValue ?? "")?.[1];
    if (token === undefined) return false;
    const presented = digest(token);
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(presented, known) || match;
    return match;
  }
}
