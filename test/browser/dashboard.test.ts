import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import {
  createLockGraphClient,
  type LockGraphClient,
  type LockGraphCredentials,
} from "../../client/index.js";
import { Provider } from "../../src/domain/providers.js";
import { ORACLE_CONTENT_WORLD } from "../../src/vendors/oracle-content/simulator.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";
import { launchBrowser, openPage, type RecordedPage } from "./support/browser.js";

const credentials = (user: string): LockGraphCredentials => ({
  referenceData: `Bearer ${user}`,
  iModels: `Bearer ${user}`,
  superOffice: `Bearer ${user}`,
  kooDrive: `Bearer ${user}`,
  kooDriveUserId: user,
  oracleContent: `Bearer ${user}`,
});

const OPERATOR_TOKEN = "dashboard-operator-token-0001";

/** The committed screenshot README shows; rewritten only on request. */
const SCREENSHOT = new URL("../../../docs/dashboard.png", import.meta.url);

/** A generous bound for a browser on a shared, loaded machine; the measured figure is in README. */
const FIRST_ROWS_BOUND_MS = 3_000;
const LIVE_BOUND_MS = 2_000;

/** The DOM globals the page functions touch (test code compiles without the DOM library). */
type PageGlobals = typeof globalThis & {
  document: {
    activeElement: { textContent: string | null } | null;
    documentElement: { scrollWidth: number };
  };
  sameDocument?: boolean;
};

const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? "";

/** The row whose header cell names the resource ("Client 7" is not "Client 75"); names have no regex metacharacters. */
const row = (page: Page, resource: string) =>
  page.locator("tbody tr").filter({ has: page.locator("th", { hasText: new RegExp(`^${resource}( |$)`) }) });

