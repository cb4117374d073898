import { INT32_MAX } from "../../domain/bounds.js";
import { Simulator, tokenOf, type SimRequest, type SimResponse } from "../simulator.js";
import { ITWIN_V2_MEDIA_TYPE, MAX_OBJECT_IDS_PER_UPDATE } from "./protocol.js";

/**
 * Bentley iTwin iModels locks (docs/vendors.md §2, seed 001): GET and PATCH /imodels/{id}/locks
 * and POST /imodels/{id}/locks/release-chunk, with the vendor's error bodies.
 *
 * Simulated iModels: ids starting with `unknown-` do not exist (404 iModelNotFound);
 * `uninitialized-imodel` exists but refuses changes (409 iModelNotInitialized); any other
 * id is an initialized iModel, empty until locks are taken. Every iModel has the changeset
 * history of SIMULATED_CHANGESETS. A briefcase belongs to the first user (token text) who
 * changes its locks; anyone else changing them gets 403 InsufficientPermissions, as the
 * vendor answers a user without imodels_manage who releases locks they do not own.
 */
const UNKNOWN_IMODEL_PREFIX = "unknown-";
export const UNINITIALIZED_IMODEL_ID = "uninitialized-imodel";

/** Acquiring with `older` answers 409 NewerChangesExist; any other id than these two, 404 ChangesetNotFound. */
export const SIMULATED_CHANGESETS = {
  older: "1f2e04b666edce395e37a795e2231e995cbf8349",
  latest: "8a6c5f1e0d9b7a3c2e4f6a8b0c1d3e5f7a9b2c4d",
} as const;

/** Objects one release-chunk call releases, so big releases take several calls. */
const RELEASE_CHUNK_SIZE = 1000;

const DEFAULT_TOP = 100;
const MAX_TOP = 1000;
const LEVELS = ["shared", "exclusive"] as const;

type Level = (typeof LEVELS)[number];
type LevelOrNone = Level | "none";

interface Briefcase {
  owner: string;
  shared: Set<string>;
  exclusive: Set<string>;
}

interface IModel {
  initialized: boolean;
  briefcases: Map<number, Briefcase>;
}

interface LockedObjects {
  lockLevel: LevelOrNone;
  objectIds: string[];
}

const error = (status: number, code: string, message: string, extra: object = {}): SimResponse => ({
  status,
  body: { error: { code, message, ...extra } },
});

const invalid = (message: string, code: string, detail: string, target?: string): SimResponse =>
  error(422, "InvalidiModelsRequest", message, {
    details: [{ code, message: detail, ...(target ? { target } : {}) }],
  });

const isBriefcaseId = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= INT32_MAX;

