import { sendText, type Route } from "./routes.js";

/** `/healthz`: 200 while the process runs. `/readyz`: 200 while `isReady()` says it can serve. */
export function healthRoutes(isReady: () => boolean): Route[] {
  return [
    { path: "/healthz", handle: (_req, res) => sendText(res, 200, "ok") },
    {
      path: "/readyz",
      handle: (_req, res) => (isReady() ? sendText(res, 200, "ready") : sendText(res, 503, "not ready")),
    },
  ];
}
