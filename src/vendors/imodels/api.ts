import DataLoader from "dataloader";
import { z } from "zod";
import { ErrorCode, LockGraphError, type LockGraphErrorExtensions } from "../../domain/errors.js";
import {
  type LockConnection,
  type LockEdge,
  LockLevel,
  LockState,
  type Lock,
  ResourceKind,
} from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import { upstreamError } from "../upstream-errors.js";
import { pathOf, type UpstreamResponse } from "../http.js";
import type { LockOperations } from "../definition.js";
import { VendorAPI } from "../vendor-api.js";
import { iModelsLockId, type IModelsLockRef } from "./lock-id.js";
import { decodeCursor, encodeCursor, queryKey, type IModelLockFilter, type Position } from "./paging.js";
import { ITWIN_V2_MEDIA_TYPE, MAX_OBJECT_IDS_PER_UPDATE } from "./protocol.js";

/** The largest `$top` Get iModel Locks takes; fewer, bigger pages mean fewer calls. */
const VENDOR_PAGE_SIZE = 1000;

/**
 * release-chunk is repeated until `isLastChunk`; a vendor that never says so must not
 * keep a request alive for ever. A thousand chunks is far more than any briefcase needs.
 */
export const MAX_RELEASE_CHUNKS = 1000;

const vendorLevel = z.enum(["shared", "exclusive"]);
type VendorLevel = z.infer<typeof vendorLevel>;
/** PATCH also takes `none`, which releases. */
type UpdateLevel = VendorLevel | "none";

const TO_VENDOR_LEVEL: Record<LockLevel, VendorLevel> = {
  [LockLevel.SHARED]: "shared",
  [LockLevel.EXCLUSIVE]: "exclusive",
};
const FROM_VENDOR_LEVEL: Record<VendorLevel, LockLevel> = {
  shared: LockLevel.SHARED,
  exclusive: LockLevel.EXCLUSIVE,
};

/** LockInterfaces.ts (iTwin/imodels-clients): a briefcase's objects grouped by lock level. */
const vendorLock = z.object({
  briefcaseId: z.number().int(),
  lockedObjects: z.array(z.object({ lockLevel: vendorLevel, objectIds: z.array(z.string()) })),
});
type VendorLock = z.infer<typeof vendorLock>;

const link = z.object({ href: z.string() }).nullable();
const locksPage = z.object({ locks: z.array(vendorLock), _links: z.object({ next: link.optional() }) });
type LocksPage = z.infer<typeof locksPage>;

const updatedLock = z.object({ lock: vendorLock });
const releaseChunkResult = z.object({ isLastChunk: z.boolean() });

const conflictingLock = z.object({
  objectId: z.string(),
  lockLevel: z.string(),
  briefcaseIds: z.array(z.number().int()),
});
const errorDetail = z.object({
  code: z.string(),
  message: z.string().nullish(),
  target: z.string().nullish(),
});

/**
 * `{ error: { code, message, details } }`; ConflictWithAnotherUser adds `conflictingLocks`
 * and NewerChangesExist `objectIds` (IModelsErrorParser.ts in iTwin/imodels-clients). The
 * vendor warns that any property may be missing, so only `code` is required.
 */
const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().nullish(),
    details: z.array(errorDetail).nullish(),
    conflictingLocks: z.array(conflictingLock).nullish(),
    objectIds: z.array(z.string()).nullish(),
  }),
});

/** Vendor codes whose meaning is more specific than their HTTP status; the rest follow the status table. */
const CODES = new Map<string, ErrorCode>([
  ["ConflictWithAnotherUser", ErrorCode.LOCK_CONFLICT],
  ["NewerChangesExist", ErrorCode.PRECONDITION_FAILED],
  ["iModelNotInitialized", ErrorCode.PRECONDITION_FAILED],
  // A resource quota does not lift by waiting (that is RateLimitExceeded) and is no missing
  // permission: the iModel or account must change first, so it is a failed precondition.
  ["ResourceQuotaExceeded", ErrorCode.PRECONDITION_FAILED],
]);

