import { z } from "zod";
import { badUserInput } from "../../domain/errors.js";
import { decodeOpaque, encodeOpaque } from "../../domain/ids.js";
import type { LockLevel } from "../../domain/locks.js";

/** The filters of `iModelLocks` and `IModel.locks`. */
export interface IModelLockFilter {
  briefcaseId?: number;
  level?: LockLevel;
}

/** Where a page of Locks resumes in the vendor's list of object ids. */
export interface Position {
  /** The vendor offset where the next briefcase's objects start. */
  skip: number;
  /** The briefcase at `skip` whose SHARED Lock was already returned, when a page ended between its two Locks. */
  sharedDoneFor: number | null;
}

/** The query a cursor belongs to, so a cursor from another iModel or filter is refused, not misread. */
export function queryKey(iModelId: string, filter: IModelLockFilter): string {
  return JSON.stringify([iModelId, filter.briefcaseId ?? null, filter.level ?? null]);
}

const cursorTuple = z.tuple([z.string(), z.number().int().min(0), z.number().int().nullable()]);

/** A cursor in the one opaque codec of src/domain/ids.ts. */
export function encodeCursor(query: string, position: Position): string {
  return encodeOpaque([query, position.skip, position.sharedDoneFor]);
}

export function decodeCursor(cursor: string, query: string): Position {
  const parsed = cursorTuple.safeParse(decodeOpaque(cursor));
  if (!parsed.success || parsed.data[0] !== query) {
    const message =
      "after is not a cursor of this query. Pass an endCursor or edge cursor exactly as this query returned it.";
    throw badUserInput(message, { argument: "after" });
  }
  return { skip: parsed.data[1], sharedDoneFor: parsed.data[2] };
}
