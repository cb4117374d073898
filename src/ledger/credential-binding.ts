import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "./database.js";

const MIN_KEY_LENGTH = 32;
const secretRow = z.object({ key: z.instanceof(Uint8Array) });

/**
 * Binds a KooDrive hold to the user id and credential that acquired or renewed it, as an
 * HMAC-SHA256 that can only confirm the same pair presented again; the credential itself is
 * never kept. The key is LOCKGRAPH_LEDGER_KEY when set (then a copy of the database alone
 * cannot even confirm a guess), otherwise a random key made once per ledger and kept in its
 * own table, apart from the holds, and shared by every replica of that ledger.
 */
export class CredentialBinding {
  private constructor(private readonly key: Buffer) {}

  static async open(db: Queryable, configuredKey: string | undefined): Promise<CredentialBinding> {
    if (configuredKey !== undefined) {
      if (configuredKey.length < MIN_KEY_LENGTH)
        throw new Error(`LOCKGRAPH_LEDGER_KEY must be at least ${MIN_KEY_LENGTH} characters`);
      return new CredentialBinding(Buffer.from(configuredKey, "utf8"));
    }
    await db.query("INSERT INTO ledger_secret (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", [
      randomBytes(32),
    ]);
    const { rows } = await db.query("SELECT key FROM ledger_secret WHERE id = 1");
    return new CredentialBinding(Buffer.from(secretRow.parse(rows[0]).key));
  }

  /** The binding of one (user id, credential) pair; a NUL separates them so no two pairs collide. */
  bind(userId: string, credential: string): string {
    return createHmac("sha256", this.key).update(userId).update("\0").update(credential).digest("base64url");
  }

  /** Whether `binding` was made from this pair, compared in constant time. */
  matches(binding: string | null, userId: string, credential: string): boolean {
    if (binding === null) return false;
    const expected = Buffer.from(this.bind(userId, credential));
    const actual = Buffer.from(binding);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
