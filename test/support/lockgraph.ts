import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { request as send, type Dispatcher } from "undici";
import { loadConfig } from "../../src/config.js";
import { testLedgerEnv } from "./databases.js";
import { CREDENTIAL_HEADERS } from "../../src/vendors/registry.js";
import { bareToken } from "../../src/vendors/upstream-errors.js";
import { createLogger } from "../../src/logger.js";
import { startLockGraph, type LockGraph } from "../../src/http/server.js";

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{
    message: string;
    path?: Array<string | number>;
    extensions: Record<string, unknown> & { code: string };
  }>;
}

export interface TestLockGraph extends LockGraph {
  /** POSTs one operation to /graphql with the given headers. */
  request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  /** Every log line LockGraph wrote so far. */
  logLines: string[];
}

/**
 * The whole server on an ephemeral port, every provider on its embedded simulator.
 * Callers reach it through a recording proxy: on `close()` every response body and every
 * log line is scanned for every credential any request sent, and a leak fails the suite.
 */
export async function startTestLockGraph(env: Record<string, string> = {}): Promise<TestLockGraph> {
  const config = loadConfig({
    ...(env.LOCKGRAPH_DATABASE_URL || env.LOCKGRAPH_DATA_DIR ? {} : await testLedgerEnv()),
    PORT: "0",
    LOCKGRAPH_UPSTREAM_TIMEOUT_MS: "500",
    LOCKGRAPH_BREAKER_RESET_MS: "200",
    ...env,
  });
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString("utf8"));
      done();
    },
  });
  const lockgraph = await startLockGraph(config, createLogger("debug", logSink));
  const recorder = await startRecordingProxy(lockgraph.url);
  const url = recorder.url;

  return {
    ...lockgraph,
    url,
    logLines,
    async request(query, variables, headers = {}) {
      // undici's keep-alive request rather than fetch: the fuzz and fault suites send
      // thousands, and fetch's WHATWG layers doubled their CPU time.
      const response = await send(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.statusCode, ...((await response.body.json()) as object) };
    },
    async close() {
      await recorder.close();
      // The metrics too: a label built from anything vendor- or caller-written could carry a secret.
      const metrics = await fetch(new URL("/metrics", lockgraph.url)).then((r) => r.text());
      await lockgraph.close();
      assertNoCredentialIn([...recorder.responses, ...logLines, metrics], recorder.credentials);
    },
  };
}

/** A text in each encoding a vendor or a bug could give it: raw, URL- and form-encoded, base64 and base64url. */
export function encodedForms(text: string): string[] {
  const base64 = Buffer.from(text, "utf8").toString("base64").replace(/=+$/, "");
  return [
    text,
    encodeURIComponent(text),
    new URLSearchParams({ s: text }).toString().slice(2),
    base64,
    Buffer.from(text, "utf8").toString("base64url"),
  ];
}

/**
 * What a leak of one credential can look like: its full value, and its bare token when long
 * enough not to be a user name (under KooDrive's `Bearer+` too), and a Basic credential's
 * decoded `user:password` - each in every encoded form.
 */
export function credentialNeedles(credential: string): string[] {
  const texts = [credential];
  const token = bareToken(credential);
  if (token.length >= 12) texts.push(token, `Bearer+${token}`);
  if (/^basic /i.test(credential)) {
    const pair = Buffer.from(token, "base64").toString("utf8");
    if (pair.includes(":")) texts.push(pair);
  }
  return [...new Set(texts.flatMap(encodedForms))];
}

/** Fails on the first credential, in any form `credentialNeedles` lists, found in any text. */
export function assertNoCredentialIn(texts: string[], credentials: Set<string>): void {
  const needles = new Set([...credentials].flatMap(credentialNeedles));
  for (const text of texts) {
    for (const needle of needles)
      assert.ok(
        !text.includes(needle),
        `a credential appeared in a response, log line or metric: ${text.slice(0, 500)}`,
      );
  }
}

interface RecordingProxy {
  url: string;
  responses: string[];
  credentials: Set<string>;
  close(): Promise<void>;
}

async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const responses: string[] = [];
  const credentials = new Set<string>();
  const secretHeaders: string[] = [...Object.values(CREDENTIAL_HEADERS), "cookie", "authorization"];
  const server: Server = createServer((req, res) => {
    forward(req).then(
      ({ status, headers, text }) => {
        responses.push(text);
        res.writeHead(status, headers);
        res.end(text);
      },
      () => res.destroy(),
    );
  });

  async function forward(req: IncomingMessage) {
    for (const name of secretHeaders) {
      const value = req.headers[name];
      if (typeof value === "string" && value.trim()) credentials.add(value.trim());
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) =>
          !["host", "connection", "content-length", "transfer-encoding", "keep-alive"].includes(name),
      ),
    ) as Record<string, string>;
    const upstreamUrl = new URL(req.url ?? "/", target).toString();
    const method = req.method ?? "GET";
    const response = await send(upstreamUrl, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const text = await response.body.text();
    const outHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (
        value !== undefined &&
        !["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"].includes(
          name,
        )
      )
        outHeaders[name] = value;
    }
    return { status: response.statusCode, headers: outHeaders, text };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    responses,
    credentials,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
