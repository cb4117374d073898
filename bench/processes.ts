import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

export interface Started {
  child: ChildProcess;
  /** The first line the process printed on stdout, when asked to wait for it. */
  firstLine: string;
  stop(): Promise<void>;
}

/**
 * Starts a Node script. With `waitForLine`, waits for its first stdout line (the bench's
 * own helpers print where they listen); LockGraph is waited for on /readyz instead.
 */
export async function startNode(
  script: string,
  env: Record<string, string>,
  options: { nodeArgs?: string[]; waitForLine?: boolean } = {},
): Promise<Started> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const firstLine =
    options.waitForLine === false
      ? ""
      : await new Promise<string>((resolve, reject) => {
          lines.once("line", resolve);
          child.once("exit", (code) =>
            reject(new Error(`${script} exited with ${code} before it was ready`)),
          );
        });
  lines.on("line", () => undefined);
  return {
    child,
    firstLine,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The simulators' URLs (`{"PROVIDER": url}`, as bench/simulators.ts prints them) as LockGraph's LOCKGRAPH_<PROVIDER>_URL variables. */
export function vendorUrlEnv(urls: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(urls).map(([provider, url]) => [`LOCKGRAPH_${provider}_URL`, url]),
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

export async function waitForReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url} never became ready`);
}
