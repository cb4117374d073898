import { Simulator, tokenOf, type SimRequest, type SimResponse } from "../simulator.js";

/**
 * The reference-data lock API (docs/vendors.md §1, seed 000): one lock per client.
 * Documented: DELETE and its error bodies. Assumed (docs/vendors.md): POST to acquire, GET
 * for status, 404 for an unknown client. Simulated clients: 1-899 exist; 900-999 exist
 * but deny everyone (403); any other id is unknown (404).
 */
export function createReferenceDataSimulator(): Simulator {
  const locks = new Map<number, { lockedBy: string; lockedAt: string }>();

  const error = (status: number, message: string, details: string): SimResponse => ({
    status,
    body: { status: "error", code: status, message, details },
  });

  /** The 401 shapes: the Symfony JWT bundle's bare body when no token came, the API's envelope when it is unusable. */
  function authenticate(request: SimRequest): string | SimResponse {
    const header = request.headers.authorization;
    if (!header) return { status: 401, body: { code: 401, message: "JWT Token not found" } };
    const user = tokenOf(header, /^Bearer /);
    return user ?? error(401, "Authentication failed", "JWT token not found");
  }

  function client(request: SimRequest): number | SimResponse {
    const clientId = Number(request.params.clientId);
    if (!(clientId >= 1 && clientId <= 999))
      return error(404, "Not Found", `Client ${request.params.clientId} not found`);
    if (clientId >= 900) return error(403, "Access denied", "Insufficient permissions");
    return clientId;
  }

  /** Runs a handler with the authenticated user and a known client, or answers the error. */
  const guarded =
    (handle: (user: string, clientId: number) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      const user = authenticate(request);
      if (typeof user !== "string") return user;
      const clientId = client(request);
      return typeof clientId === "number" ? handle(user, clientId) : clientId;
    };

  const status = (clientId: number) => {
    const lock = locks.get(clientId);
    return lock ? { clientId, locked: true, ...lock } : { clientId, locked: false };
  };

  const pattern = /^\/api\/v2\/clients\/(?<clientId>[^/]+)\/reference\/lock$/;
  return new Simulator("reference-data", [
    {
      method: "GET",
      pattern,
      handle: guarded((_user, clientId) => ({ status: 200, body: status(clientId) })),
    },
    {
      method: "POST",
      pattern,
      handle: guarded((user, clientId) => {
        const held = locks.get(clientId);
        if (held && held.lockedBy !== user) return error(409, "Conflict", "Locking conflict");
        if (!held) locks.set(clientId, { lockedBy: user, lockedAt: new Date().toISOString() });
        return { status: 201, body: status(clientId) };
      }),
    },
    {
      method: "DELETE",
      pattern,
      handle: guarded((user, clientId) => {
        const held = locks.get(clientId);
        if (held && held.lockedBy !== user) return error(409, "Conflict", "Locking conflict");
        locks.delete(clientId);
        return { status: 204 };
      }),
    },
  ]);
}
