import type { CompositionResult } from "@apollo/composition";
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { CREDENTIAL_HEADERS } from "../../src/vendors/registry.js";
import { Provider } from "../../src/domain/providers.js";
import { oracleUser } from "../../src/vendors/oracle-content/simulator.js";
import type { Simulator } from "../../src/vendors/simulator.js";
import type { SimulatorHost } from "../../src/vendors/simulator-host.js";
import { associate } from "../../src/vendors/superoffice/simulator.js";
import { startTestLockGraph } from "../support/lockgraph.js";
import {
  CATALOG,
  composeWithCatalog,
  freshFileId,
  LOCKGRAPH,
  post,
  type RunningServer,
  startCatalog,
  startGateway,
} from "../support/supergraph.js";
import { startTopology } from "../topology/topology.js";

/** The cap the `_entities` test starts LockGraph with, low enough that 80 file reads must queue behind it. */
const ORACLE_CAP = 8;

const oracle = (user: string) => ({ [CREDENTIAL_HEADERS[Provider.ORACLE_CONTENT]]: `Bearer ${user}` });
const superOffice = (user: string) => ({ [CREDENTIAL_HEADERS[Provider.SUPEROFFICE]]: `Bearer ${user}` });
const iModels = (user: string) => ({ [CREDENTIAL_HEADERS[Provider.IMODELS]]: `Bearer ${user}` });

const RESERVE = "mutation($fileId: ID!) { reserveFile(fileId: $fileId) { id state } }";
const CHECK_OUT =
  "mutation($documentId: Int!) { checkOutDocument(documentId: $documentId) { id holder { id } } }";

/** What the gateway routes LockGraph's share of the supergraph to. */
interface Deployment {
  /** LockGraph's GraphQL URL, as the gateway's subgraph URL. */
  url: string;
  simulators: SimulatorHost;
  close(): Promise<void>;
}

const DEPLOYMENTS: Array<{ name: string; start(env: Record<string, string>): Promise<Deployment> }> = [
  { name: "one LockGraph process", start: startTestLockGraph },
  {
    name: "two replicas on one PostgreSQL behind HAProxy (test/topology)",
    start: async (env) => {
      const topology = await startTopology({ replicas: 2, env });
      return { url: topology.lockgraphUrl, simulators: topology.simulators!, close: topology.close };
    },
  },
];

