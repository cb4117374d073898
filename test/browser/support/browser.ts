import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Debian's Chromium (`.ci/run` installs it): Playwright's own browser downloads are not
 * reachable here. The host resolver rule makes every name but the loopback ones unresolvable,
 * so a page that reached for a CDN would fail, and the recorded requests show it.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.LOCKGRAPH_TEST_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new Error(
      `The browser tests need Chromium at ${executablePath}: install Debian's (apt-get install chromium), ` +
        "or point LOCKGRAPH_TEST_CHROMIUM at another Chromium.",
    );
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A page whose console errors and requests (workers' included) are recorded for assertions. */
export interface RecordedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, in order. */
  consoleErrors: string[];
  /** Every URL the page and its workers requested (WebSocket connections included). */
  requests: string[];
  /** Requests to anywhere but this machine's loopback names. */
  requestsLeavingThisMachine(): string[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number } = {},
): Promise<RecordedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  context.on("request", (request) => requests.push(request.url()));
  page.on("websocket", (socket) => requests.push(socket.url()));
  page.on("worker", (worker) => {
    requests.push(worker.url());
    worker.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`worker: ${message.text()}`);
    });
  });
  return {
    page,
    context,
    consoleErrors,
    requests,
    requestsLeavingThisMachine: () =>
      requests.filter((url) => {
        const parsed = new URL(url);
        return !["data:", "blob:"].includes(parsed.protocol) && !LOCAL_HOSTS.has(parsed.hostname);
      }),
    close: () => context.close(),
  };
}
