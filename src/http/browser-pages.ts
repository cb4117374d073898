import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Route } from "./routes.js";

/** Where `npm run build` puts the Vite output (dashboard/vite.config.ts). */
const BUILT_PAGES = fileURLToPath(new URL("../../dashboard/", import.meta.url));

const HTML = "text/html; charset=utf-8";
const JSON_TYPE = "application/json";

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": JSON_TYPE,
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ttf": "font/ttf",
  ".woff2": "font/woff2",
};

/**
 * Every script, style, font and worker is LockGraph's own, so the pages work without
 * internet and a page cannot be made to load anything from elsewhere. Styles allow inline:
 * GraphiQL's editor (Monaco) injects its styles at run time.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Asset names carry a content hash, so a browser may keep them for good. */
const ASSET = /^\/assets\/[\w.-]+$/;

export interface BrowserPagesOptions {
  /** Every provider runs on its embedded simulator: the dashboard may offer `/?as=<user>`. */
  demo: boolean;
  /** The built pages; by default what `npm run build` wrote. */
  directory?: string;
}

/**
 * The built browser pages: the dashboard at `/`, GraphiQL at `/graphiql`, their hashed
 * assets under `/assets/`, and `/dashboard/config.json`, which tells the dashboard whether it
 * runs in demo mode. Files are read once and kept in memory: they change only with a new
 * build, which means a new process.
 */
export function browserPageRoutes({ demo, directory = BUILT_PAGES }: BrowserPagesOptions): Route[] {
  const files = new FileCache(directory);
  const dashboardConfig = Buffer.from(JSON.stringify({ demo }));
  const page = (path: string, file: string): Route => ({
    path,
    async handle(req, res) {
      if (!onlyGet(req, res)) return;
      const sent = await sendFile(req, res, files, file, HTML, {
        "cache-control": "no-cache",
        "content-security-policy": CONTENT_SECURITY_POLICY,
      });
      if (!sent) send(res, 503, TEXT, Buffer.from(NOT_BUILT));
    },
  });
  return [
    page("/", "index.html"),
    page("/graphiql", "graphiql.html"),
    {
      path: "/dashboard/config.json",
      handle(req, res) {
        if (onlyGet(req, res)) send(res, 200, JSON_TYPE, dashboardConfig, { "cache-control": "no-cache" });
      },
    },
    {
      path: "/assets/",
      prefix: true,
      async handle(req, res, url) {
        if (!onlyGet(req, res)) return;
        const type = CONTENT_TYPES[extname(url.pathname)] ?? "application/octet-stream";
        const immutable = { "cache-control": "public, max-age=31536000, immutable" };
        const sent =
          ASSET.test(url.pathname) &&
          (await sendFile(req, res, files, url.pathname.slice(1), type, immutable));
        if (!sent) send(res, 404, TEXT, Buffer.from("not found"));
      },
    },
  ];
}

const TEXT = "text/plain; charset=utf-8";
const NOT_BUILT = "The browser pages are not built: run `npm run build`, then start LockGraph again.";

function onlyGet(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD") return true;
  send(res, 405, TEXT, Buffer.from("Only GET and HEAD are served here."), { allow: "GET, HEAD" });
  return false;
}

/** Sends the file, gzipped when the browser accepts it (the build writes `<file>.gz` beside each); false when there is none. */
async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  files: FileCache,
  file: string,
  contentType: string,
  headers: Record<string, string>,
): Promise<boolean> {
  const plain = await files.read(file);
  if (!plain) return false;
  const gzipped = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")
    ? await files.read(`${file}.gz`)
    : undefined;
  send(res, 200, contentType, gzipped ?? plain, {
    ...headers,
    vary: "Accept-Encoding",
    ...(gzipped ? { "content-encoding": "gzip" } : {}),
  });
  return true;
}

class FileCache {
  private readonly files = new Map<string, Promise<Buffer | undefined>>();

  constructor(private readonly directory: string) {}

  read(file: string): Promise<Buffer | undefined> {
    let content = this.files.get(file);
    if (!content) {
      content = readFile(this.directory + file).catch((error: NodeJS.ErrnoException) => {
        // Only found files stay cached: a stream of made-up asset names must not grow memory.
        this.files.delete(file);
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
      this.files.set(file, content);
    }
    return content;
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": body.length,
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(body);
}
