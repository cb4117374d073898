import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, afterEach, before, describe, it } from "node:test";
import { Provider } from "../../src/domain/providers.js";
import { ORACLE_CONTENT_WORLD as WORLD, oracleUser } from "../../src/vendors/oracle-content/simulator.js";
import type { Simulator } from "../../src/vendors/simulator.js";
import { startTestLockGraph, type GraphQLResult, type TestLockGraph } from "../support/lockgraph.js";

const RESERVATION_FIELDS = "id fileId state reservedBy { id displayName } reservedAt";
const FILE_RESERVATION = `query($fileId: ID!, $link: PublicLinkInput) { fileReservation(fileId: $fileId, link: $link) { ${RESERVATION_FIELDS} } }`;
const FILE_RESERVATIONS =
  "query($fileIds: [ID!]!) { fileReservations(fileIds: $fileIds) { fileId state reservedBy { id } } }";
const RESERVE = `mutation($fileId: ID!, $link: PublicLinkInput) { reserveFile(fileId: $fileId, link: $link) { ${RESERVATION_FIELDS} } }`;
const UNRESERVE = `mutation($fileId: ID!, $link: PublicLinkInput) { unreserveFile(fileId: $fileId, link: $link) { ${RESERVATION_FIELDS} } }`;
const NODE =
  "query($id: ID!) { node(id: $id) { __typename id ... on Reservation { fileId reservedBy { id } } } }";
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on File { id reservation { id reservedBy { id } } }
  ... on Reservation { id fileId state }
} }`;

interface ReservationResult {
  id: string;
  fileId: string;
  state: string;
  reservedBy: { id: string; displayName: string | null } | null;
  reservedAt: string | null;
}

const oracle = (user: string): Record<string, string> => ({
  "x-oracle-content-authorization": `Bearer ${user}`,
});
const freshFileId = () => `D${randomBytes(22).toString("hex").toUpperCase().slice(0, 43)}`;

describe("Oracle Content file reservations over HTTP", () => {
  let lockgraph: TestLockGraph;
  let simulator: Simulator;

  const reserve = (fileId: string, user = "alice", link?: object) =>
    lockgraph.request<{ reserveFile: ReservationResult }>(RESERVE, { fileId, link }, oracle(user));
  const read = (fileId: string, user = "alice") =>
    lockgraph.request<{ fileReservation: ReservationResult | null }>(
      FILE_RESERVATION,
      { fileId },
      oracle(user),
    );
  const errorOf = (result: GraphQLResult) => result.errors?.[0]?.extensions;

  before(async () => {
    lockgraph = await startTestLockGraph();
    simulator = lockgraph.simulators.get(Provider.ORACLE_CONTENT);
  });
  afterEach(() => simulator.clearFaults());
  after(() => lockgraph.close());

  describe("lifecycle", () => {
    it("reserves, reads the same reservation by file and by node id, and unreserves without naming the holder", async () => {
      const fileId = freshFileId();
      const { data: reserved } = await reserve(fileId);
      assert.equal(reserved?.reserveFile.state, "HELD");
      assert.deepEqual(reserved?.reserveFile.reservedBy, {
        id: oracleUser("alice").id,
        displayName: oracleUser("alice").displayName,
      });
      const id = reserved!.reserveFile.id;

      assert.equal((await read(fileId)).data?.fileReservation?.id, id);
      const node = await lockgraph.request<{ node: unknown }>(NODE, { id }, oracle("alice"));
      assert.deepEqual(node.data?.node, {
        __typename: "Reservation",
        id,
        fileId,
        reservedBy: { id: oracleUser("alice").id },
      });

      const released = await lockgraph.request<{ unreserveFile: ReservationResult }>(
        UNRESERVE,
        { fileId },
        oracle("alice"),
      );
      assert.equal(released.data?.unreserveFile.state, "RELEASED");
      assert.equal(released.data?.unreserveFile.id, id);
      assert.equal((await read(fileId)).data?.fileReservation, null);
      assert.equal(
        (await lockgraph.request<{ node: unknown }>(NODE, { id }, oracle("alice"))).data?.node,
        null,
      );
    });

    it("does not let another user clear the reservation: FORBIDDEN (-20), and the holder keeps it", async () => {
      const fileId = freshFileId();
      await reserve(fileId, "alice");

      const result = await lockgraph.request(UNRESERVE, { fileId }, oracle("bob"));

      assert.equal(errorOf(result)?.code, "FORBIDDEN");
      assert.deepEqual((errorOf(result)?.upstream as { code: string }).code, "-20");
      assert.equal(
        (await read(fileId)).data?.fileReservation?.reservedBy?.displayName,
        oracleUser("alice").displayName,
      );
    });

    it("refuses a Reservation id in releaseLock as BAD_USER_INPUT: reservations are released with unreserveFile", async () => {
      const { data } = await reserve(freshFileId());
      const result = await lockgraph.request(
        "mutation($id: ID!) { releaseLock(id: $id) { id } }",
        { id: data?.reserveFile.id },
        oracle("alice"),
      );
      assert.equal(errorOf(result)?.code, "BAD_USER_INPUT");
      assert.match(result.errors?.[0]?.message ?? "", /unreserveFile/);
    });

    it("gives bob LOCK_CONFLICT with provider and upstream when alice holds the file", async () => {
      const fileId = freshFileId();
      await reserve(fileId, "alice");
      const result = await reserve(fileId, "bob");
      const extensions = errorOf(result);
      assert.equal(extensions?.code, "LOCK_CONFLICT");
      assert.equal(extensions?.provider, "ORACLE_CONTENT");
      assert.deepEqual(extensions?.upstream, {
        status: 409,
        code: "-1",
        message: "Could not reserve file. It is reserved by 'User alice'.",
      });
    });

    it("answers UNAUTHENTICATED without the provider's credential header", async () => {
      const result = await lockgraph.request(FILE_RESERVATION, { fileId: freshFileId() });
      assert.equal(errorOf(result)?.code, "UNAUTHENTICATED");
    });

    it("answers FORBIDDEN (-18) for a protected link sent without its access code", async () => {
      const result = await reserve(WORLD.unsharedFileId, "alice", { linkId: WORLD.protectedLink.linkId });
      assert.equal(errorOf(result)?.code, "FORBIDDEN");
      assert.equal(errorOf(result)?.provider, "ORACLE_CONTENT");
      assert.equal((errorOf(result)?.upstream as { code: string }).code, "-18");
    });
  });

  describe("many files", () => {
    it("reads 100 ids with 20 duplicates in 80 vendor calls, one entry per id in order", async () => {
      const distinct = Array.from({ length: 80 }, freshFileId);
      const fileIds = [...distinct, ...distinct.slice(0, 20)];
      await reserve(distinct[3]!);
      simulator.resetCalls();

      const result = await lockgraph.request<{ fileReservations: Array<{ fileId: string } | null> }>(
        FILE_RESERVATIONS,
        { fileIds },
        oracle("alice"),
      );

      assert.equal(simulator.callCount, 80);
      assert.equal(result.errors, undefined);
      assert.deepEqual(
        result.data?.fileReservations.map((entry) => entry?.fileId ?? null),
        fileIds.map((id) => (id === distinct[3] ? id : null)),
      );
    });

    it("answers 99 entries and one error at the failed entry's path when one file's read fails", async () => {
      const distinct = Array.from({ length: 80 }, freshFileId);
      const fileIds = [...distinct, ...distinct.slice(0, 20)];
      const failing = 57; // appears once: duplicates repeat only the first 20
      for (const id of [distinct[1]!, distinct[70]!]) await reserve(id);
      simulator.inject({
        path: `/files/${fileIds[failing]}`,
        status: 403,
        body: {
          errorCode: "-20",
          errorMessage: "Insufficient privileges.",
          errorKey: "!csInsufficientPrivileges",
          id: fileIds[failing],
          title: "Insufficient privileges.",
          type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
        },
      });

      const result = await lockgraph.request<{ fileReservations: Array<{ fileId: string } | null> }>(
        FILE_RESERVATIONS,
        { fileIds },
        oracle("alice"),
      );

      assert.equal(result.errors?.length, 1);
      assert.deepEqual(result.errors?.[0]?.path, ["fileReservations", failing]);
      assert.equal(errorOf(result)?.code, "FORBIDDEN");
      assert.equal(errorOf(result)?.provider, "ORACLE_CONTENT");
      assert.equal(result.data?.fileReservations.length, 100);
      assert.deepEqual(
        result.data?.fileReservations.map((entry) => entry?.fileId ?? null).filter((id) => id !== null),
        fileIds.filter((id) => id === distinct[1] || id === distinct[70]),
      );
    });

    it("refuses more ids than the configured list length as BAD_USER_INPUT, with no vendor call", async () => {
      simulator.resetCalls();
      const result = await lockgraph.request(
        FILE_RESERVATIONS,
        { fileIds: Array.from({ length: 501 }, freshFileId) },
        oracle("alice"),
      );
      assert.equal(errorOf(result)?.code, "BAD_USER_INPUT");
      assert.equal(simulator.callCount, 0);
    });

    it("resolves File entities through the same per-request loader: each distinct file once", async () => {
      const [held, free] = [freshFileId(), freshFileId()];
      const { data } = await reserve(held);
      simulator.resetCalls();

      const representations = [held, free, held, free].map((id) => ({ __typename: "File", id }));
      const result = await lockgraph.request<{
        _entities: Array<{ id: string; reservation: { id: string } | null }>;
      }>(ENTITIES, { representations }, oracle("alice"));

      assert.equal(simulator.callCount, 2);
      assert.deepEqual(
        result.data?._entities.map((file) => file.reservation?.id ?? null),
        [data?.reserveFile.id, null, data?.reserveFile.id, null],
      );
    });

    it("resolves a Reservation entity by its id", async () => {
      const fileId = freshFileId();
      const { data } = await reserve(fileId);
      const result = await lockgraph.request<{ _entities: unknown[] }>(
        ENTITIES,
        { representations: [{ __typename: "Reservation", id: data?.reserveFile.id }] },
        oracle("alice"),
      );
      assert.deepEqual(result.data?._entities, [{ id: data?.reserveFile.id, fileId, state: "HELD" }]);
    });
  });

  describe("arguments that must never reach the vendor", () => {
    for (const fileId of ["../x", "a?b", "a#b"]) {
      it(`refuses fileId ${JSON.stringify(fileId)} as BAD_USER_INPUT in every operation, with no vendor call`, async () => {
        simulator.resetCalls();
        const results = await Promise.all([
          lockgraph.request(FILE_RESERVATION, { fileId }, oracle("alice")),
          lockgraph.request(RESERVE, { fileId }, oracle("alice")),
          lockgraph.request(UNRESERVE, { fileId }, oracle("alice")),
          lockgraph.request(FILE_RESERVATIONS, { fileIds: [freshFileId(), fileId] }, oracle("alice")),
          lockgraph.request(
            ENTITIES,
            { representations: [{ __typename: "File", id: fileId }] },
            oracle("alice"),
          ),
        ]);
        assert.deepEqual(
          results.map((result) => errorOf(result)?.code),
          Array(5).fill("BAD_USER_INPUT"),
        );
        assert.equal(simulator.callCount, 0);
      });
    }
  });

  describe("public links and their access codes", () => {
    const { linkId, accessCode } = WORLD.protectedLink;

    it("reserves through a protected link, and the access code is in no response or log line", async () => {
      const reserved = await reserve(WORLD.unsharedFileId, "alice", { linkId, accessCode });
      const released = await lockgraph.request(
        UNRESERVE,
        { fileId: WORLD.unsharedFileId, link: { linkId, accessCode } },
        oracle("alice"),
      );

      assert.equal(reserved.data?.reserveFile.state, "HELD");
      assert.equal((released.data?.unreserveFile as ReservationResult).state, "RELEASED");
      for (const text of [JSON.stringify(reserved), JSON.stringify(released), ...lockgraph.logLines])
        assert.ok(!text.includes(accessCode), text);
    });

    it("redacts an access code the vendor echoes in its error", async () => {
      simulator.inject({
        status: 403,
        body: {
          errorCode: "-18",
          errorMessage: `Access code ${accessCode} rejected.`,
          errorKey: "!csAccessCode",
          id: WORLD.unsharedFileId,
          title: "Access code rejected.",
          type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
        },
      });
      const result = await reserve(WORLD.unsharedFileId, "alice", { linkId, accessCode });
      assert.equal(errorOf(result)?.code, "FORBIDDEN");
      assert.ok(!JSON.stringify(result).includes(accessCode), JSON.stringify(result));
      assert.ok(!lockgraph.logLines.some((line) => line.includes(accessCode)));
    });

    it("refuses an access code that would add a cookie, before any call and without echoing it", async () => {
      const injected = "s3cret; dAccessCode-LFother=1";
      simulator.resetCalls();
      const result = await reserve(WORLD.unsharedFileId, "alice", { linkId, accessCode: injected });
      assert.equal(errorOf(result)?.code, "BAD_USER_INPUT");
      assert.equal(simulator.callCount, 0);
      assert.ok(!JSON.stringify(result).includes("s3cret"), JSON.stringify(result));
    });
  });
});
