import { createHash } from "node:crypto";
import { Simulator, tokenOf, type SimRequest, type SimResponse } from "../simulator.js";

/**
 * SuperOffice document checkout (docs/vendors.md §3, seed 002): `/api/v1/Document/{id}/Lock`
 * with GET (state), POST (check out), PUT (check in), DELETE (undo checkout).
 * Documented: the verbs, PluginResponse and the error body. Assumed (docs/vendors.md): a plugin
 * refuses with `200` `Success: false`, `Type: "Message"` - on checking out another user's
 * checkout or a document whose plugin cannot lock, and on checking in or undoing a checkout
 * that is not the caller's.
 * Simulated documents: 1-999 exist; 900-949 are stored by a plugin that cannot lock; any
 * other id is unknown (SoNotFoundException). Each user (the token text) is one associate.
 * SuperOffice documents the error body, not every ErrorType: `SoAuthenticationException` for
 * a 401 is this simulator's name.
 */
export function createSuperOfficeSimulator(): Simulator {
  const checkouts = new Map<number, string>();
  const versions = new Map<number, number>();

  const error = (status: number, ErrorType: string, ErrorMessage: string): SimResponse => ({
    status,
    body: { Error: true, ErrorType, ErrorMessage, ErrorSource: "SuperOffice.CRM.Services.DocumentAgent" },
  });

  const pluginAnswer = (documentId: number, Success: boolean, Value = ""): SimResponse => ({
    status: 200,
    body: {
      ExternalReference: `doc-${documentId}`,
      VersionId: String(versions.get(documentId) ?? 1),
      Success,
      Type: Success ? "None" : "Message",
      Value,
      AdditionalInfo: "",
    },
  });

  /** Why a plugin refuses to change a checkout the caller does not hold. */
  function refusal(documentId: number): SimResponse {
    const holder = checkouts.get(documentId);
    if (holder)
      return pluginAnswer(documentId, false, `The document is checked out by ${associate(holder).Name}.`);
    return pluginAnswer(documentId, false, "The document is not checked out.");
  }

  /** Runs a handler with the authenticated user and a known document, or answers the error. */
  const guarded =
    (handle: (user: string, documentId: number) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      const user = tokenOf(request.headers.authorization);
      if (!user)
        return error(
          401,
          "SoAuthenticationException",
          "Authentication failed: no valid Basic, SoTicket or Bearer credential.",
        );
      const documentId = Number(request.params.documentId);
      if (!(Number.isInteger(documentId) && documentId >= 1 && documentId <= 999)) {
        return error(404, "SoNotFoundException", `Document with id ${request.params.documentId} not found`);
      }
      if (documentId >= 900 && documentId <= 949) return lockingNotSupported(documentId, request.method);
      return handle(user, documentId);
    };

  function lockingNotSupported(documentId: number, method: string): SimResponse {
    if (method === "GET")
      return { status: 200, body: { State: "LockingNotSupported", AssociateId: 0, Name: "" } };
    return pluginAnswer(documentId, false, "Checkout is not supported by this document plugin.");
  }

  const pattern = /^\/api\/v1\/Document\/(?<documentId>[^/]+)\/Lock$/;
  return new Simulator("superoffice", [
    {
      method: "GET",
      pattern,
      handle: guarded((user, documentId) => {
        const holder = checkouts.get(documentId);
        if (!holder) return { status: 200, body: { State: "NotCheckedOut", AssociateId: 0, Name: "" } };
        return {
          status: 200,
          body: { State: holder === user ? "CheckedOutOwn" : "CheckedOutOther", ...associate(holder) },
        };
      }),
    },
    {
      method: "POST",
      pattern,
      handle: guarded((user, documentId) => {
        const holder = checkouts.get(documentId);
        if (holder && holder !== user) return refusal(documentId);
        checkouts.set(documentId, user);
        return pluginAnswer(documentId, true);
      }),
    },
    {
      method: "PUT",
      pattern,
      handle: guarded((user, documentId) => {
        if (checkouts.get(documentId) !== user) return refusal(documentId);
        checkouts.delete(documentId);
        versions.set(documentId, (versions.get(documentId) ?? 1) + 1);
        return pluginAnswer(documentId, true);
      }),
    },
    {
      method: "DELETE",
      pattern,
      handle: guarded((user, documentId) => {
        if (checkouts.get(documentId) !== user) return refusal(documentId);
        checkouts.delete(documentId);
        return pluginAnswer(documentId, true);
      }),
    },
  ]);
}

/** A user's associate: a stable id and name derived from the user, so alice and bob always differ. */
export function associate(user: string): { AssociateId: number; Name: string } {
  const AssociateId = 100 + (createHash("sha256").update(user).digest().readUInt32BE(0) % 900_000);
  return { AssociateId, Name: user.charAt(0).toUpperCase() + user.slice(1) };
}