export function createIModelsSimulator(): Simulator {
  const iModels = new Map<string, IModel>();
  const changesets: string[] = [SIMULATED_CHANGESETS.older, SIMULATED_CHANGESETS.latest];

  /** The caller, its media types and the iModel, or the vendor's answer to whichever is wrong. */
  function admit(request: SimRequest, modifies: boolean): { user: string; iModel: IModel } | SimResponse {
    const user = tokenOf(request.headers.authorization, /^Bearer /i);
    if (!user)
      return error(
        401,
        "HeaderNotFound",
        "Header Authorization was not found in the request. Access denied.",
      );
    const accept = String(request.headers.accept ?? "");
    const contentType = String(request.headers["content-type"] ?? "");
    // Assumed strictness: only the v2 media type is served, so a client that forgets it finds out.
    if (
      !accept.includes(ITWIN_V2_MEDIA_TYPE) ||
      (request.method !== "GET" && !/^application\/json\b/i.test(contentType))
    ) {
      return error(415, "UnsupportedMediaType", "Media Type is not supported.");
    }
    const id = decodeURIComponent(request.params.iModelId ?? "");
    if (id.startsWith(UNKNOWN_IMODEL_PREFIX))
      return error(404, "iModelNotFound", "Requested iModel is not available.");
    let iModel = iModels.get(id);
    if (!iModel) {
      iModel = { initialized: id !== UNINITIALIZED_IMODEL_ID, briefcases: new Map() };
      iModels.set(id, iModel);
    }
    if (modifies && !iModel.initialized)
      return error(409, "iModelNotInitialized", "iModel is not initialized.");
    return { user, iModel };
  }

  /** The `briefcaseId` and `changesetId` every modifying body carries. */
  function readBody(
    request: SimRequest,
    action: string,
  ): { briefcaseId: number; changesetId: string | null; body: Record<string, unknown> } | SimResponse {
    const body = request.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return invalid(
        `Cannot ${action}.`,
        "InvalidRequestBody",
        "Failed to parse request body. Make sure it is a valid JSON.",
      );
    }
    const { briefcaseId, changesetId } = body as Record<string, unknown>;
    if (briefcaseId === undefined || briefcaseId === null)
      return invalid(
        `Cannot ${action}.`,
        "MissingRequiredProperty",
        "Required property is missing.",
        "BriefcaseId",
      );
    if (!isBriefcaseId(briefcaseId)) {
      return invalid(
        `Cannot ${action}.`,
        "InvalidValue",
        "Provided 'briefcaseId' value is not valid. Expected a value of type 'integer'.",
        "BriefcaseId",
      );
    }
    if (changesetId !== undefined && changesetId !== null && typeof changesetId !== "string") {
      return invalid(
        `Cannot ${action}.`,
        "InvalidValue",
        "Provided 'changesetId' value is not valid. Expected a value of type 'string'.",
        "ChangesetId",
      );
    }
    return { briefcaseId, changesetId: changesetId ?? null, body: body as Record<string, unknown> };
  }

  const forbidden = () =>
    error(
      403,
      "InsufficientPermissions",
      "The user has insufficient permissions for the requested operation.",
    );
  const unknownChangeset = (changesetId: string | null) =>
    changesetId !== null && !changesets.includes(changesetId)
      ? error(404, "ChangesetNotFound", "Requested Changeset is not available.")
      : undefined;

  function list(request: SimRequest): SimResponse {
    const admitted = admit(request, false);
    if ("status" in admitted) return admitted;
    const number = (name: string, fallback: number) =>
      request.query.has(name) ? Number(request.query.get(name)) : fallback;
    const top = number("$top", DEFAULT_TOP);
    const skip = number("$skip", 0);
    const briefcaseId = request.query.has("briefcaseId")
      ? Number(request.query.get("briefcaseId"))
      : undefined;
    const lockLevel = request.query.get("lockLevel") ?? undefined;
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP)
      return invalid(
        "Cannot get Locks.",
        "InvalidValue",
        `Provided '$top' value is not valid. Expected an integer from 1 to ${MAX_TOP}.`,
        "$top",
      );
    if (!Number.isInteger(skip) || skip < 0)
      return invalid(
        "Cannot get Locks.",
        "InvalidValue",
        "Provided '$skip' value is not valid. Expected a non-negative integer.",
        "$skip",
      );
    if (briefcaseId !== undefined && !isBriefcaseId(briefcaseId))
      return invalid(
        "Cannot get Locks.",
        "InvalidValue",
        "Provided 'briefcaseId' value is not valid.",
        "briefcaseId",
      );
    if (lockLevel !== undefined && !(LEVELS as readonly string[]).includes(lockLevel)) {
      return invalid(
        "Cannot get Locks.",
        "InvalidValue",
        "Provided 'lockLevel' value is not valid. Expected 'shared' or 'exclusive'.",
        "lockLevel",
      );
    }

    // Page size counts object ids: briefcase by briefcase, shared before exclusive, so a briefcase may span pages.
    const sets = [...admitted.iModel.briefcases.entries()]
      .filter(([id]) => briefcaseId === undefined || id === briefcaseId)
      .sort(([a], [b]) => a - b)
      .flatMap(([id, briefcase]) =>
        LEVELS.filter((level) => lockLevel === undefined || level === lockLevel).map((level) => ({
          briefcaseId: id,
          level,
          objectIds: briefcase[level],
        })),
      );
    const total = sets.reduce((sum, set) => sum + set.objectIds.size, 0);
    const href = (at: number) => {
      const query = new URLSearchParams(request.query);
      query.set("$skip", String(at));
      query.set("$top", String(top));
      return { href: `http://${request.headers.host}${request.path}?${query}` };
    };
    return {
      status: 200,
      body: {
        locks: group(pageOf(sets, skip, top)),
        _links: {
          self: href(skip),
          prev: skip > 0 ? href(Math.max(0, skip - top)) : null,
          next: skip + top < total ? href(skip + top) : null,
        },
      },
    };
  }

  function update(request: SimRequest): SimResponse {
    const admitted = admit(request, true);
    if ("status" in admitted) return admitted;
    const read = readBody(request, "update Locks");
    if ("status" in read) return read;
    const { briefcaseId, changesetId, body } = read;
    const lockedObjects = body.lockedObjects;
    if (!Array.isArray(lockedObjects) || !lockedObjects.every(isLockedObjects)) {
      return invalid(
        "Cannot update Locks.",
        "InvalidValue",
        "Provided 'lockedObjects' value is not valid.",
        "LockedObjects",
      );
    }
    if (lockedObjects.reduce((n, group) => n + group.objectIds.length, 0) > MAX_OBJECT_IDS_PER_UPDATE) {
      return invalid(
        "Cannot update Locks.",
        "InvalidValue",
        `At most ${MAX_OBJECT_IDS_PER_UPDATE} object ids can be provided in a single request.`,
        "LockedObjects",
      );
    }

    const { iModel, user } = admitted;
    const briefcase = iModel.briefcases.get(briefcaseId);
    if (briefcase && briefcase.owner !== user) return forbidden();
    const missing = unknownChangeset(changesetId);
    if (missing) return missing;
    const acquiring = lockedObjects
      .filter((group) => group.lockLevel !== "none")
      .flatMap((group) => group.objectIds);
    // Simplified: the vendor compares with the changeset each object was last changed in; the simulator with the iModel's latest.
    if (changesetId !== null && changesetId !== changesets.at(-1) && acquiring.length > 0) {
      return error(
        409,
        "NewerChangesExist",
        "Newer changes exist on the server for the requested objects. Pull them first.",
        { objectIds: acquiring },
      );
    }
    const conflictingLocks = lockedObjects.flatMap((group) => conflictsOf(iModel, briefcaseId, group));
    if (conflictingLocks.length > 0)
      return error(409, "ConflictWithAnotherUser", "Lock(s) is owned by another briefcase.", {
        conflictingLocks,
      });

    const held = briefcase ?? { owner: user, shared: new Set<string>(), exclusive: new Set<string>() };
    iModel.briefcases.set(briefcaseId, held);
    for (const group of lockedObjects) {
      for (const objectId of group.objectIds) {
        held.shared.delete(objectId);
        held.exclusive.delete(objectId);
        if (group.lockLevel !== "none") held[group.lockLevel].add(objectId);
      }
    }
    // What the answer holds beyond its shape is not documented: here, the objects this request locked.
    return {
      status: 200,
      body: {
        lock: { briefcaseId, lockedObjects: lockedObjects.filter((group) => group.lockLevel !== "none") },
      },
    };
  }

  function releaseChunk(request: SimRequest): SimResponse {
    const admitted = admit(request, true);
    if ("status" in admitted) return admitted;
    const read = readBody(request, "release Locks chunk");
    if ("status" in read) return read;
    const briefcase = admitted.iModel.briefcases.get(read.briefcaseId);
    if (!briefcase) return error(404, "BriefcaseNotFound", "Requested Briefcase is not available.");
    if (briefcase.owner !== admitted.user) return forbidden();
    const missing = unknownChangeset(read.changesetId);
    if (missing) return missing;

    let budget = RELEASE_CHUNK_SIZE;
    for (const level of LEVELS) {
      for (const objectId of briefcase[level]) {
        if (budget === 0) break;
        briefcase[level].delete(objectId);
        budget -= 1;
      }
    }
    return { status: 200, body: { isLastChunk: briefcase.shared.size + briefcase.exclusive.size === 0 } };
  }

  const locks = /^\/imodels\/(?<iModelId>[^/]+)\/locks$/;
  return new Simulator("imodels", [
    { method: "GET", pattern: locks, handle: list },
    { method: "PATCH", pattern: locks, handle: update },
    {
      method: "POST",
      pattern: /^\/imodels\/(?<iModelId>[^/]+)\/locks\/release-chunk$/,
      handle: releaseChunk,
    },
  ]);
}

