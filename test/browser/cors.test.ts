import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { createLockGraphClient } from "../../client/index.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";
import { launchBrowser, openPage } from "./support/browser.js";

/** A bare page on its own local port: another origin than LockGraph's. */
async function startPageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>another origin</title>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What the page runs: a check-out with a SuperOffice credential, as a dashboard on that origin would send it. */
async function checkOutFromPage({
  graphqlUrl,
  documentId,
}: {
  graphqlUrl: string;
  documentId: number;
}): Promise<unknown> {
  try {
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "X-SuperOffice-Authorization": "Bearer alice" },
      body: JSON.stringify({
        query: `mutation { checkOutDocument(documentId: ${documentId}) { state holder { displayName } } }`,
      }),
    });
    return await response.json();
  } catch (error) {
    return { refused: String(error) };
  }
}

describe("a page on another origin calling LockGraph", () => {
  let lockgraph: TestLockGraph;
  let browser: Browser;
  let listed: { origin: string; server: Server };
  let unlisted: { origin: string; server: Server };
  let graphqlUrl: string;

  before(async () => {
    browser = await launchBrowser(); // first: when it fails, nothing else is left listening
    [listed, unlisted] = await Promise.all([startPageServer(), startPageServer()]);
    lockgraph = await startTestLockGraph({ LOCKGRAPH_CORS_ORIGINS: listed.origin });
    graphqlUrl = `http://127.0.0.1:${lockgraph.port}/graphql`;
  });
  after(async () => {
    await browser?.close();
    await lockgraph?.close();
    for (const page of [listed, unlisted]) page?.server.close();
  });

  it("succeeds with credential headers from an origin in LOCKGRAPH_CORS_ORIGINS", async () => {
    const recorded = await openPage(browser);
    await recorded.page.goto(listed.origin);

    const answer = await recorded.page.evaluate(checkOutFromPage, { graphqlUrl, documentId: 51 });

    assert.deepEqual(answer, {
      data: { checkOutDocument: { state: "HELD", holder: { displayName: "Alice" } } },
    });
    assert.deepEqual(recorded.consoleErrors, []);
    await recorded.close();
  });

  it("is refused by the browser from an unlisted origin, and nothing happens at the vendor", async () => {
    const recorded = await openPage(browser);
    await recorded.page.goto(unlisted.origin);

    const answer = await recorded.page.evaluate(checkOutFromPage, { graphqlUrl, documentId: 52 });

    assert.match(String((answer as { refused?: string }).refused), /TypeError: Failed to fetch/);
    assert.ok(
      recorded.consoleErrors.some((error) => /blocked by CORS policy/.test(error)),
      recorded.consoleErrors.join("\n"),
    );
    const { documentLock } = await createLockGraphClient(lockgraph.url, {
      superOffice: "Bearer alice",
    }).DocumentLock({ documentId: 52 });
    assert.equal(documentLock, null);
    await recorded.close();
  });
});