describe("the dashboard at /", () => {
  let lockgraph: TestLockGraph;
  let browser: Browser;
  let alice: LockGraphClient;
  let bob: LockGraphClient;
  let origin: string;
  const simulator = (provider: Provider) => lockgraph.simulators.url(provider);

  before(async () => {
    browser = await launchBrowser(); // first: when it fails, nothing else is left running
    lockgraph = await startTestLockGraph({ LOCKGRAPH_OPERATOR_TOKENS: OPERATOR_TOKEN });
    // The page itself talks to LockGraph directly (WebSockets too); the SDK clients go through the recording proxy.
    origin = `http://127.0.0.1:${lockgraph.port}`;
    alice = createLockGraphClient(lockgraph.url, credentials("alice"));
    bob = createLockGraphClient(lockgraph.url, credentials("bob"));
  });
  after(async () => {
    await browser?.close();
    await lockgraph?.close();
  });

  async function openDashboard(options: { width?: number; height?: number } = {}): Promise<RecordedPage> {
    const recorded = await openPage(browser, options);
    await recorded.page.goto(`${origin}/?as=alice`);
    return recorded;
  }

  /** What every test ends with: no console error, and every request went to LockGraph's own origin. */
  async function assertQuiet(recorded: RecordedPage): Promise<void> {
    assert.deepEqual(recorded.consoleErrors, []);
    const elsewhere = recorded.requests.filter((url) => new URL(url).host !== new URL(origin).host);
    assert.deepEqual(elsewhere, []);
    assert.ok(
      recorded.requests.some((url) => url.startsWith("ws://")),
      "the page subscribed over WebSocket",
    );
    await recorded.close();
  }

  it("lists alice's hold at once, then bob's new hold appears and goes without a reload", async (t) => {
    await alice.CheckOutDocument({ documentId: 71 });
    const recorded = await openDashboard();
    const { page } = recorded;

    await row(page, "Document 71").waitFor({ timeout: FIRST_ROWS_BOUND_MS });
    const firstRowsMs = await page.evaluate(
      () => performance.getEntriesByName("lockgraph:first-rows")[0]?.startTime ?? Number.NaN,
    );
    t.diagnostic(`first rows ${Math.round(firstRowsMs)} ms after navigation`);
    assert.ok(firstRowsMs < FIRST_ROWS_BOUND_MS, `first rows after ${firstRowsMs} ms`);
    assert.match(await textOf(row(page, "Document 71")), /Alice/);
    assert.equal(new URL(page.url()).search, "", "the demo user leaves the address bar");
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

    const { checkOutDocument } = await bob.CheckOutDocument({ documentId: 72 });
    let started = Date.now();
    await row(page, "Document 72").waitFor({ timeout: LIVE_BOUND_MS });
    t.diagnostic(`bob's hold appeared after ${Date.now() - started} ms`);
    assert.match(await textOf(row(page, "Document 72")), /Bob/);

    await bob.ReleaseLock({ id: checkOutDocument!.id });
    started = Date.now();
    await row(page, "Document 72").waitFor({ state: "detached", timeout: LIVE_BOUND_MS });
    t.diagnostic(`bob's hold went after ${Date.now() - started} ms`);

    assert.equal(
      await page.evaluate(() => (globalThis as PageGlobals).sameDocument === true),
      true,
      "no reload happened",
    );
    await assertQuiet(recorded);
  });

  it("releases at the vendor only once the user confirms in the dialog", async () => {
    await alice.CheckOutDocument({ documentId: 73 });
    const recorded = await openDashboard();
    const { page } = recorded;
    const deletes = async () => {
      const response = await fetch(`${simulator(Provider.SUPEROFFICE)}/__simulator/calls`);
      return ((await response.json()) as { byMethod: Record<string, number> }).byMethod.DELETE ?? 0;
    };
    const deletesBefore = await deletes();

    await page.getByRole("button", { name: /^Release Document 73 held by Alice/ }).click();
    const dialog = page.getByRole("dialog", { name: "Release Document 73?" });
    await dialog.waitFor();
    assert.match(await textOf(dialog), /SuperOffice abandons the checkout of Document 73/);
    assert.equal(await deletes(), deletesBefore, "nothing happens before the user confirms");
    await dialog.getByRole("button", { name: "Release" }).click();

    await row(page, "Document 73").waitFor({ state: "detached", timeout: LIVE_BOUND_MS });
    assert.equal(await deletes(), deletesBefore + 1);
    const atVendor = await fetch(`${simulator(Provider.SUPEROFFICE)}/api/v1/Document/73/Lock`, {
      headers: { authorization: "Bearer alice" },
    });
    assert.equal(((await atVendor.json()) as { State: string }).State, "NotCheckedOut");
    await assertQuiet(recorded);
  });

  it("renews a KooDrive lease and unreserves an Oracle file, each through its own vendor call", async () => {
    await alice.AcquireBackupLock({ module: "FOLDER" });
    const fileId = `DA${"79".padStart(42, "0")}`; // a file of the simulated world that only this test touches
    await alice.ReserveFile({ fileId });
    const koodrive = lockgraph.simulators.get(Provider.KOODRIVE);
    const oracle = lockgraph.simulators.get(Provider.ORACLE_CONTENT);
    const renewsBefore = koodrive.callsTo("PATCH", "/backup/lock").length;
    const recorded = await openDashboard();
    const { page } = recorded;

    await page.getByRole("button", { name: /^Renew Backup module folders \(100\)/ }).click();
    await page
      .getByRole("dialog", { name: "Renew Backup module folders (100)?" })
      .getByRole("button", { name: "Renew" })
      .click();
    await page.getByText("Renew: done for Backup module folders (100).").waitFor();
    assert.equal(koodrive.callsTo("PATCH", "/backup/lock").length, renewsBefore + 1);

    await page.getByRole("button", { name: new RegExp(`^Unreserve File ${fileId}`) }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Unreserve" }).click();
    await row(page, `File ${fileId}`).waitFor({ state: "detached", timeout: LIVE_BOUND_MS });
    assert.equal(oracle.callsTo("POST", `/files/${fileId}/unreserve`).length, 1);
    assert.deepEqual((await alice.FileReservations({ fileIds: [fileId] })).fileReservations, [null]);
    await assertQuiet(recorded);
  });

  it("says in words why the vendor refused a release, and the hold stays", async () => {
    const { checkOutDocument } = await bob.CheckOutDocument({ documentId: 78 });
    const recorded = await openDashboard();
    const { page } = recorded;

    await page.getByRole("button", { name: /^Release Document 78 held by Bob/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Release" }).click();

    const alert = page.getByRole("alert").filter({ hasText: "Could not release Document 78" });
    await alert.waitFor();
    assert.match(await textOf(alert), /Someone else holds it\. The document is checked out by Bob\./);
    assert.equal(await row(page, "Document 78").count(), 1);
    const { lock } = await bob.Lock({ id: checkOutDocument!.id });
    assert.equal(lock?.holder?.displayName, "Bob");
    await assertQuiet(recorded);
  });

  it("works from the keyboard: Enter opens the dialog on Cancel, Escape closes it and changes nothing", async () => {
    await alice.CheckOutDocument({ documentId: 74 });
    const recorded = await openDashboard();
    const { page } = recorded;
    const release = page.getByRole("button", { name: /^Release Document 74 held by Alice/ });

    await release.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Release Document 74?" }).waitFor();
    assert.equal(
      await page.evaluate(() => (globalThis as PageGlobals).document.activeElement?.textContent),
      "Cancel",
    );
    await page.keyboard.press("Escape");

    await page.getByRole("dialog").waitFor({ state: "detached" });
    assert.equal(
      await release.evaluate((button) => button === (globalThis as PageGlobals).document.activeElement),
      true,
    );
    const { documentLock } = await alice.DocumentLock({ documentId: 74 });
    assert.equal(documentLock?.state, "HELD");
    await assertQuiet(recorded);
  });

  it("says in words that a vendor failed, next to it, while the other vendors' rows stay", async () => {
    await alice.LockReferenceData({ clientId: 75 });
    await alice.CheckOutDocument({ documentId: 75 });
    const faults = `${simulator(Provider.REFERENCE_DATA)}/__simulator/faults`;
    await fetch(faults, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: 503, method: "GET", path: "/reference/lock" }),
    });
    try {
      const recorded = await openDashboard();
      const { page } = recorded;
      const referenceData = page.locator('.vendors li[data-provider="REFERENCE_DATA"]');

      await row(page, "Document 75").waitFor({ timeout: FIRST_ROWS_BOUND_MS });
      await referenceData.getByText(/The vendor is unavailable/).waitFor();
      assert.equal(await row(page, "Client 75").count(), 0);
      assert.match(await textOf(referenceData), /HTTP 503/, "with what LockGraph was told");
      assert.match(await textOf(page.locator('.vendors li[data-provider="SUPEROFFICE"]')), /holds? shown/);

      await fetch(faults, { method: "DELETE" });
      await row(page, "Client 75").waitFor({ timeout: 5_000 });
      await assertQuiet(recorded);
    } finally {
      await fetch(faults, { method: "DELETE" });
    }
  });

  it("fits a 375 px phone: rows become cards, nothing scrolls sideways", async () => {
    await alice.CheckOutDocument({ documentId: 76 });
    const recorded = await openDashboard({ width: 375, height: 740 });
    const { page } = recorded;

    await row(page, "Document 76").waitFor();
    assert.ok(
      await page.evaluate(() => (globalThis as PageGlobals).document.documentElement.scrollWidth <= 375),
    );
    const button = await page.getByRole("button", { name: /^Release Document 76/ }).boundingBox();
    assert.ok(button && button.x >= 0 && button.x + button.width <= 375, JSON.stringify(button));
    assert.equal(await page.getByRole("columnheader").count(), 7, "column headers stay for screen readers");
    await assertQuiet(recorded);
  });

  it("signs in with credentials typed per vendor, kept in sessionStorage; an operator's page hears of new holds", async () => {
    const recorded = await openPage(browser);
    const { page } = recorded;
    await page.goto(`${origin}/`);
    await page.getByText("Not signed in").waitFor();

    await page.getByLabel("SuperOffice credential").fill("Bearer carol");
    await page.getByLabel("Operator token").fill(OPERATOR_TOKEN);
    await page.getByRole("button", { name: "Save credentials" }).click();
    await page.getByText("Signed in with your credentials").waitFor();
    const referenceData = page.locator('.vendors li[data-provider="REFERENCE_DATA"]');
    assert.match(await textOf(referenceData), /No credential: its holds are left out/);

    // An operator's subscription is unfiltered and its polling slow (15 s): the event brings the row.
    await bob.CheckOutDocument({ documentId: 77 });
    await row(page, "Document 77").waitFor({ timeout: LIVE_BOUND_MS });

    const stored = await page.evaluate(() => {
      const { sessionStorage, localStorage } = globalThis as unknown as {
        sessionStorage: {
          length: number;
          key(i: number): string | null;
          getItem(key: string): string | null;
        };
        localStorage: { length: number };
      };
      const key = sessionStorage.key(0) ?? "";
      return {
        entries: sessionStorage.length,
        value: sessionStorage.getItem(key),
        local: localStorage.length,
      };
    });
    assert.equal(stored.entries, 1);
    assert.match(stored.value ?? "", /Bearer carol/);
    assert.equal(stored.local, 0, "nothing in localStorage");
    assert.deepEqual(
      recorded.requests.filter((url) => /carol|operator-token/.test(url)),
      [],
      "no credential in a URL",
    );

    await page.reload();
    await row(page, "Document 77").waitFor({ timeout: FIRST_ROWS_BOUND_MS });
    await page.getByText("Credentials", { exact: true }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("Not signed in").waitFor();
    assert.equal(
      await page.evaluate(
        () => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length,
      ),
      0,
    );
    await assertQuiet(recorded);
  });

  it("refuses ?as= sign-in when a vendor is real, and keeps nothing", async () => {
    const partly = await startTestLockGraph({
      LOCKGRAPH_REFERENCE_DATA_URL: simulator(Provider.REFERENCE_DATA),
    });
    const recorded = await openPage(browser);
    const { page } = recorded;
    try {
      await page.goto(`http://127.0.0.1:${partly.port}/?as=alice`);

      await page
        .getByRole("alert")
        .getByText(/works only when every vendor is simulated/)
        .waitFor();
      await page.getByText("Not signed in").waitFor();
      assert.equal(new URL(page.url()).search, "");
      const stored = await page.evaluate(
        () => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length,
      );
      assert.equal(stored, 0);
      assert.deepEqual(recorded.consoleErrors, []);
    } finally {
      await recorded.close();
      await partly.close();
    }
  });

  it("shows holds at all five vendors with their history, filters them; LOCKGRAPH_UPDATE_SCREENSHOT=1 rewrites docs/dashboard.png", async () => {
    await alice.LockReferenceData({ clientId: 7 });
    await alice.AcquireIModelLocks({
      input: { iModelId: "demo-imodel", briefcaseId: 2, level: "EXCLUSIVE", objectIds: ["0x20000000a1"] },
    });
    await bob.CheckOutDocument({ documentId: 42 });
    await alice.AcquireBackupLock({ module: "ALBUM" });
    await alice.ReserveFile({ fileId: ORACLE_CONTENT_WORLD.sharedFileId });
    const recorded = await openDashboard({ width: 1280, height: 860 });
    const { page } = recorded;

    for (const resource of [
      "Client 7",
      "iModel demo-imodel",
      "Document 42",
      "Backup module albums",
      `File ${ORACLE_CONTENT_WORLD.sharedFileId}`,
    ])
      await row(page, resource).waitFor({ timeout: FIRST_ROWS_BOUND_MS });
    assert.match(
      await textOf(row(page, "Backup module albums")),
      /min \d+ s left/,
      "KooDrive's lease counts down",
    );
    assert.equal(await page.getByRole("table", { name: /Holds you may see/ }).count(), 1);

    await page.getByRole("button", { name: "History of Document 42" }).click();
    const history = page.getByRole("region", { name: /History of Document 42/ });
    await history.getByText(/Taken through LockGraph by Bob/).waitFor();

    if (process.env.LOCKGRAPH_UPDATE_SCREENSHOT === "1")
      await writeFile(SCREENSHOT, await page.screenshot({ fullPage: true }));

    await page.getByLabel("Holder").fill("bob");
    await row(page, "Client 7").waitFor({ state: "detached" });
    assert.equal(await row(page, "Document 42").count(), 1, "bob's hold stays");
    await page.getByLabel("Holder").fill("");
    await page.getByLabel("Vendor", { exact: true }).selectOption("KOODRIVE");
    await row(page, "Document 42").waitFor({ state: "detached" });
    await row(page, "Backup module albums").waitFor(); // a new vendor filter is a new query
    const vendors = await page.locator('tbody td[data-label="Vendor"]').allTextContents();
    assert.deepEqual(new Set(vendors), new Set(["Huawei KooDrive"]));
    await page.getByLabel("State").selectOption("EXPIRED");
    await page.getByText("No holds match.").waitFor();
    await assertQuiet(recorded);
  });
});