function isLockedObjects(value: unknown): value is LockedObjects {
  const group = value as Partial<LockedObjects> | null;
  return (
    typeof group === "object" &&
    group !== null &&
    ["none", ...LEVELS].includes(group.lockLevel as string) &&
    Array.isArray(group.objectIds) &&
    group.objectIds.every((id) => typeof id === "string" && id !== "")
  );
}

/** Shared: blocked by another briefcase's exclusive lock. Exclusive: blocked by any other briefcase's lock. */
function conflictsOf(iModel: IModel, briefcaseId: number, group: LockedObjects) {
  if (group.lockLevel === "none") return [];
  const wanted = group.lockLevel;
  const others = [...iModel.briefcases.entries()].filter(([id]) => id !== briefcaseId);
  return group.objectIds.flatMap((objectId) => {
    const exclusive = others.filter(([, b]) => b.exclusive.has(objectId)).map(([id]) => id);
    if (exclusive.length > 0) return [{ objectId, lockLevel: "exclusive", briefcaseIds: exclusive }];
    const shared =
      wanted === "exclusive" ? others.filter(([, b]) => b.shared.has(objectId)).map(([id]) => id) : [];
    return shared.length > 0 ? [{ objectId, lockLevel: "shared", briefcaseIds: shared }] : [];
  });
}

