import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { SuperOfficeAPI } from "../../src/vendors/superoffice/api.js";
import { ErrorCode, type LockGraphError } from "../../src/domain/errors.js";
import { decodeLockId } from "../support/ids.js";
import { LockState } from "../../src/domain/locks.js";
import { Provider } from "../../src/domain/providers.js";
import { associate, createSuperOfficeSimulator } from "../../src/vendors/superoffice/simulator.js";
import { expectContractError } from "../support/errors.js";
import { simulatedUpstream, type SimulatedUpstream } from "../support/upstream.js";

const P = Provider.SUPEROFFICE;
/** Documents 900-949 are stored by a plugin that cannot lock (see the simulator). */
const UNLOCKABLE = 900;

const soError = (ErrorType: string, ErrorMessage: string) => ({
  Error: true,
  ErrorType,
  ErrorMessage,
  ErrorSource: "SuperOffice.CRM.Services",
});
const upstreamOf = (error: LockGraphError) =>
  error.extensions.upstream as { status: number; code: string | null; message: string | null };

describe("SuperOfficeAPI against its simulator", () => {
  let upstream: SimulatedUpstream;
  const api = (credential: string | undefined = "Bearer alice") =>
    new SuperOfficeAPI(upstream.client, credential, upstream.redactor(...(credential ? [credential] : [])));
  const alice = () => api("Bearer alice");
  const bob = () => api("Bearer bob");

  before(async () => {
    upstream = await simulatedUpstream(P, createSuperOfficeSimulator());
  });
  afterEach(() => {
    upstream.simulator.clearFaults();
    upstream.simulator.latencyMs = 0;
  });
  after(() => upstream.close());

  describe("lifecycle (each test on its own document)", () => {
    it("reports a document that is not checked out as null", async () => {
      assert.equal(await alice().documentLock(1), null);
    });

    it("checks out with the caller's associate as holder, and reads the same lock back", async () => {
      const acquired = await alice().checkOut(2);
      const read = await alice().documentLock(2);

      assert.equal(acquired.state, LockState.HELD);
      assert.deepEqual(acquired.holder, { id: String(associate("alice").AssociateId), displayName: "Alice" });
      assert.deepEqual(read, acquired);
      assert.deepEqual(decodeLockId(acquired.id), { provider: P, documentId: 2 });
    });

    it("shows another user's checkout to bob with alice as holder", async () => {
      await alice().checkOut(3);
      const seenByBob = await bob().documentLock(3);
      assert.equal(seenByBob?.holder?.id, String(associate("alice").AssociateId));
      assert.notEqual(seenByBob?.holder?.id, String(associate("bob").AssociateId));
    });

    it("answers the holder's second checkout with the same lock", async () => {
      const first = await alice().checkOut(4);
      const second = await alice().checkOut(4);
      assert.deepEqual(second, first);
    });

    it("checks in: state RELEASED, the description sent, and the document no longer checked out", async () => {
      await alice().checkOut(5);
      upstream.simulator.resetCalls();

      const checkedIn = await alice().checkIn(5, "Fixed the totals");

      assert.equal(checkedIn.state, LockState.RELEASED);
      assert.match(upstream.simulator.callsTo("PUT")[0]?.path ?? "", /versionDescription=Fixed\+the\+totals/);
      assert.equal(await alice().documentLock(5), null);
    });

    it("releaseLock undoes the checkout (DELETE): state RELEASED, no longer checked out", async () => {
      const acquired = await alice().checkOut(6);
      upstream.simulator.resetCalls();

      const released = await alice().releaseLock(decodeLockId(acquired.id));

      assert.equal(released.state, LockState.RELEASED);
      assert.equal(released.id, acquired.id);
      assert.equal(upstream.simulator.callsTo("DELETE").length, 1);
      assert.equal(await alice().findLock(decodeLockId(acquired.id)), null);
    });

    it("sends the caller's credential as Authorization, Accept: application/json, and the return types it can handle", async () => {
      upstream.simulator.resetCalls();
      await api("SoTicket 7T:alice").checkOut(7);
      const [post] = upstream.simulator.callsTo("POST");
      assert.equal(post?.headers.authorization, "SoTicket 7T:alice");
      assert.equal(post?.headers.accept, "application/json");
      assert.equal(post?.path, "/api/v1/Document/7/Lock?allowedReturnTypes=Message");
    });

    it("keeps a successful checkout when the read that names the holder fails", async () => {
      upstream.simulator.inject({
        method: "GET",
        path: "/Document/8/",
        status: 403,
        body: soError("SoAccessDeniedException", "No read access"),
      });
      const acquired = await alice().checkOut(8);
      assert.equal(acquired.state, LockState.HELD);
      assert.equal(acquired.holder, null);
    });

    it("makes no call and answers UNAUTHENTICATED without a credential", async () => {
      upstream.simulator.resetCalls();
      const error = await api("")
        .documentLock(1)
        .catch((e: unknown) => e);
      assert.equal((error as LockGraphError).extensions.code, ErrorCode.UNAUTHENTICATED);
      assert.equal(upstream.simulator.callCount, 0);
    });
  });

  describe("documentLocks through the per-request DataLoader", () => {
    it("asks each distinct id once and answers one entry per id, in order", async () => {
      await alice().checkOut(20);
      const source = alice();
      upstream.simulator.resetCalls();

      const locks = await source.documentLocks([20, 21, 20, 22, 21, 20]);

      assert.equal(upstream.simulator.callsTo("GET").length, 3);
      assert.deepEqual(
        locks.map((lock) => (lock instanceof Error || lock === null ? lock : lock.resource.id)),
        ["20", null, "20", null, null, "20"],
      );
    });

    it("shares reads between documentLock and documentLocks in one request", async () => {
      const source = alice();
      upstream.simulator.resetCalls();
      await Promise.all([source.documentLock(23), source.documentLocks([23, 24])]);
      assert.equal(upstream.simulator.callsTo("GET").length, 2);
    });

    it("asks the distinct ids at the same time, not one after another", async () => {
      upstream.simulator.latencyMs = 100;
      const started = performance.now();
      await alice().documentLocks([25, 26, 27, 28, 29]);
      assert.ok(performance.now() - started < 300, "five 100 ms reads took longer than two in a row");
    });

    it("puts one id's failure in its own slot and answers the others", async () => {
      upstream.simulator.inject({
        method: "GET",
        path: "/Document/31/",
        status: 403,
        body: soError("SoAccessDeniedException", "No access to document 31"),
      });

      const [first, failed, last] = await alice().documentLocks([30, 31, 32]);

      assert.equal(first, null);
      assert.equal(last, null);
      await expectContractError(Promise.reject(failed), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 403,
        vendorCode: "SoAccessDeniedException",
      });
    });

    it("answers null for a document whose plugin cannot lock", async () => {
      assert.equal(await alice().documentLock(UNLOCKABLE), null);
    });
  });

  describe("documented error bodies", () => {
    it("404 SoNotFoundException for an unknown document -> NOT_FOUND with ErrorType and ErrorMessage", async () => {
      const error = await expectContractError(alice().documentLock(5000), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 404,
        vendorCode: "SoNotFoundException",
      });
      assert.equal(upstreamOf(error).message, "Document with id 5000 not found");
    });

    it("SoNotFoundException under a 500 -> NOT_FOUND: the exception type decides", async () => {
      upstream.simulator.inject({
        method: "POST",
        status: 500,
        body: soError("SoNotFoundException", "Document 40 was deleted"),
      });
      await expectContractError(alice().checkOut(40), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 500,
        vendorCode: "SoNotFoundException",
      });
    });

    it("401 for a credential in no scheme SuperOffice knows -> UNAUTHENTICATED", async () => {
      await expectContractError(api("Token alice-secret").documentLock(1), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        status: 401,
        vendorCode: "SoAuthenticationException",
        credentials: ["Token alice-secret"],
      });
    });

    it("403 -> FORBIDDEN", async () => {
      upstream.simulator.inject({
        status: 403,
        body: soError("SoAccessDeniedException", "Access denied to document 41"),
      });
      await expectContractError(alice().checkOut(41), {
        code: ErrorCode.FORBIDDEN,
        provider: P,
        status: 403,
        vendorCode: "SoAccessDeniedException",
      });
    });

    it("400 -> BAD_USER_INPUT", async () => {
      upstream.simulator.inject({
        status: 400,
        body: soError("ArgumentException", "versionExtraFields is malformed"),
      });
      await expectContractError(alice().checkIn(42), {
        code: ErrorCode.BAD_USER_INPUT,
        provider: P,
        status: 400,
        vendorCode: "ArgumentException",
      });
    });

    it("500 with another exception -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({
        method: "POST",
        status: 500,
        body: soError("SoException", "Document archive is offline"),
      });
      await expectContractError(alice().checkOut(43), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 500,
        vendorCode: "SoException",
      });
    });

    it("redacts a credential the vendor echoes in ErrorMessage", async () => {
      upstream.simulator.inject({
        status: 401,
        body: soError("SoAuthenticationException", "Ticket 7T:s3cr3t-ticket has expired"),
      });
      const error = await expectContractError(api("SoTicket 7T:s3cr3t-ticket").documentLock(1), {
        code: ErrorCode.UNAUTHENTICATED,
        provider: P,
        credentials: ["SoTicket 7T:s3cr3t-ticket"],
      });
      assert.match(error.message, /\[REDACTED\] has expired/);
    });
  });

  describe("Success: false inside a 200", () => {
    it("bob checking out alice's document -> LOCK_CONFLICT, told by one follow-up read", async () => {
      await alice().checkOut(50);
      upstream.simulator.resetCalls();

      const error = await expectContractError(bob().checkOut(50), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 200,
        vendorCode: "CheckedOutOther",
        credentials: ["Bearer bob"],
      });

      assert.equal(upstreamOf(error).message, "The document is checked out by Alice.");
      assert.equal(upstream.simulator.callsTo("GET").length, 1);
    });

    it("checking out a document whose plugin cannot lock -> UNSUPPORTED_OPERATION", async () => {
      const error = await expectContractError(alice().checkOut(UNLOCKABLE), {
        code: ErrorCode.UNSUPPORTED_OPERATION,
        provider: P,
        status: 200,
        vendorCode: "LockingNotSupported",
      });
      assert.match(upstreamOf(error).message ?? "", /not supported/);
    });

    it("a refusal for another reason -> PRECONDITION_FAILED with the plugin's Value", async () => {
      upstream.simulator.inject({
        method: "POST",
        status: 200,
        body: {
          ExternalReference: "",
          VersionId: "",
          Success: false,
          Type: "Message",
          Value: "The document template is missing",
          AdditionalInfo: "",
        },
      });
      const error = await expectContractError(alice().checkOut(51), {
        code: ErrorCode.PRECONDITION_FAILED,
        provider: P,
        status: 200,
        vendorCode: "NotCheckedOut",
      });
      assert.equal(upstreamOf(error).message, "The document template is missing");
    });

    it("bob checking in alice's checkout -> LOCK_CONFLICT, and alice keeps it", async () => {
      await alice().checkOut(52);
      await expectContractError(bob().checkIn(52), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 200,
        vendorCode: "CheckedOutOther",
      });
      assert.equal((await alice().documentLock(52))?.holder?.displayName, "Alice");
    });

    it("bob undoing alice's checkout -> LOCK_CONFLICT, and alice keeps it", async () => {
      const acquired = await alice().checkOut(53);
      await expectContractError(bob().releaseLock(decodeLockId(acquired.id)), {
        code: ErrorCode.LOCK_CONFLICT,
        provider: P,
        status: 200,
        vendorCode: "CheckedOutOther",
      });
      assert.equal((await alice().documentLock(53))?.holder?.displayName, "Alice");
    });

    it("checking in a document nobody has checked out -> NOT_FOUND (there is no checkout)", async () => {
      const error = await expectContractError(alice().checkIn(54), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 200,
        vendorCode: "NotCheckedOut",
      });
      assert.equal(upstreamOf(error).message, "The document is not checked out.");
    });

    it("releasing a checkout that no longer exists -> NOT_FOUND", async () => {
      const acquired = await alice().checkOut(55);
      await alice().releaseLock(decodeLockId(acquired.id));
      await expectContractError(alice().releaseLock(decodeLockId(acquired.id)), {
        code: ErrorCode.NOT_FOUND,
        provider: P,
        status: 200,
        vendorCode: "NotCheckedOut",
      });
    });
  });

  describe("transport and shape failures", () => {
    it("an HTML 502 page -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "html", status: 502 });
      await expectContractError(alice().checkOut(60), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: 502,
        vendorCode: null,
      });
    });

    it("an HTML body on a 4xx -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "html", status: 404 });
      await expectContractError(alice().checkOut(61), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 404,
      });
    });

    it("malformed JSON in a 200 -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ kind: "malformed-json" });
      await expectContractError(alice().documentLock(62), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a state read with an unknown State -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({ status: 200, body: { State: "Archived", AssociateId: 5, Name: "Eve" } });
      await expectContractError(alice().documentLock(63), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("a PluginResponse without Success -> UPSTREAM_BAD_RESPONSE", async () => {
      upstream.simulator.inject({
        method: "POST",
        status: 200,
        body: { ExternalReference: "x", Type: "None", Value: "" },
      });
      await expectContractError(alice().checkOut(64), {
        code: ErrorCode.UPSTREAM_BAD_RESPONSE,
        provider: P,
        status: 200,
      });
    });

    it("an answer slower than the timeout -> UPSTREAM_TIMEOUT", async () => {
      upstream.simulator.inject({ delayMs: 1_000, method: "POST" });
      await expectContractError(alice().checkOut(65), {
        code: ErrorCode.UPSTREAM_TIMEOUT,
        provider: P,
        status: null,
      });
    });

    it("a dropped connection -> UPSTREAM_UNAVAILABLE", async () => {
      upstream.simulator.inject({ kind: "drop", method: "POST" });
      await expectContractError(alice().checkOut(66), {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        provider: P,
        status: null,
      });
    });
  });
});
