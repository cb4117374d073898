import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, afterEach, before, describe, it } from "node:test";
import { OracleContentAPI } from "../../src/vendors/oracle-content/api.js";
import { ErrorCode, LockGraphError } from "../../src/domain/errors.js";
import { decodeReservationId } from "../support/ids.js";
import { LockState } from "../../src/domain/locks.js";
import { Provider } from "../../src/domain/providers.js";
import {
  ORACLE_CONTENT_WORLD as WORLD,
  createOracleContentSimulator,
  oracleUser,
} from "../../src/vendors/oracle-content/simulator.js";
import { expectContractError } from "../support/errors.js";
import { simulatedUpstream, type SimulatedUpstream } from "../support/upstream.js";

const P = Provider.ORACLE_CONTENT;

/** A file id of the seed's shape that no other test touches: every such id is a file shared with every user. */
const freshFileId = () => `D${randomBytes(22).toString("hex").toUpperCase().slice(0, 43)}`;

const oracleError = (errorCode: string, errorMessage: string) => ({
  errorCode,
  errorKey: `!csFldTest!${errorCode}`,
  errorMessage,
  id: WORLD.sharedFileId,
  title: errorMessage,
  type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
});

describe("OracleContentAPI against its simulator", () => {
  let upstream: SimulatedUpstream;
  const api = (credential = "Bearer alice") =>
    new OracleContentAPI(upstream.client, credential, upstream.redactor(...(credential ? [credential] : [])));
  const openLink = { linkId: WORLD.openLinkId };

  before(async () => {
    upstream = await simulatedUpstream(P, createOracleContentSimulator());
  });
  afterEach(async () => {
    upstream.simulator.clearFaults();
    upstream.simulator.latencyMs = 0;
    await api().releaseReservation(WORLD.unsharedFileId, openLink);
  });
  after(() => upstream.close());

  describe("lifecycle", () => {
    it("reports a file nobody reserved as null", async () => {
      assert.equal(await api().getFile(freshFileId()), null);
    });

    it("reserves, reads the same reservation back with a stable id, and names the holder", async () => {
      const fileId = freshFileId();
      const reserved = await api().reserve(fileId);
      const read = await api().getFile(fileId);

      assert.equal(read?.id, reserved.id);
      assert.deepEqual(decodeReservationId(reserved.id), { fileId });
      assert.equal(reserved.state, LockState.HELD);
      assert.deepEqual(reserved.reservedBy, {
        id: oracleUser("alice").id,
        displayName: oracleUser("alice").displayName,
      });
      assert.deepEqual(read?.reservedAt, reserved.reservedAt);
    });

    it("answers the holder's second reserve with the same reservation", async () => {
      const fileId = freshFileId();
      const first = await api().reserve(fileId);
      const second = await api().reserve(fileId);
      assert.deepEqual(second, first);
    });

    it("unreserves without the caller naming the holder: it looks the holder up and sends their id", async () => {
      const fileId = freshFileId();
      await api("Bearer alice").reserve(fileId);
      upstream.simulator.resetCalls();

      const released = await api("Bearer alice").releaseReservation(fileId);

      assert.equal(released.state, LockState.RELEASED);
      assert.equal(released.reservedBy?.id, oracleUser("alice").id);
      assert.deepEqual(upstream.simulator.callsTo("POST", "/unreserve")[0]?.body, {
        reservedByUserID: oracleUser("alice").id,
      });
      assert.equal(await api().getFile(fileId), null);
    });

    it("answers RELEASED for a file that was not reserved, without asking to unreserve it", async () => {
      upstream.simulator.resetCalls();
      const released = await api().releaseReservation(freshFileId());
      assert.equal(released.state, LockState.RELEASED);
      assert.equal(released.reservedBy, null);
      assert.equal(upstream.simulator.callsTo("POST").length, 0);
    });

    it("sends the caller's credential as Authorization and reserve without a body", async () => {
      upstream.simulator.resetCalls();
      await api("Bearer alice").reserve(freshFileId());
      const [call] = upstream.simulator.calls;
      assert.equal(call?.headers.authorization, "Bearer alice");
      assert.equal(call?.body, undefined);
    });

    it("makes no call and answers UNAUTHENTICATED without a credential", async () => {
      upstream.simulator.resetCalls();
      const error = await api("")
        .getFile(freshFileId())
        .catch((e: unknown) => e);
      assert.equal((error as LockGraphError).extensions.code, ErrorCode.UNAUTHENTICATED);
      assert.equal(upstream.simulator.callCount, 0);
    });
  });

  describe("public links", () => {
    it("reaches a file in an unshared folder through a link, sent as the linkID header", async () => {
      upstream.simulator.resetCalls();
      const reserved = await api().reserve(WORLD.unsharedFileId, openLink);
      assert.equal(reserved.reservedBy?.id, oracleUser("alice").id);
      assert.equal(upstream.simulator.calls[0]?.headers.linkid, WORLD.openLinkId);
    });

    it("sends a link's access code as the dAccessCode-<linkID> cookie", async () => {
      const { linkId, accessCode } = WORLD.protectedLink;
      upstream.simulator.resetCalls();
      await api().reserve(WORLD.unsharedFileId, { linkId, accessCode });
      assert.equal(upstream.simulator.calls[0]?.headers.cookie, `dAccessCode-${linkId}=${accessCode}`);
    });

    for (const [name, accessCode] of [
      ["a semicolon", "ok; dAccessCode-LFother=1"],
      ["a comma", "ok,other=1"],
      ["CR/LF", "ok\r\nX-Injected: 1"],
      ["a space", "ok other"],
      ["an empty code", ""],
    ] as const) {
      it(`refuses an access code with ${name} as BAD_USER_INPUT before any call, without echoing it`, async () => {
        upstream.simulator.resetCalls();
        const error = await api()
          .reserve(WORLD.unsharedFileId, { linkId: WORLD.protectedLink.linkId, accessCode })
          .catch((e: unknown) => e);
        assert.ok(error instanceof LockGraphError);
        assert.equal(error.extensions.code, ErrorCode.BAD_USER_INPUT);
        assert.equal(error.extensions.argument, "link.accessCode");
        if (accessCode)
          assert.ok(
            !JSON.stringify({ message: error.message, extensions: error.extensions }).includes(accessCode),
          );
        assert.equal(upstream.simulator.callCount, 0);
      });
    }

    it("refuses a link id with path syntax as BAD_USER_INPUT before any call", async () => {
      upstream.simulator.resetCalls();
      const error = await api()
        .getFile(WORLD.unsharedFileId, { linkId: "../x" })
        .catch((e: unknown) => e);
      assert.equal((error as LockGraphError).extensions.code, ErrorCode.BAD_USER_INPUT);
      assert.equal(upstream.simulator.callCount, 0);
    });

    it("redacts an access code the vendor echoes", async () => {
      const { linkId, accessCode } = WORLD.protectedLink;
      upstream.simulator.inject({
        status: 403,
        body: oracleError("-18", `The access code ${accessCode} is not valid for the link.`),
      });
      const error = await expectContractError(api().reserve(WORLD.unsharedFileId, { linkId, accessCode }), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        credentials: [accessCode],
      });
      assert.match(error.message, /\[REDACTED\] is not valid/);
    });
  });

  describe("documented error bodies", () => {
    it("-16 (404) for an unknown file -> NOT_FOUND", async () => {
      await expectContractError(api().getFile("no-such-file"), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 404,
        vendorCode: "-16",
      });
    });

    it("-20 (403) for a file in a folder not shared with the caller -> FORBIDDEN, with the vendor's message", async () => {
      const error = await expectContractError(api("Bearer bob").reserve(WORLD.unsharedFileId), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 403,
        vendorCode: "-20",
        credentials: ["Bearer bob"],
      });
      assert.match(
        String((error.extensions.upstream as { message: string }).message),
        /insufficient privilege/,
      );
    });

    it("-18 (403) for a protected link without its access code -> FORBIDDEN", async () => {
      await expectContractError(
        api().releaseReservation(WORLD.unsharedFileId, { linkId: WORLD.protectedLink.linkId }),
        {
          code: ErrorCode.FORBIDDEN,
          provider: P,
          status: 403,
          vendorCode: "-18",
        },
      );
    });

    it("-26 (400) for an expired link -> BAD_USER_INPUT", async () => {
      await expectContractError(api().reserve(WORLD.unsharedFileId, { linkId: WORLD.expiredLinkId }), {
        code: ErrorCode.BAD_USER_INPUT,
        provider: P,
        status: 400,
        vendorCode: "-26",
      });
    });

    it("-17 name exists -> PRECONDITION_FAILED: the folder's state blocks the call, not another holder", async () => {
      upstream.simulator.inject({
        status: 409,
        body: oracleError("-17", "An item with the same name already exists."),
      });
      await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 409,
        vendorCode: "-17",
      });
    });

    it("-1 general with a 400 -> BAD_USER_INPUT, with the vendor's message", async () => {
      upstream.simulator.inject({ status: 400, body: oracleError("-1", "The request is malformed.") });
      const error = await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.BAD_USER_INPUT,
        provider: P,
        status: 400,
        vendorCode: "-1",
      });
      assert.equal((error.extensions.upstream as { message: string }).message, "The request is malformed.");
    });

    it("-1 general with a 500 -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ status: 500, body: oracleError("-1", "Internal error.") });
      await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 500,
        vendorCode: "-1",
      });
    });

    it("401 without a body (unusable token) -> UNAUTHENTICATED", async () => {
      await expectContractError(api("Token alice").getFile(freshFileId()), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        status: 401,
        vendorCode: null,
        credentials: ["Token alice"],
      });
    });
  });

  describe("contention (assumed 409 -1, docs/vendors.md §5)", () => {
    it("bob reserving a file alice holds -> LOCK_CONFLICT", async () => {
      const fileId = freshFileId();
      await api("Bearer alice").reserve(fileId);
      await expectContractError(api("Bearer bob").reserve(fileId), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 409,
        vendorCode: "-1",
        credentials: ["Bearer bob"],
      });
    });

    it("unreserving with a reservedByUserID that is not the holder -> LOCK_CONFLICT, and the reservation stays", async () => {
      const fileId = freshFileId();
      await api("Bearer alice").reserve(fileId);
      await expectContractError(api("Bearer bob").unreserve(fileId, oracleUser("bob").id), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 409,
        vendorCode: "-1",
      });
      assert.equal((await api().getFile(fileId))?.reservedBy?.id, oracleUser("alice").id);
    });
  });

  describe("failures inside a 200", () => {
    it("errorCode -1 in a 200 -> PRECONDITION_FAILED with the vendor's message", async () => {
      upstream.simulator.inject({ status: 200, body: oracleError("-1", "Could not reserve file.") });
      const error = await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 200,
        vendorCode: "-1",
      });
      assert.equal((error.extensions.upstream as { message: string }).message, "Could not reserve file.");
    });

    it("errorCode -20 in a 200 -> FORBIDDEN", async () => {
      upstream.simulator.inject({ status: 200, body: oracleError("-20", "Insufficient privileges.") });
      await expectContractError(api().getFile(freshFileId()), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 200,
        vendorCode: "-20",
      });
    });

    it("a numeric errorCode (API 1.2's type) in a 200 is read the same: -16 -> NOT_FOUND", async () => {
      upstream.simulator.inject({
        status: 200,
        body: { ...oracleError("-16", "Not found."), errorCode: -16 },
      });
      await expectContractError(api().getFile(freshFileId()), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 200,
        vendorCode: "-16",
      });
    });
  });

  describe("transport and shape failures", () => {
    it("an HTML 502 page -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "html", status: 502 });
      await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 502,
        vendorCode: null,
      });
    });

    it("an HTML body on a 4xx -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "html", status: 404 });
      await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 404,
      });
    });

    it("malformed JSON in a 200 -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "malformed-json" });
      await expectContractError(api().getFile(freshFileId()), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a 200 with the wrong fields -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({
        status: 200,
        body: { errorCode: "0", id: "x", type: "file", reservationDate: "yesterday", reservedBy: "alice" },
      });
      await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("an answer slower than the timeout -> UPSTREAM_TIMEOUT", async () => {
      upstream.simulator.inject({ delayMs: 1_000, method: "POST" });
      await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.UPSTREAM_TIMEOUT,
        provider: P,
        status: null,
      });
    });

    it("a dropped connection -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "drop", method: "POST" });
      await expectContractError(api().reserve(freshFileId()), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: null,
      });
    });
  });

  describe("reading many files", () => {
    it("asks each distinct file once: 100 ids with 20 duplicates make 80 calls, answered in order", async () => {
      const distinct = Array.from({ length: 80 }, freshFileId);
      const fileIds = [...distinct, ...distinct.slice(0, 20)];
      const source = api();
      await source.reserve(distinct[5]!);
      upstream.simulator.resetCalls();

      const answers = await source.findReservations(fileIds);

      assert.equal(upstream.simulator.callCount, 80);
      assert.equal(answers.length, 100);
      assert.deepEqual(
        answers.map((answer) => (answer instanceof Error ? "error" : (answer?.fileId ?? null))),
        fileIds.map((id) => (id === distinct[5] ? id : null)),
      );
    });

    it("keeps one file's failure in its own slot", async () => {
      const fileIds = Array.from({ length: 5 }, freshFileId);
      upstream.simulator.inject({
        path: fileIds[2],
        status: 403,
        body: oracleError("-20", "Insufficient privileges."),
      });

      const answers = await api().findReservations(fileIds);

      assert.deepEqual(
        answers.map((answer) => answer instanceof LockGraphError),
        [false, false, true, false, false],
      );
      assert.equal((answers[2] as LockGraphError).extensions.code, ErrorCode.FORBIDDEN);
    });

    it("asks the files concurrently", async () => {
      upstream.simulator.latencyMs = 100;
      const started = performance.now();
      await api().findReservations(Array.from({ length: 10 }, freshFileId));
      assert.ok(performance.now() - started < 500, "ten 100 ms reads must overlap");
    });

    it("holds to LOCKGRAPH_ORACLE_CONTENT_MAX_CONCURRENCY calls at a time", async () => {
      const capped = await simulatedUpstream(P, createOracleContentSimulator(), {
        LOCKGRAPH_ORACLE_CONTENT_MAX_CONCURRENCY: "2",
      });
      try {
        capped.simulator.latencyMs = 100;
        const started = performance.now();
        await new OracleContentAPI(
          capped.client,
          "Bearer alice",
          capped.redactor("Bearer alice"),
        ).findReservations(Array.from({ length: 6 }, freshFileId));
        assert.ok(performance.now() - started >= 300, "six 100 ms reads two at a time take three rounds");
      } finally {
        await capped.close();
      }
    });

    it("shares its answers with single reads of the same request", async () => {
      const fileId = freshFileId();
      const source = api();
      upstream.simulator.resetCalls();
      await Promise.all([
        source.findReservations([fileId]),
        source.findReservation(fileId),
        source.findReservation(fileId),
      ]);
      assert.equal(upstream.simulator.callCount, 1);
    });

    it("reads through a public link on its own: its answer depends on the link", async () => {
      const source = api();
      upstream.simulator.resetCalls();
      await source.findReservation(WORLD.unsharedFileId, openLink);
      await source.findReservation(WORLD.unsharedFileId, openLink);
      assert.equal(upstream.simulator.callCount, 2);
    });
  });
});