/**
 * Entries `skip` to `skip + top` of the sets laid end to end, without building the entries
 * of every other page: a lock of 100,000 objects is read back in 100 pages.
 */
function pageOf(
  sets: Array<{ briefcaseId: number; level: Level; objectIds: Set<string> }>,
  skip: number,
  top: number,
): Array<{ briefcaseId: number; level: Level; objectId: string }> {
  const page: Array<{ briefcaseId: number; level: Level; objectId: string }> = [];
  let offset = 0;
  for (const { briefcaseId, level, objectIds } of sets) {
    if (page.length === top) break;
    if (offset + objectIds.size <= skip) {
      offset += objectIds.size;
      continue;
    }
    for (const objectId of objectIds) {
      if (offset >= skip) page.push({ briefcaseId, level, objectId });
      offset += 1;
      if (page.length === top) break;
    }
  }
  return page;
}

/** Consecutive entries of one briefcase become one Lock instance, its objects grouped by level. */
function group(entries: Array<{ briefcaseId: number; level: Level; objectId: string }>) {
  const locks: Array<{
    briefcaseId: number;
    lockedObjects: Array<{ lockLevel: Level; objectIds: string[] }>;
  }> = [];
  for (const { briefcaseId, level, objectId } of entries) {
    let lock = locks.at(-1);
    if (lock?.briefcaseId !== briefcaseId) locks.push((lock = { briefcaseId, lockedObjects: [] }));
    let objects = lock.lockedObjects.at(-1);
    if (objects?.lockLevel !== level)
      lock.lockedObjects.push((objects = { lockLevel: level, objectIds: [] }));
    objects.objectIds.push(objectId);
  }
  return locks;
}
