import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * One HTTP route: a path and its handler. src/http/server.ts serves a list of these; a new
 * route is one more entry there (see health.ts for the smallest example).
 */
export interface Route {
  path: string;
  /** Serves every path that starts with `path` (which then ends in "/"), not only `path` itself. */
  prefix?: boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = "text/plain; charset=utf-8",
): void {
  res.writeHead(status, { "content-type": contentType });
  res.end(text);
}

export function sendJsonError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] }));
}
