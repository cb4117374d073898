import { badUserInput } from "./errors.js";

/**
 * Argument checks that run before anything reaches a vendor. Each failure is
 * BAD_USER_INPUT naming the argument, and no upstream call is made.
 */

/** A vendor identifier LockGraph passes on: printable, no path or query syntax, bounded. */
export const VENDOR_ID = /^[A-Za-z0-9][A-Za-z0-9._@:~-]{0,199}$/;

/** An iModel id, file id or similar, so `../x`, `a?b` or `a#b` can never change an upstream path or query. */
export function vendorId(value: string, argument: string): string {
  if (!VENDOR_ID.test(value)) {
    throw badUserInput(`${argument} must be 1-200 letters, digits or . _ @ : ~ - and start with a letter or digit.`, { argument });
  }
  return value;
}

/** A vendor's positive integer id (client id, document id, briefcase id). */
export function positiveInt(value: number, argument: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw badUserInput(`${argument} must be a positive integer.`, { argument });
  return value;
}

/** A list argument within the configured bound. */
export function boundedList<T>(values: T[], max: number, argument: string): T[] {
  if (values.length > max) throw badUserInput(`${argument} takes at most ${max} entries (got ${values.length}).`, { argument });
  return values;
}
