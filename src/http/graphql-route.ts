import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from "@apollo/server";
import type { Context } from "../context.js";
import { Cancellation } from "../vendors/cancellation.js";
import type { Cors } from "./cors.js";
import { PayloadTooLarge, readBody } from "./read-body.js";
import { sendJsonError, type Route } from "./routes.js";

export interface GraphQLRouteOptions {
  apollo: ApolloServer<Context>;
  /** Builds one request's context from its headers; `cancellation` is cancelled when the caller disconnects. */
  context(headers: HeaderMap, cancellation: Cancellation): Context;
  maxBodyBytes: number;
  /** Told when a request hits a limit (logged, rate-limited). */
  onLimit?(limit: string, what: string): void;
  cors: Cors;
}

/** `/graphql`: the body read within its limit, then Apollo Server with a per-request context. */
export function graphqlRoute({ apollo, context, maxBodyBytes, onLimit, cors }: GraphQLRouteOptions): Route {
  return {
    path: "/graphql",
    async handle(req, res, url) {
      if (cors.answerPreflight(req, res)) return;
      const corsHeaders = cors.responseHeaders(req.headers.origin);
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const tooLarge =
        `The request body is larger than ${maxBodyBytes} bytes (LOCKGRAPH_MAX_BODY_BYTES): ` +
        "send fewer ids per request, or have the server's LOCKGRAPH_MAX_BODY_BYTES raised.";
      // A declared length over the limit is refused before a byte of the body is read.
      if (Number(req.headers["content-length"] ?? 0) > maxBodyBytes) {
        onLimit?.("max_body", `a declared body over LOCKGRAPH_MAX_BODY_BYTES (${maxBodyBytes})`);
        res.setHeader("connection", "close");
        return sendJsonError(res, 413, tooLarge, corsHeaders);
      }
      let text: string;
      try {
        text = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof PayloadTooLarge) {
          onLimit?.("max_body", `a body over LOCKGRAPH_MAX_BODY_BYTES (${maxBodyBytes})`);
          return sendJsonError(res, 413, tooLarge, corsHeaders);
        }
        throw error;
      }
      let body: unknown = text;
      if (/^application\/(graphql-response\+)?json\b/i.test(headers.get("content-type") ?? "") && text) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendJsonError(res, 400, "The request body is not valid JSON.", corsHeaders);
        }
      }
      // A caller who goes away before the answer cancels its outstanding reads (not acquires).
      const gone = new Cancellation();
      res.once("close", () => {
        if (!res.writableFinished) gone.cancel();
      });
      const method = (req.method ?? "GET").toUpperCase();
      const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => context(headers, gone),
      });

      const outHeaders: Record<string, string | number> = { ...corsHeaders };
      for (const [name, value] of response.headers) outHeaders[name] = value;
      if (response.body.kind === "complete") {
        // A known length spares chunked encoding: one socket write instead of a corked writev.
        outHeaders["content-length"] = Buffer.byteLength(response.body.string);
        res.writeHead(response.status ?? 200, outHeaders);
        res.end(response.body.string);
        return;
      }
      res.writeHead(response.status ?? 200, outHeaders);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    },
  };
}