export interface IModelLocksAcquisition {
  iModelId: string;
  briefcaseId: number;
  changesetId?: string | null;
  level: LockLevel;
  objectIds: string[];
}

export interface IModelLocksRelease {
  iModelId: string;
  briefcaseId: number;
  changesetId?: string | null;
}

export interface IModelLocksReleased {
  iModelId: string;
  briefcaseId: number;
  chunks: number;
}

/** One briefcase's objects as the walk collects them, and where they started. */
interface BriefcaseObjects {
  briefcaseId: number;
  start: number;
  objectIds: Record<LockLevel, string[]>;
}

/**
 * Bentley iTwin iModels locks (docs/vendors.md "iModels", seed 001). The vendor keeps object locks per
 * briefcase; LockGraph shows one Lock per iModel, briefcase and level, holding all its objects.
 */
export class IModelsAPI extends VendorAPI implements LockOperations<IModelsLockRef> {
  readonly provider = Provider.IMODELS;

  /** GET /imodels/{id}/locks: one page, `$top` counting object ids, not Lock instances. */
  async getLocks(
    iModelId: string,
    query: { top: number; skip: number; briefcaseId?: number; lockLevel?: VendorLevel },
  ): Promise<LocksPage> {
    const response = await this.send({
      operation: "getLocks",
      method: "GET",
      path: pathOf`/imodels/${iModelId}/locks`,
      query: {
        $top: query.top,
        $skip: query.skip,
        briefcaseId: query.briefcaseId,
        lockLevel: query.lockLevel,
      },
      headers: this.headers(),
      idempotent: true,
    });
    return this.parse(response, locksPage);
  }

  /**
   * PATCH /imodels/{id}/locks: sets the level of at most 1000 objects of one briefcase.
   * Setting `none` releases, which is safe to send again; acquiring is not.
   */
  async updateLocks(
    iModelId: string,
    update: { briefcaseId: number; changesetId?: string | null; lockLevel: UpdateLevel; objectIds: string[] },
  ): Promise<VendorLock> {
    const response = await this.send({
      operation: "updateLocks",
      method: "PATCH",
      path: pathOf`/imodels/${iModelId}/locks`,
      headers: this.headers(),
      json: {
        briefcaseId: update.briefcaseId,
        changesetId: update.changesetId ?? null,
        lockedObjects: [{ lockLevel: update.lockLevel, objectIds: update.objectIds }],
      },
      idempotent: update.lockLevel === "none",
    });
    return this.parse(response, updatedLock).lock;
  }

  /** POST /imodels/{id}/locks/release-chunk: releases the next chunk of a briefcase's locks; repeating it is safe. */
  async releaseChunk(
    iModelId: string,
    release: { briefcaseId: number; changesetId?: string | null },
  ): Promise<boolean> {
    const response = await this.send({
      operation: "releaseChunk",
      method: "POST",
      path: pathOf`/imodels/${iModelId}/locks/release-chunk`,
      headers: this.headers(),
      json: { briefcaseId: release.briefcaseId, changesetId: release.changesetId ?? null },
      idempotent: true,
    });
    return this.parse(response, releaseChunkResult).isLastChunk;
  }

