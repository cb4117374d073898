import type { Metrics } from "../metrics.js";
import { sendText, type Route } from "./routes.js";

/** `/metrics` in Prometheus text format. */
export function metricsRoute(metrics: Metrics): Route {
  return {
    path: "/metrics",
    handle: async (_req, res) =>
      sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType),
  };
}
