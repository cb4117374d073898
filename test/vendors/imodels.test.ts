import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { IModelsAPI, MAX_RELEASE_CHUNKS } from "../../src/vendors/imodels/api.js";
import type { IModelLockFilter } from "../../src/vendors/imodels/paging.js";
import { ITWIN_V2_MEDIA_TYPE } from "../../src/vendors/imodels/protocol.js";
import { ErrorCode } from "../../src/domain/errors.js";
import { decodeLockId } from "../support/ids.js";
import { LockLevel, LockState, type Lock } from "../../src/domain/locks.js";
import { Provider } from "../../src/domain/providers.js";
import {
  SIMULATED_CHANGESETS,
  UNINITIALIZED_IMODEL_ID,
  createIModelsSimulator,
} from "../../src/vendors/imodels/simulator.js";
import { expectContractError } from "../support/errors.js";
import { simulatedUpstream, type SimulatedUpstream } from "../support/upstream.js";

const P = Provider.IMODELS;
const { SHARED, EXCLUSIVE } = LockLevel;

/** `count` Id64 object ids from `from` on: 0x..., as iModels names elements. */
const objects = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `0x${(from + i).toString(16)}`);

const iModelError = (code: string, message: string, extra: object = {}) => ({
  error: { code, message, ...extra },
});