  /**
   * A page of Locks: `first` Locks (checked by the caller, src/domain/arguments.ts) after the
   * `after` cursor, each with every object it holds. The vendor's pages count object ids, so a
   * Lock may span several of them.
   */
  async listLocks(
    iModelId: string,
    filter: IModelLockFilter,
    first: number,
    after?: string | null,
  ): Promise<LockConnection> {
    const query = queryKey(iModelId, filter);
    const start: Position = after ? decodeCursor(after, query) : { skip: 0, sharedDoneFor: null };
    const edges: LockEdge[] = [];
    const connection = (hasNextPage: boolean): LockConnection => ({
      edges,
      pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    });

    /** Adds a briefcase's Locks, SHARED then EXCLUSIVE; false when the page filled up first. */
    const add = (briefcase: BriefcaseObjects, end: number): boolean => {
      for (const level of [LockLevel.SHARED, LockLevel.EXCLUSIVE]) {
        const objectIds = briefcase.objectIds[level];
        const returned =
          level === LockLevel.SHARED &&
          briefcase.start === start.skip &&
          briefcase.briefcaseId === start.sharedDoneFor;
        if (objectIds.length === 0 || returned) continue;
        if (edges.length === first) return false;
        const exclusiveFollows =
          level === LockLevel.SHARED && briefcase.objectIds[LockLevel.EXCLUSIVE].length > 0;
        const next: Position = exclusiveFollows
          ? { skip: briefcase.start, sharedDoneFor: briefcase.briefcaseId }
          : { skip: end, sharedDoneFor: null };
        edges.push({
          node: iModelLock(iModelId, briefcase.briefcaseId, level, objectIds),
          cursor: encodeCursor(query, next),
        });
      }
      return true;
    };

    const lockLevel = filter.level && TO_VENDOR_LEVEL[filter.level];
    let offset = start.skip;
    let current: BriefcaseObjects | undefined;
    for (let more = true; more; ) {
      const page = await this.getLocks(iModelId, {
        top: VENDOR_PAGE_SIZE,
        skip: offset,
        briefcaseId: filter.briefcaseId,
        lockLevel,
      });
      const objects = objectsOf(page);
      for (const { briefcaseId, level, objectId } of objects) {
        // Assumed: the vendor lists one briefcase's objects together, so they are all in hand
        // once another briefcase starts ("more objectIds might be returned for that specific
        // instance in a different page" - Get iModel Locks, Paging).
        if (current?.briefcaseId !== briefcaseId) {
          if ((current && !add(current, offset)) || edges.length === first) return connection(true);
          current = {
            briefcaseId,
            start: offset,
            objectIds: { [LockLevel.SHARED]: [], [LockLevel.EXCLUSIVE]: [] },
          };
        }
        current.objectIds[level].push(objectId);
        offset += 1;
      }
      more = Boolean(page._links.next);
      if (more && objects.length === 0)
        throw this.unusableAnswer(`${this.provider} sent an empty page of locks that links to a next one.`);
    }
    return connection(current !== undefined && !add(current, offset));
  }

  /**
   * Locks any number of objects for a briefcase, 1000 per PATCH, in order; a failing chunk
   * stops the rest, and the chunks before it stay locked (the vendor has no transaction
   * across requests). Answers the briefcase's whole Lock at that level, read back.
   */
  async acquireLocks(acquisition: IModelLocksAcquisition): Promise<Lock> {
    const { iModelId, briefcaseId, changesetId, level } = acquisition;
    await this.updateInChunks(
      iModelId,
      { briefcaseId, changesetId, lockLevel: TO_VENDOR_LEVEL[level] },
      acquisition.objectIds,
    );
    const lock = await this.findLock({ provider: Provider.IMODELS, iModelId, briefcaseId, level });
    if (!lock)
      throw new LockGraphError(
        ErrorCode.NOT_FOUND,
        "The locks were acquired but released again before they could be read back.",
        { provider: this.provider },
      );
    return lock;
  }

  /** release-chunk until the vendor says it was the last chunk. */
  async releaseLocks(release: IModelLocksRelease): Promise<IModelLocksReleased> {
    for (let chunks = 1; chunks <= MAX_RELEASE_CHUNKS; chunks += 1) {
      if (await this.releaseChunk(release.iModelId, release))
        return { iModelId: release.iModelId, briefcaseId: release.briefcaseId, chunks };
    }
    throw this.unusableAnswer(
      `${this.provider} did not report a last chunk after ${MAX_RELEASE_CHUNKS} release-chunk calls.`,
    );
  }

