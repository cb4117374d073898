import { z } from "zod";
import { INT32_MAX, MAX_ACQUIRE_OBJECT_IDS, MAX_FIRST } from "./bounds.js";
import { badUserInput } from "./errors.js";

/**
 * Every argument check that runs before anything reaches a vendor, in one place. Each
 * failure is BAD_USER_INPUT naming the argument, and no upstream call is made.
 */

/** A vendor identifier LockGraph passes on: printable, no path or query syntax, bounded. */
export const VENDOR_ID = /^[A-Za-z0-9][A-Za-z0-9._@:~-]{0,199}$/;

export const vendorIdSchema = z.string().regex(VENDOR_ID);
/** A non-negative int32, as ids carry vendors' numeric keys. */
export const int32Schema = z.number().int().min(0).max(INT32_MAX);

const positiveIntSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** iModel element ids are Id64 strings: `0x` and up to 16 hex digits (iTwin.js `Id64String`). */
const objectIdSchema = z.string().regex(/^0x[0-9a-fA-F]{1,16}$/);
const firstSchema = z.number().int().min(1).max(MAX_FIRST);
/** A SuperOffice document id as a federation representation carries it: a positive int32 in decimal. */
const documentKeySchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .refine((id) => Number(id) <= INT32_MAX);

function check<T>(schema: z.ZodType<T>, value: unknown, argument: string, message: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badUserInput(message, { argument });
  return parsed.data;
}

/** An iModel id, file id or similar, so `../x`, `a?b` or `a#b` can never change an upstream path or query. */
export function vendorId(value: string, argument: string): string {
  const message = `${argument} must be 1-200 letters, digits or . _ @ : ~ - and start with a letter or digit.`;
  return check(vendorIdSchema, value, argument, message);
}

/** A vendor's positive integer id (client id, document id, briefcase id). */
export function positiveInt(value: number, argument: string): number {
  return check(positiveIntSchema, value, argument, `${argument} must be a positive integer.`);
}

/** A list argument within the configured bound. */
export function boundedList<T>(values: T[], max: number, argument: string): T[] {
  if (values.length > max) {
    const advice = "send the rest in another request";
    throw badUserInput(`${argument} takes at most ${max} entries (got ${values.length}); ${advice}.`, {
      argument,
    });
  }
  return values;
}

/** `first` of any page: iModel Locks, holds, hold events, a hold's history. */
export function pageSize(first: number | null | undefined): number {
  const message = `first must be from 1 to ${MAX_FIRST}; for more, ask for the next page with after: pageInfo.endCursor.`;
  return check(firstSchema, first, "first", message);
}

/** The object ids of an iModels acquire: 1 to MAX_ACQUIRE_OBJECT_IDS Id64 strings, duplicates dropped. */
export function objectIds(values: string[], argument: string): string[] {
  boundedList(values, MAX_ACQUIRE_OBJECT_IDS, argument);
  if (values.length === 0) throw badUserInput(`${argument} must name at least one object.`, { argument });
  const invalid = values.find((id) => !objectIdSchema.safeParse(id).success);
  if (invalid !== undefined) {
    const shown = invalid.slice(0, 40);
    throw badUserInput(`${argument} must be iModel object ids such as 0x20000000a1; "${shown}" is not one.`, {
      argument,
    });
  }
  return [...new Set(values)];
}

/** An optional vendor id (a changeset id), null when absent. */
export function optionalVendorId(value: string | null | undefined, argument: string): string | null {
  return value === null || value === undefined ? null : vendorId(value, argument);
}

/** An optional positive integer filter (a briefcase id), undefined when absent. */
export function optionalPositiveInt(value: number | null | undefined, argument: string): number | undefined {
  return value === null || value === undefined ? undefined : positiveInt(value, argument);
}

/** `_entities`: a Document representation's id must be a SuperOffice document id (a positive int32). */
export function documentKey(id: string): string {
  const message = "A Document id must be a SuperOffice document id, a positive 32-bit integer.";
  return check(documentKeySchema, id, "id", message);
}
