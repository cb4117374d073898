import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../bench/processes.js";

export interface Backend {
  name: string;
  port: number;
}

export interface HealthCheck {
  /** How often HAProxy asks each replica's /readyz. */
  intervalMs: number;
  /** Failed checks in a row before a replica is taken out; one, so a draining replica leaves within `intervalMs`. */
  fall: number;
  /** Good checks in a row before a replica (back) in. */
  rise: number;
}

/** Fast enough that a test sees a replica leave within a few hundred milliseconds; docs/deploy.md has production values. */
export const TEST_HEALTH_CHECK: HealthCheck = { intervalMs: 200, fall: 1, rise: 2 };

/**
 * HAProxy's configuration for LockGraph replicas on loopback (docs/deploy.md explains each line):
 * round robin over the replicas that pass `GET /readyz`; `http-server-close` so that no idle
 * server connection can be closed under a request by a draining replica; retries, on the other
 * replica (`redispatch`), only of requests no replica processed: a failed connection, or the
 * 503 a draining replica answers before it would start one (acquires are not idempotent, so
 * nothing else is replayed); WebSocket tunnels kept for an hour.
 */
export function haproxyConfig(
  frontendPort: number,
  statsPort: number,
  backends: readonly Backend[],
  check: HealthCheck = TEST_HEALTH_CHECK,
): string {
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout http-request 10s
  timeout queue 5s
  # A slow /readyz on a busy machine is not a failure; a 503 or a refused connection is.
  timeout check 2s
  timeout tunnel 1h
  timeout client-fin 5s
  option http-server-close
  retries 3
  retry-on conn-failure 503
  option redispatch 1

frontend lockgraph
  bind 127.0.0.1:${frontendPort}
  default_backend replicas

frontend stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats

backend replicas
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter ${check.intervalMs}ms fastinter ${check.intervalMs}ms downinter ${check.intervalMs}ms fall ${check.fall} rise ${check.rise}
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`).join("\n")}
`;
}

export interface ServerStatus {
  name: string;
  /** HAProxy's word: UP, DOWN, MAINT, "UP 1/2" while rising... */
  status: string;
  /** Sessions (requests, with http-server-close) HAProxy has sent it so far. */
  sessions: number;
}

export interface LoadBalancer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  port: number;
  servers(): Promise<ServerStatus[]>;
  /** Waits until every named server has the status (all servers when none are named). */
  waitFor(status: "UP" | "DOWN", names?: string[], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts HAProxy (Debian's `haproxy` package) in the foreground with a generated configuration. */
export async function startLoadBalancer(
  backends: readonly Backend[],
  check: HealthCheck = TEST_HEALTH_CHECK,
): Promise<LoadBalancer> {
  const [port, statsPort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), "lockgraph-haproxy-"));
  const file = join(dir, "haproxy.cfg");
  await writeFile(file, haproxyConfig(port, statsPort, backends, check));
  const child: ChildProcess = spawn("haproxy", ["-db", "-f", file], { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  let running = true;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (error) => {
      output.push(`${error.message} (is Debian's haproxy package installed?)\n`);
      resolve();
    });
  }).then(() => {
    running = false;
  });

  async function servers(): Promise<ServerStatus[]> {
    const csv = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text();
    const [header, ...rows] = csv.replace(/^# /, "").trim().split("\n");
    const columns = header!.split(",");
    const at = (row: string[], column: string) => row[columns.indexOf(column)] ?? "";
    return rows
      .map((line) => line.split(","))
      .filter(
        (row) => at(row, "pxname") === "replicas" && !["FRONTEND", "BACKEND"].includes(at(row, "svname")),
      )
      .map((row) => ({
        name: at(row, "svname"),
        status: at(row, "status"),
        sessions: Number(at(row, "stot")),
      }));
  }

  const balancer: LoadBalancer = {
    base: `http://127.0.0.1:${port}`,
    port,
    servers,
    async waitFor(status, names = backends.map((b) => b.name), timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last: ServerStatus[] = [];
      while (Date.now() < deadline) {
        last = await servers().catch(() => []);
        if (names.every((name) => last.find((s) => s.name === name)?.status === status)) return;
        await sleep(50);
      }
      throw new Error(
        `HAProxy never saw ${names.join(", ")} ${status}: ${JSON.stringify(last)}\n${output.join("")}`,
      );
    },
    async close() {
      if (running) child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
  // HAProxy has no "ready" line in the foreground: its stats page answering is the sign.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (!running || Date.now() > deadline) {
      await balancer.close();
      throw new Error(`HAProxy did not start:\n${output.join("")}`);
    }
    if (
      await servers().then(
        () => true,
        () => false,
      )
    )
      return balancer;
    await sleep(50);
  }
}
