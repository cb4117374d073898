import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { AUTHORIZATION_HEADER_NAMES, createLockGraphClient } from "../../client/index.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";
import { launchBrowser, openPage, type RecordedPage } from "./support/browser.js";

const headersEditor = ({ page }: RecordedPage) =>
  page.getByRole("region", { name: "Headers" }).locator(".graphiql-editor:not(.hidden)");

/** GraphiQL at /graphiql, from LockGraph's own assets, in a browser that cannot reach the internet. */
describe("GraphiQL at /graphiql", () => {
  let lockgraph: TestLockGraph;
  let browser: Browser;
  let recorded: RecordedPage;

  before(async () => {
    browser = await launchBrowser(); // first: when it fails, nothing else is left running
    lockgraph = await startTestLockGraph();
    recorded = await openPage(browser);
    await recorded.page.goto(`http://127.0.0.1:${lockgraph.port}/graphiql`);
  });
  after(async () => {
    await browser?.close();
    await lockgraph?.close();
  });

  it("offers every credential header and the operator header, empty, in the headers editor", async () => {
    const headers = headersEditor(recorded);
    await headers.getByText("X-LockGraph-Authorization").waitFor();
    // The editor renders spaces as no-break spaces.
    const text = ((await headers.textContent()) ?? "").replaceAll("\u00a0", " ");
    for (const name of AUTHORIZATION_HEADER_NAMES) assert.match(text, new RegExp(`"${name}": ""`));
  });

  it("runs a query with the credentials typed into the headers editor", async () => {
    await createLockGraphClient(lockgraph.url, { superOffice: "Bearer alice" }).CheckOutDocument({
      documentId: 41,
    });
    const { page } = recorded;
    await headersEditor(recorded).click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(JSON.stringify({ "X-SuperOffice-Authorization": "Bearer bob" }));
    // The editor closes brackets and quotes as they are typed: drop what it added after the cursor.
    await page.keyboard.press("ControlOrMeta+Shift+End");
    await page.keyboard.press("Delete");

    await page.getByRole("button", { name: /execute query/i }).click();

    const result = page.locator(".result-window");
    await result.getByText('"Alice"').waitFor({ timeout: 10_000 });
    assert.doesNotMatch((await result.textContent()) ?? "", /"errors"/);
  });

  it("loaded and ran without a console error or a request leaving this machine", () => {
    assert.deepEqual(recorded.consoleErrors, []);
    assert.deepEqual(recorded.requestsLeavingThisMachine(), []);
    assert.ok(
      recorded.requests.some((url) => url.endsWith("/graphql")),
      "GraphiQL sent its queries to LockGraph",
    );
  });
});
