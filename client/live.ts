import { print } from "graphql";
import { createClient, type Client, type ClientOptions } from "graphql-ws";
import { credentialHeaders, OPERATOR_HEADER, type LockGraphCredentials } from "./authorization.js";
import {
  HoldEventsDocument,
  type HoldEventsSubscription,
  type HoldEventsSubscriptionVariables,
} from "./subscriptions.js";

export type { HoldEventsSubscription, HoldEventsSubscriptionVariables } from "./subscriptions.js";

/** One event as the HoldEvents operation selects it. */
export type LiveHoldEvent = HoldEventsSubscription["holdEvents"];

export interface LiveClientOptions {
  credentials?: LockGraphCredentials;
  /** A token from LOCKGRAPH_OPERATOR_TOKENS: operators may subscribe to anything, unfiltered included. */
  operatorToken?: string;
  /** Node 20 has no global WebSocket: pass `WebSocket` from the `ws` package. Browsers need nothing. */
  webSocketImpl?: unknown;
  /** Reconnect attempts after a dropped connection (default 5); each resumes after the last event delivered. */
  retryAttempts?: number;
  /** Anything else graphql-ws's client takes. */
  client?: Partial<ClientOptions>;
}

export interface HoldEventHandlers {
  next(event: LiveHoldEvent): void;
  /** The subscription failed for good: GraphQL errors (FORBIDDEN, UNAUTHENTICATED...) or a close event. */
  error?(error: unknown): void;
  complete?(): void;
}

/**
 * Live events over graphql-ws, in Node and in browsers. `http(s)://…/graphql` becomes
 * `ws(s)://…/graphql`; credentials travel in connection_init under the HTTP header names.
 */
export function createLockGraphLiveClient(url: string, options: LiveClientOptions = {}) {
  const client: Client = createClient({
    url: url.replace(/^http/, "ws"),
    connectionParams: {
      ...credentialHeaders(options.credentials ?? {}),
      ...(options.operatorToken ? { [OPERATOR_HEADER]: `Bearer ${options.operatorToken}` } : {}),
    },
    retryAttempts: options.retryAttempts ?? 5,
    ...(options.webSocketImpl === undefined ? {} : { webSocketImpl: options.webSocketImpl }),
    ...options.client,
  });

  return {
    /**
     * Subscribes; returns the function that ends the subscription. After a reconnect the
     * client asks again with afterEventId set to the last event delivered, so the stream
     * goes on with no gap and nothing twice.
     */
    holdEvents(variables: HoldEventsSubscriptionVariables, handlers: HoldEventHandlers): () => void {
      // graphql-ws serialises this payload at every (re)send: moving afterEventId here moves the resume point.
      const resumable = { ...variables };
      const payload = { query: print(HoldEventsDocument), variables: resumable, operationName: "HoldEvents" };
      return client.subscribe<HoldEventsSubscription>(payload, {
        next(result) {
          if (result.errors?.length && !result.data) return handlers.error?.(result.errors);
          if (!result.data) return;
          resumable.afterEventId = result.data.holdEvents.id;
          handlers.next(result.data.holdEvents);
        },
        error: (error) => handlers.error?.(error),
        complete: () => handlers.complete?.(),
      });
    },
    /** Closes the WebSocket and ends every subscription. */
    dispose: () => client.dispose(),
    /** The underlying graphql-ws client, for its events (connected, closed...). */
    client,
  };
}

export type LockGraphLiveClient = ReturnType<typeof createLockGraphLiveClient>;
