// Monaco's editor, JSON and GraphQL workers, bundled by Vite: nothing loads from a CDN.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { AUTHORIZATION_HEADER_NAMES } from "../../../client/authorization.js";

/** Every credential header, empty, so a user fills in only the vendors they use (empty ones are ignored). */
const headers = JSON.stringify(
  Object.fromEntries(AUTHORIZATION_HEADER_NAMES.map((name) => [name, ""])),
  null,
  2,
);

const defaultQuery = `# Fill in your credentials in the Headers tab below, then run.
query DocumentHolders {
  documentLocks(documentIds: [41, 42, 43]) {
    id
    state
    holder { id displayName }
    acquiredAt
  }
}
`;

// Subscriptions travel over the same host's WebSocket; the headers go in connection_init.
const fetcher = createGraphiQLFetcher({
  url: "/graphql",
  subscriptionUrl: `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`,
});

createRoot(document.getElementById("graphiql") as HTMLElement).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    initialHeaders: headers,
    defaultHeaders: headers,
    defaultEditorToolsVisibility: "headers",
    // Credentials stay out of localStorage.
    shouldPersistHeaders: false,
  }),
);