  /**
   * A briefcase's Locks, both levels, from one list: reads of its SHARED and EXCLUSIVE Lock in
   * the same tick (a verified `holds` page) share it. Not cached, so a read after a change
   * (acquireLocks' read-back) asks the vendor again.
   */
  private readonly briefcaseLocks = new DataLoader<string, Lock[]>(
    (keys) => {
      // Without a cache DataLoader hands over repeated keys too: each briefcase is listed once.
      const lists = new Map<string, Promise<Lock[] | Error>>();
      for (const key of new Set(keys)) {
        const [iModelId, briefcaseId] = JSON.parse(key) as [string, number];
        lists.set(
          key,
          this.listLocks(iModelId, { briefcaseId }, 2).then(
            (page) => page.edges.map((edge) => edge.node),
            (error: Error) => error,
          ),
        );
      }
      return Promise.all(keys.map((key) => lists.get(key)!));
    },
    { cache: false },
  );

  async findLock({ iModelId, briefcaseId, level }: IModelsLockRef): Promise<Lock | null> {
    const locks = await this.briefcaseLocks.load(JSON.stringify([iModelId, briefcaseId]));
    return locks.find((lock) => lock.level === level) ?? null;
  }

  /** Sets the Lock's objects to level `none`. A Lock that is no longer held is released already. */
  async releaseLock(ref: IModelsLockRef): Promise<Lock> {
    const { iModelId, briefcaseId, level } = ref;
    const objectIds = (await this.findLock(ref))?.resource.objectIds ?? [];
    await this.updateInChunks(iModelId, { briefcaseId, lockLevel: "none" }, objectIds);
    return { ...iModelLock(iModelId, briefcaseId, level, objectIds), state: LockState.RELEASED };
  }

  protected toGraphQLError(response: UpstreamResponse): LockGraphError {
    const body = this.errorBody(response, errorBody);
    if (!body) return this.unreadableError(response);
    const { code, message, details, conflictingLocks, objectIds } = body.error;
    const extensions: LockGraphErrorExtensions = {};
    if (conflictingLocks) extensions.conflictingLocks = conflictingLocks;
    if (objectIds) extensions.objectIds = objectIds;
    // InvalidiModelsRequest says what was wrong only in its details (InvalidValue, MissingRequiredProperty, ...).
    // upstreamError redacts all of these, as it does the message.
    if (details)
      extensions.details = details.map((d) => ({
        code: d.code,
        message: d.message ?? null,
        target: d.target ?? null,
      }));
    return upstreamError(
      this.provider,
      response,
      { code: CODES.get(code), vendorCode: code, vendorMessage: message ?? null, extensions },
      this.redactor,
    );
  }

  private async updateInChunks(
    iModelId: string,
    update: { briefcaseId: number; changesetId?: string | null; lockLevel: UpdateLevel },
    objectIds: string[],
  ): Promise<void> {
    for (let i = 0; i < objectIds.length; i += MAX_OBJECT_IDS_PER_UPDATE) {
      await this.updateLocks(iModelId, {
        ...update,
        objectIds: objectIds.slice(i, i + MAX_OBJECT_IDS_PER_UPDATE),
      });
    }
  }

  private headers(): Record<string, string> {
    return { authorization: this.authorization(), accept: ITWIN_V2_MEDIA_TYPE };
  }
}

function iModelLock(iModelId: string, briefcaseId: number, level: LockLevel, objectIds: string[]): Lock {
  return {
    id: iModelsLockId.encode({ provider: Provider.IMODELS, iModelId, briefcaseId, level }),
    provider: Provider.IMODELS,
    resource: { kind: ResourceKind.IMODEL, id: iModelId, objectIds },
    level,
    state: LockState.HELD,
    holder: { id: String(briefcaseId) },
  };
}

/** A page's object ids in the vendor's order, each with its briefcase and level; every id counts towards `$skip`. */
function objectsOf(page: LocksPage): Array<{ briefcaseId: number; level: LockLevel; objectId: string }> {
  return page.locks.flatMap(({ briefcaseId, lockedObjects }) =>
    lockedObjects.flatMap(({ lockLevel, objectIds }) =>
      objectIds.map((objectId) => ({ briefcaseId, level: FROM_VENDOR_LEVEL[lockLevel], objectId })),
    ),
  );
}