for (const deployment of DEPLOYMENTS)
  describe(`LockGraph as a subgraph of a supergraph served by Apollo Gateway: ${deployment.name}`, () => {
    let lockgraph: Deployment;
    let oracleSimulator: Simulator;
    let catalog: RunningServer;
    let composition: CompositionResult;
    let gateway: RunningServer | undefined;

    const viaGateway = <T>(
      query: string,
      variables: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) => post<T>(gateway!.url, query, variables, headers);

    before(async () => {
      lockgraph = await deployment.start({ LOCKGRAPH_ORACLE_CONTENT_MAX_CONCURRENCY: String(ORACLE_CAP) });
      oracleSimulator = lockgraph.simulators.get(Provider.ORACLE_CONTENT);
      catalog = await startCatalog();
      composition = await composeWithCatalog(lockgraph.url, catalog.url);
      // Without a supergraph there is no gateway; the composition test then says why.
      if (composition.supergraphSdl) gateway = await startGateway(composition.supergraphSdl);
    });
    afterEach(() => {
      oracleSimulator.clearFaults();
      oracleSimulator.latencyMs = 0;
    });
    after(async () => {
      await gateway?.stop();
      await catalog?.stop();
      await lockgraph?.close();
    });

    describe("composition", () => {
      it("composes LockGraph's served SDL with a subgraph that owns File, Document and IModel, without errors", () => {
        assert.deepEqual(composition.errors?.map((error) => error.message) ?? [], []);
        assert.match(composition.supergraphSdl ?? "", /join__graph\(name: "lockgraph"/);
      });
    });

    describe("one query, two subgraphs", () => {
      it("answers files with their names from the catalog and alice's reservation from LockGraph", async () => {
        const [held, free] = CATALOG.files;
        const reserved = await viaGateway<{ reserveFile: { id: string } }>(
          RESERVE,
          { fileId: held!.id },
          oracle("alice"),
        );

        const result = await viaGateway<{ files: unknown[] }>(
          "{ files { id name reservation { id state reservedBy { id } } } }",
          {},
          oracle("alice"),
        );

        assert.equal(result.errors, undefined);
        assert.deepEqual(result.data?.files, [
          {
            id: held!.id,
            name: held!.name,
            reservation: {
              id: reserved.data?.reserveFile.id,
              state: "HELD",
              reservedBy: { id: oracleUser("alice").id },
            },
          },
          { id: free!.id, name: free!.name, reservation: null },
        ]);
      });

      it("answers documents with their titles from the catalog and alice's checkout from LockGraph", async () => {
        const [checkedOut, free] = CATALOG.documents;
        const checkout = await viaGateway<{ checkOutDocument: { id: string } }>(
          CHECK_OUT,
          { documentId: Number(checkedOut!.id) },
          superOffice("alice"),
        );

        const result = await viaGateway<{ documents: unknown[] }>(
          "{ documents { id title lock { id holder { id } } } }",
          {},
          superOffice("alice"),
        );

        assert.equal(result.errors, undefined);
        assert.deepEqual(result.data?.documents, [
          {
            id: checkedOut!.id,
            title: checkedOut!.title,
            lock: {
              id: checkout.data?.checkOutDocument.id,
              holder: { id: String(associate("alice").AssociateId) },
            },
          },
          { id: free!.id, title: free!.title, lock: null },
        ]);
      });

      it("answers an iModel's name from the catalog and the locks its briefcases hold from LockGraph", async () => {
        const [model] = CATALOG.imodels;
        const acquired = await viaGateway<{ acquireIModelLocks: { id: string } }>(
          "mutation($input: AcquireIModelLocksInput!) { acquireIModelLocks(input: $input) { id } }",
          { input: { iModelId: model!.id, briefcaseId: 7, level: "EXCLUSIVE", objectIds: ["0x1a", "0x1b"] } },
          iModels("alice"),
        );

        const result = await viaGateway<{ imodels: unknown[] }>(
          "{ imodels { id name locks { edges { node { id level holder { id } resource { objectIds } } } } } }",
          {},
          iModels("alice"),
        );

        assert.equal(result.errors, undefined);
        assert.deepEqual(result.data?.imodels, [
          {
            id: model!.id,
            name: model!.name,
            locks: {
              edges: [
                {
                  node: {
                    id: acquired.data?.acquireIModelLocks.id,
                    level: "EXCLUSIVE",
                    holder: { id: "7" },
                    resource: { objectIds: ["0x1a", "0x1b"] },
                  },
                },
              ],
            },
          },
        ]);
      });
    });

    describe("errors through the gateway", () => {
      it("gives bob LOCK_CONFLICT on reserveFile with LockGraph's extensions intact, plus the gateway's serviceName", async () => {
        const fileId = freshFileId();
        await viaGateway(RESERVE, { fileId }, oracle("alice"));

        const result = await viaGateway(RESERVE, { fileId }, oracle("bob"));

        assert.equal(result.status, 200);
        assert.deepEqual(result.data, { reserveFile: null });
        assert.deepEqual(result.errors, [
          {
            message:
              "ORACLE_CONTENT failed with LOCK_CONFLICT (HTTP 409): Could not reserve file. It is reserved by 'User alice'.",
            path: ["reserveFile"],
            extensions: {
              code: "LOCK_CONFLICT",
              provider: "ORACLE_CONTENT",
              upstream: {
                status: 409,
                code: "-1",
                message: "Could not reserve file. It is reserved by 'User alice'.",
              },
              serviceName: LOCKGRAPH,
            },
          },
        ]);
      });

      it("gives bob LOCK_CONFLICT on checkOutDocument with code and provider intact", async () => {
        await viaGateway(CHECK_OUT, { documentId: 310 }, superOffice("alice"));

        const result = await viaGateway(CHECK_OUT, { documentId: 310 }, superOffice("bob"));

        assert.deepEqual(
          result.errors?.map(({ path, extensions }) => ({
            path,
            code: extensions.code,
            provider: extensions.provider,
            serviceName: extensions.serviceName,
          })),
          [
            {
              path: ["checkOutDocument"],
              code: "LOCK_CONFLICT",
              provider: "SUPEROFFICE",
              serviceName: LOCKGRAPH,
            },
          ],
        );
      });

      it("puts a failed entity field's error at the client's path: files[0].reservation, the other file unharmed", async () => {
        const [failing] = CATALOG.files;
        oracleSimulator.inject({
          path: `/files/${failing!.id}`,
          status: 403,
          body: {
            errorCode: "-20",
            errorMessage: "Insufficient privileges.",
            errorKey: "!csInsufficientPrivileges",
            id: failing!.id,
            title: "Insufficient privileges.",
            type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
          },
        });

        const result = await viaGateway<{ files: Array<{ id: string; reservation: unknown }> }>(
          "{ files { id reservation { id } } }",
          {},
          oracle("carol"),
        );

        assert.deepEqual(
          result.errors?.map(({ path, extensions }) => ({
            path,
            code: extensions.code,
            provider: extensions.provider,
          })),
          [{ path: ["files", 0, "reservation"], code: "FORBIDDEN", provider: "ORACLE_CONTENT" }],
        );
        assert.deepEqual(
          result.data?.files.map((file) => file.id),
          CATALOG.files.map((file) => file.id),
        );
      });
    });

    describe("_entities straight to LockGraph", () => {
      it("reads 100 File representations with 80 distinct ids in 80 concurrent Oracle calls, never more than the cap at once", async () => {
        const distinct = Array.from({ length: 80 }, freshFileId);
        const representations = [...distinct, ...distinct.slice(0, 20)].map((id) => ({
          __typename: "File",
          id,
        }));
        oracleSimulator.latencyMs = 20;
        oracleSimulator.resetCalls();

        const result = await post<{ _entities: unknown[] }>(
          lockgraph.url,
          "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on File { id reservation { id } } } }",
          { representations },
          oracle("alice"),
        );

        assert.equal(result.errors, undefined);
        assert.equal(result.data?._entities.length, 100);
        assert.equal(oracleSimulator.callCount, 80);
        // Not `=== ORACLE_CAP`: on a loaded machine a first call may finish before the eighth arrives.
        assert.ok(
          oracleSimulator.maxInFlight > 1,
          `calls were not concurrent: at most ${oracleSimulator.maxInFlight} at once`,
        );
        assert.ok(
          oracleSimulator.maxInFlight <= ORACLE_CAP,
          `${oracleSimulator.maxInFlight} calls in flight at once, past the cap of ${ORACLE_CAP}`,
        );
      });
    });
  });