describe("IModelsAPI against its simulator", () => {
  let upstream: SimulatedUpstream;
  let iModelCount = 0;
  /** Every test works in its own iModel, so no state leaks between tests. */
  const freshIModel = () => `imodel-${++iModelCount}`;
  const api = (credential: string | undefined = "Bearer alice") =>
    new IModelsAPI(upstream.client, credential, upstream.redactor(...(credential ? [credential] : [])));
  const alice = () => api("Bearer alice");
  const bob = () => api("Bearer bob");
  const acquire = (
    iModelId: string,
    briefcaseId: number,
    level: LockLevel,
    objectIds: string[],
    as = alice(),
  ) => as.acquireLocks({ iModelId, briefcaseId, level, objectIds });

  /** Every Lock of a query, page by page, and how many pages it took. */
  async function walk(iModelId: string, first: number, filter: IModelLockFilter = {}) {
    const locks: Lock[] = [];
    const pages: boolean[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await alice().listLocks(iModelId, filter, first, cursor);
      locks.push(...page.edges.map((edge) => edge.node));
      pages.push(page.pageInfo.hasNextPage);
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (cursor);
    return { locks, pages };
  }

  before(async () => {
    upstream = await simulatedUpstream(P, createIModelsSimulator());
  });
  afterEach(() => upstream.simulator.clearFaults());
  after(() => upstream.close());

  describe("lifecycle", () => {
    it("acquires a Lock held by the briefcase and reads the same Lock back by its id", async () => {
      const iModelId = freshIModel();
      const acquired = await acquire(iModelId, 2, EXCLUSIVE, ["0x1", "0x2"]);
      const read = await alice().findLock(decodeLockId(acquired.id));

      assert.deepEqual(decodeLockId(acquired.id), {
        provider: P,
        iModelId,
        briefcaseId: 2,
        level: EXCLUSIVE,
      });
      assert.deepEqual(acquired.holder, { id: "2" });
      assert.deepEqual(acquired.resource, { kind: "IMODEL", id: iModelId, objectIds: ["0x1", "0x2"] });
      assert.equal(acquired.state, LockState.HELD);
      assert.deepEqual(read, acquired);
    });

    it("acquires 2,500 object ids in exactly 3 PATCH calls of at most 1,000 ids", async () => {
      const iModelId = freshIModel();
      upstream.simulator.resetCalls();
      const lock = await acquire(iModelId, 2, SHARED, objects(1, 2500));

      const patches = upstream.simulator.callsTo("PATCH");
      const sizes = patches.map(
        (call) =>
          (call.body as { lockedObjects: Array<{ objectIds: string[] }> }).lockedObjects[0]!.objectIds.length,
      );
      assert.deepEqual(sizes, [1000, 1000, 500]);
      assert.equal(lock.resource.objectIds?.length, 2500);
    });

    it("answers the briefcase's whole Lock at the level, including objects it held before", async () => {
      const iModelId = freshIModel();
      await acquire(iModelId, 2, SHARED, ["0x1"]);
      const lock = await acquire(iModelId, 2, SHARED, ["0x2"]);
      assert.deepEqual(lock.resource.objectIds, ["0x1", "0x2"]);
    });

    it("sends the caller's Authorization as given, the v2 Accept, and JSON bodies", async () => {
      upstream.simulator.resetCalls();
      await acquire(freshIModel(), 2, SHARED, ["0x1"]);

      const [patch, get] = upstream.simulator.calls;
      assert.equal(patch?.headers.authorization, "Bearer alice");
      assert.equal(patch?.headers.accept, ITWIN_V2_MEDIA_TYPE);
      assert.match(String(patch?.headers["content-type"]), /^application\/json/);
      assert.deepEqual(patch?.body, {
        briefcaseId: 2,
        changesetId: null,
        lockedObjects: [{ lockLevel: "shared", objectIds: ["0x1"] }],
      });
      assert.equal(get?.headers.accept, ITWIN_V2_MEDIA_TYPE);
    });

    it("makes no call and answers UNAUTHENTICATED without a credential", async () => {
      upstream.simulator.resetCalls();
      await assert.rejects(api("").listLocks(freshIModel(), {}, 10), {
        extensions: { code: ErrorCode.UNAUTHENTICATED, provider: P },
      });
      assert.equal(upstream.simulator.callCount, 0);
    });

    it("lets several briefcases share an object", async () => {
      const iModelId = freshIModel();
      await acquire(iModelId, 2, SHARED, ["0x1"]);
      await acquire(iModelId, 3, SHARED, ["0x1"], bob());

      const { locks } = await walk(iModelId, 10);
      assert.deepEqual(
        locks.map((lock) => [lock.holder?.id, lock.level, lock.resource.objectIds]),
        [
          ["2", SHARED, ["0x1"]],
          ["3", SHARED, ["0x1"]],
        ],
      );
    });

    it("moves an object from the briefcase's SHARED Lock to its EXCLUSIVE one", async () => {
      const iModelId = freshIModel();
      await acquire(iModelId, 2, SHARED, ["0x1", "0x2"]);
      await acquire(iModelId, 2, EXCLUSIVE, ["0x1"]);

      const { locks } = await walk(iModelId, 10);
      assert.deepEqual(
        locks.map((lock) => [lock.level, lock.resource.objectIds]),
        [
          [SHARED, ["0x2"]],
          [EXCLUSIVE, ["0x1"]],
        ],
      );
    });
  });

  describe("paging", () => {
    /**
     * Locks that span the vendor's pages of 1,000 object ids (briefcase 2's alone fills one and
     * a half), in the order LockGraph lists them: by briefcase, SHARED before EXCLUSIVE.
     */
    const held = [
      { briefcaseId: 2, level: SHARED, objectIds: objects(0x1000, 1500) },
      { briefcaseId: 3, level: SHARED, objectIds: objects(0x2000, 1200) },
      { briefcaseId: 3, level: EXCLUSIVE, objectIds: objects(0x3000, 5) },
      { briefcaseId: 4, level: EXCLUSIVE, objectIds: objects(0x4000, 700) },
      { briefcaseId: 5, level: SHARED, objectIds: objects(0x5000, 3) },
    ];
    let iModelId: string;

    before(async () => {
      iModelId = freshIModel();
      for (const lock of held) await acquire(iModelId, lock.briefcaseId, lock.level, lock.objectIds);
    });

    for (const first of [1, 2, 3]) {
      it(`walks every Lock exactly once, whole, with first = ${first}`, async () => {
        const { locks, pages } = await walk(iModelId, first);

        const seen = locks.map((lock) => ({
          briefcaseId: Number(lock.holder?.id),
          level: lock.level,
          objectIds: lock.resource.objectIds,
        }));
        assert.deepEqual(seen, held);
        assert.equal(new Set(locks.map((lock) => lock.id)).size, held.length);
        assert.equal(pages.length, Math.ceil(held.length / first));
        assert.deepEqual(pages.at(-1), false);
      });
    }

    it("reads the vendor's pages with $top and $skip, not all at once", async () => {
      upstream.simulator.resetCalls();
      await walk(iModelId, 100);
      const skips = upstream.simulator
        .callsTo("GET")
        .map((call) => new URL(call.path, "http://sim").searchParams.get("$skip"));
      assert.deepEqual(skips, ["0", "1000", "2000", "3000"]);
    });

    it("filters by briefcase and by level", async () => {
      const { locks } = await walk(iModelId, 10, { briefcaseId: 3 });
      const exclusive = await walk(iModelId, 10, { level: EXCLUSIVE });

      assert.deepEqual(
        locks.map((lock) => lock.level),
        [SHARED, EXCLUSIVE],
      );
      assert.deepEqual(
        exclusive.locks.map((lock) => lock.holder?.id),
        ["3", "4"],
      );
    });

    it("answers an iModel without locks with an empty page", async () => {
      const page = await alice().listLocks(freshIModel(), {}, 10);
      assert.deepEqual(page, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });

    it("refuses a cursor of another query or one that is not a cursor", async () => {
      const page = await alice().listLocks(iModelId, {}, 1);
      const cursor = page.pageInfo.endCursor;

      await assert.rejects(alice().listLocks(iModelId, { briefcaseId: 2 }, 1, cursor), {
        extensions: { code: ErrorCode.BAD_USER_INPUT, argument: "after" },
      });
      await assert.rejects(alice().listLocks(iModelId, {}, 1, "not-a-cursor"), {
        extensions: { code: ErrorCode.BAD_USER_INPUT, argument: "after" },
      });
    });
  });

  describe("releasing", () => {
    it("releaseLock sets the Lock's objects to none, 1,000 a PATCH, and leaves the briefcase's other Lock", async () => {
      const iModelId = freshIModel();
      const exclusive = await acquire(iModelId, 2, EXCLUSIVE, objects(1, 1500));
      const shared = await acquire(iModelId, 2, SHARED, ["0xffff"]);
      upstream.simulator.resetCalls();

      const released = await alice().releaseLock(decodeLockId(exclusive.id));

      assert.equal(released.state, LockState.RELEASED);
      assert.equal(released.id, exclusive.id);
      assert.deepEqual(
        upstream.simulator
          .callsTo("PATCH")
          .map(
            (call) =>
              (call.body as { lockedObjects: Array<{ lockLevel: string }> }).lockedObjects[0]?.lockLevel,
          ),
        ["none", "none"],
      );
      assert.equal(await alice().findLock(decodeLockId(exclusive.id)), null);
      assert.deepEqual(await alice().findLock(decodeLockId(shared.id)), shared);
    });

    it("releaseLock of a Lock no longer held answers RELEASED without a PATCH", async () => {
      const iModelId = freshIModel();
      const lock = await acquire(iModelId, 2, SHARED, ["0x1"]);
      await alice().releaseLock(decodeLockId(lock.id));
      upstream.simulator.resetCalls();

      const again = await alice().releaseLock(decodeLockId(lock.id));

      assert.equal(again.state, LockState.RELEASED);
      assert.equal(upstream.simulator.callsTo("PATCH").length, 0);
    });

    it("releaseLocks repeats release-chunk until the last chunk and reports how many it took", async () => {
      const iModelId = freshIModel();
      await acquire(iModelId, 2, SHARED, objects(1, 1200));
      await acquire(iModelId, 2, EXCLUSIVE, objects(0x10000, 1300));
      upstream.simulator.resetCalls();

      const result = await alice().releaseLocks({ iModelId, briefcaseId: 2 });

      assert.deepEqual(result, { iModelId, briefcaseId: 2, chunks: 3 });
      assert.equal(upstream.simulator.callsTo("POST", "/release-chunk").length, 3);
      assert.deepEqual((await walk(iModelId, 10)).locks, []);
    });

    it("a vendor that never reports the last chunk -> UPSTREAM_BAD_RESPONSE after a bounded number of calls", async () => {
      const iModelId = freshIModel();
      await acquire(iModelId, 2, SHARED, ["0x1"]);
      upstream.simulator.inject({
        method: "POST",
        path: "/release-chunk",
        status: 200,
        body: { isLastChunk: false },
      });
      upstream.simulator.resetCalls();

      await expectContractError(alice().releaseLocks({ iModelId, briefcaseId: 2 }), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
      assert.equal(upstream.simulator.callCount, MAX_RELEASE_CHUNKS);
    });
  });

  describe("contention between users", () => {
    it("bob's exclusive lock on alice's exclusive object -> LOCK_CONFLICT with conflictingLocks", async () => {
      const iModelId = freshIModel();
      await acquire(iModelId, 2, EXCLUSIVE, ["0x1", "0x2"]);

      const error = await expectContractError(acquire(iModelId, 3, EXCLUSIVE, ["0x2", "0x3"], bob()), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 409,
        vendorCode: "ConflictWithAnotherUser",
        credentials: ["Bearer bob"],
      });
      assert.deepEqual(error.extensions.conflictingLocks, [
        { objectId: "0x2", lockLevel: "exclusive", briefcaseIds: [2] },
      ]);
    });

    it("alice's shared lock blocks bob's exclusive one -> LOCK_CONFLICT naming the shared holders", async () => {
      const iModelId = freshIModel();
      await acquire(iModelId, 2, SHARED, ["0x1"]);

      const error = await expectContractError(acquire(iModelId, 3, EXCLUSIVE, ["0x1"], bob()), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 409,
      });
      assert.deepEqual(error.extensions.conflictingLocks, [
        { objectId: "0x1", lockLevel: "shared", briefcaseIds: [2] },
      ]);
    });

    it("403 InsufficientPermissions when bob changes the locks of alice's briefcase -> FORBIDDEN", async () => {
      const iModelId = freshIModel();
      const lock = await acquire(iModelId, 2, SHARED, ["0x1"]);

      await expectContractError(acquire(iModelId, 2, SHARED, ["0x2"], bob()), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 403,
        vendorCode: "InsufficientPermissions",
      });
      await expectContractError(bob().releaseLock(decodeLockId(lock.id)), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 403,
      });
      await expectContractError(bob().releaseLocks({ iModelId, briefcaseId: 2 }), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 403,
      });
    });
  });

  describe("documented error bodies", () => {
    it("401 HeaderNotFound (no usable bearer token) -> UNAUTHENTICATED", async () => {
      await expectContractError(api("Basic alice-secret").listLocks(freshIModel(), {}, 10), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        status: 401,
        vendorCode: "HeaderNotFound",
        credentials: ["Basic alice-secret"],
      });
    });

    it("404 iModelNotFound -> NOT_FOUND", async () => {
      await expectContractError(alice().listLocks("unknown-imodel", {}, 10), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 404,
        vendorCode: "iModelNotFound",
      });
    });

    it("404 BriefcaseNotFound (release-chunk of a briefcase never used) -> NOT_FOUND", async () => {
      await expectContractError(alice().releaseLocks({ iModelId: freshIModel(), briefcaseId: 77 }), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 404,
        vendorCode: "BriefcaseNotFound",
      });
    });

    it("404 ChangesetNotFound (an unknown changeset) -> NOT_FOUND", async () => {
      const acquiring = alice().acquireLocks({
        iModelId: freshIModel(),
        briefcaseId: 2,
        level: SHARED,
        objectIds: ["0x1"],
        changesetId: "0".repeat(40),
      });
      await expectContractError(acquiring, {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 404,
        vendorCode: "ChangesetNotFound",
      });
    });

    it("404 LockNotFound -> NOT_FOUND", async () => {
      upstream.simulator.inject({
        method: "PATCH",
        status: 404,
        body: iModelError("LockNotFound", "Requested Lock is not available."),
      });
      await expectContractError(acquire(freshIModel(), 2, SHARED, ["0x1"]), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 404,
        vendorCode: "LockNotFound",
      });
    });

    it("409 iModelNotInitialized -> PRECONDITION_FAILED", async () => {
      await expectContractError(acquire(UNINITIALIZED_IMODEL_ID, 2, SHARED, ["0x1"]), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 409,
        vendorCode: "iModelNotInitialized",
      });
    });

    it("409 NewerChangesExist (an older changeset) -> PRECONDITION_FAILED with the vendor's objectIds", async () => {
      const acquiring = alice().acquireLocks({
        iModelId: freshIModel(),
        briefcaseId: 2,
        level: EXCLUSIVE,
        objectIds: ["0x1"],
        changesetId: SIMULATED_CHANGESETS.older,
      });
      const error = await expectContractError(acquiring, {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 409,
        vendorCode: "NewerChangesExist",
      });
      assert.deepEqual(error.extensions.objectIds, ["0x1"]);
    });

    it("acquires with the latest changeset", async () => {
      const lock = await alice().acquireLocks({
        iModelId: freshIModel(),
        briefcaseId: 2,
        level: SHARED,
        objectIds: ["0x1"],
        changesetId: SIMULATED_CHANGESETS.latest,
      });
      assert.deepEqual(lock.resource.objectIds, ["0x1"]);
    });

    it("415 UnsupportedMediaType -> BAD_USER_INPUT", async () => {
      upstream.simulator.inject({
        method: "PATCH",
        status: 415,
        body: iModelError("UnsupportedMediaType", "Media Type is not supported."),
      });
      await expectContractError(acquire(freshIModel(), 2, SHARED, ["0x1"]), {
        code: ErrorCode.BAD_USER_INPUT,
        provider: P,
        status: 415,
        vendorCode: "UnsupportedMediaType",
      });
    });

    it("422 InvalidiModelsRequest (more than 1,000 ids in one PATCH) -> BAD_USER_INPUT with the vendor's details", async () => {
      const error = await expectContractError(
        alice().updateLocks(freshIModel(), {
          briefcaseId: 2,
          lockLevel: "shared",
          objectIds: objects(1, 1001),
        }),
        {
          code: ErrorCode.BAD_USER_INPUT,
          provider: P,
          status: 422,
          vendorCode: "InvalidiModelsRequest",
        },
      );
      assert.deepEqual(error.extensions.details, [
        {
          code: "InvalidValue",
          message: "At most 1000 object ids can be provided in a single request.",
          target: "LockedObjects",
        },
      ]);
    });

    it("422 InvalidiModelsRequest as the seed page shows it -> BAD_USER_INPUT with every detail", async () => {
      const details = [
        {
          code: "InvalidValue",
          message: "Provided 'briefcaseId' value is not valid. Expected a value of type 'integer'.",
          target: "BriefcaseId",
        },
        { code: "MissingRequiredProperty", message: "Required property is missing.", target: "BriefcaseId" },
        {
          code: "InvalidRequestBody",
          message: "Failed to parse request body. Make sure it is a valid JSON.",
          target: null,
        },
      ];
      upstream.simulator.inject({
        method: "POST",
        status: 422,
        body: iModelError("InvalidiModelsRequest", "Cannot release Locks chunk.", {
          details: details.map(({ target, ...d }) => (target ? { ...d, target } : d)),
        }),
      });

      const error = await expectContractError(
        alice().releaseLocks({ iModelId: freshIModel(), briefcaseId: 2 }),
        { code: ErrorCode.BAD_USER_INPUT, provider: P, status: 422 },
      );
      assert.deepEqual(error.extensions.details, details);
    });

    it("429 RateLimitExceeded -> RATE_LIMITED with the vendor's retry-after", async () => {
      upstream.simulator.inject({
        method: "PATCH",
        status: 429,
        headers: { "retry-after": "30" },
        body: iModelError(
          "RateLimitExceeded",
          "The client sent more requests than allowed by this API for the current tier of the client.",
        ),
      });
      const error = await expectContractError(acquire(freshIModel(), 2, SHARED, ["0x1"]), {
        code: ErrorCode.RATE_LIMITED,
        provider: P,
        status: 429,
        vendorCode: "RateLimitExceeded",
      });
      assert.equal(error.extensions.retryAfter, 30);
    });

    it("ResourceQuotaExceeded -> PRECONDITION_FAILED: waiting does not lift a quota", async () => {
      upstream.simulator.inject({
        method: "PATCH",
        status: 403,
        body: iModelError("ResourceQuotaExceeded", "The resource quota was exceeded."),
      });
      await expectContractError(acquire(freshIModel(), 2, SHARED, ["0x1"]), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 403,
        vendorCode: "ResourceQuotaExceeded",
      });
    });

    it("redacts a credential the vendor echoes in its message or details", async () => {
      upstream.simulator.inject({
        method: "PATCH",
        status: 422,
        body: iModelError("InvalidiModelsRequest", "Token s3cr3t-token rejected.", {
          details: [{ code: "InvalidValue", message: "s3cr3t-token", target: "Authorization" }],
        }),
      });
      const error = await expectContractError(
        acquire(freshIModel(), 2, SHARED, ["0x1"], api("Bearer s3cr3t-token")),
        {
          code: ErrorCode.BAD_USER_INPUT,
          provider: P,
          credentials: ["Bearer s3cr3t-token"],
        },
      );
      assert.match(error.message, /\[REDACTED\] rejected/);
    });
  });

  describe("transport and shape failures", () => {
    it("an HTML 502 page -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "html", status: 502, method: "PATCH" });
      await expectContractError(acquire(freshIModel(), 2, SHARED, ["0x1"]), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 502,
        vendorCode: null,
      });
    });

    it("an HTML body on a 4xx -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "html", status: 404 });
      await expectContractError(alice().listLocks(freshIModel(), {}, 10), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 404,
      });
    });

    it("malformed JSON in a 200 -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "malformed-json" });
      await expectContractError(alice().listLocks(freshIModel(), {}, 10), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a 200 with the wrong fields -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({
        status: 200,
        body: { locks: [{ briefcaseId: "two", lockedObjects: "all" }], _links: {} },
      });
      await expectContractError(alice().listLocks(freshIModel(), {}, 10), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("an empty page that links to a next one -> UPSTREAM_BAD_RESPONSE, not an endless walk", async () => {
      upstream.simulator.inject({
        method: "GET",
        status: 200,
        body: { locks: [], _links: { next: { href: "https://api.bentley.com/imodels/x/locks?$skip=0" } } },
      });
      await expectContractError(alice().listLocks(freshIModel(), {}, 10), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("an answer slower than the timeout -> UPSTREAM_TIMEOUT", async () => {
      upstream.simulator.inject({ delayMs: 1_000, method: "PATCH" });
      await expectContractError(acquire(freshIModel(), 2, SHARED, ["0x1"]), {
        code: ErrorCode.UPSTREAM_TIMEOUT,
        provider: P,
        status: null,
      });
    });

    it("a dropped connection -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "drop", method: "PATCH" });
      await expectContractError(acquire(freshIModel(), 2, SHARED, ["0x1"]), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: null,
      });
    });
  });
});
