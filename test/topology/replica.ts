import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, waitForReady } from "../../bench/processes.js";

const ENTRY = fileURLToPath(new URL("../../src/index.js", import.meta.url));

/** One LockGraph process as `npm start` runs it (the compiled dist/src/index.js), on a loopback port of its own. */
export interface Replica {
  name: string;
  port: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** What it wrote to stdout and stderr so far, to explain a failure. */
  output(): string;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function startReplica(
  name: string,
  env: Record<string, string>,
  { readyWithinMs = 30_000 }: { readyWithinMs?: number } = {},
): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const replica: Replica = {
    name,
    port,
    base: `http://127.0.0.1:${port}`,
    child,
    exited,
    output: () => chunks.join(""),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const ready = waitForReady(`${replica.base}/readyz`, readyWithinMs);
  const died = exited.then((code) => {
    throw new Error(`replica ${name} exited (${code}) before it was ready:\n${replica.output()}`);
  });
  try {
    await Promise.race([ready, died]);
  } catch (error) {
    await replica.stop("SIGKILL");
    throw error;
  }
  died.catch(() => undefined); // a later exit is the caller's business (SIGTERM tests wait on `exited`)
  return replica;
}
