import DataLoader from "dataloader";
import { z } from "zod";
import { ErrorCode, type LockGraphError } from "../../domain/errors.js";
import { LockLevel, LockState, type Lock, type Principal, ResourceKind } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import { upstreamError } from "../upstream-errors.js";
import { pathOf, type UpstreamRequest, type UpstreamResponse } from "../http.js";
import type { LockOperations } from "../definition.js";
import { VendorAPI } from "../vendor-api.js";
import { superOfficeLockId, type SuperOfficeLockRef } from "./lock-id.js";

/** GET `/Document/{id}/Lock` (docs/vendors.md, "SuperOffice"): the state relative to the caller, and who holds a checkout. */
const checkoutInfo = z.discriminatedUnion("State", [
  z.object({
    State: z.enum(["CheckedOutOwn", "CheckedOutOther"]),
    AssociateId: z.number().int(),
    Name: z.string().nullish(),
  }),
  z.object({ State: z.enum(["NotCheckedOut", "LockingNotSupported"]) }),
]);
type CheckoutInfo = z.infer<typeof checkoutInfo>;
type CheckoutState = CheckoutInfo["State"];

/** Seed 002: what POST, PUT and DELETE answer. A `200` with `Success: false` is the plugin refusing. */
const pluginResponse = z.object({
  ExternalReference: z.string().nullish(),
  VersionId: z.string().nullish(),
  Success: z.boolean(),
  Type: z.string().nullish(),
  Value: z.string().nullish(),
  AdditionalInfo: z.string().nullish(),
});
type PluginResponse = z.infer<typeof pluginResponse>;

/** SuperOffice's error body, sent with the HTTP status (docs.superoffice.com, REST web API). */
const errorBody = z.object({
  Error: z.literal(true),
  ErrorType: z.string(),
  ErrorMessage: z.string().nullish(),
  ErrorSource: z.string().nullish(),
});

/**
 * Assumed (docs/vendors.md, "SuperOffice"): a refusal's `Value` is a human, plugin-written message, so the
 * reason is read from the checkout state the vendor reports right after it.
 */
const REFUSAL_CODES: Partial<Record<CheckoutState, ErrorCode>> = {
  CheckedOutOther: ErrorCode.LOCK_CONFLICT,
  LockingNotSupported: ErrorCode.UNSUPPORTED_OPERATION,
};

/**
 * LockGraph can relay a plugin's message to its caller but cannot show a custom GUI or
 * follow an `soprotocol:` link, so it tells the plugin so (seed 002, `allowedReturnTypes`).
 */
const ALLOWED_RETURN_TYPES = "Message";

/**
 * A call on one document's lock path. A plugin call (POST, PUT, DELETE) says whether it
 * `creates` a checkout (check-out) or `needs` the caller's existing one (check-in, undo).
 */
interface DocumentRequest extends UpstreamRequest {
  documentId: number;
  checkout?: "creates" | "needs";
}

/** SuperOffice document checkout (docs/vendors.md, "SuperOffice"): one path, four verbs; a checkout is one exclusive lock per document. */
export class SuperOfficeAPI extends VendorAPI<DocumentRequest> implements LockOperations<SuperOfficeLockRef> {
  readonly provider = Provider.SUPEROFFICE;

  /**
   * Per request, like the data source: the vendor reads one document a call, so a list asks
   * each distinct id once, all at the same time (UpstreamClient's concurrency cap limits how many run),
   * and one failing id becomes an Error in its own slot only.
   */
  private readonly locks = new DataLoader<number, Lock | null>((documentIds) =>
    Promise.all(
      documentIds.map((documentId) =>
        this.getCheckoutState(documentId).then(
          (info) => toLock(documentId, info),
          (error: Error) => error,
        ),
      ),
    ),
  );

  /** The document's checkout, or null when it is not checked out or its plugin cannot lock. */
  documentLock(documentId: number): Promise<Lock | null> {
    return this.locks.load(documentId);
  }

  /** One entry per id, in order: a lock, null, or the Error of that id alone (graphql-js nulls just that entry). */
  documentLocks(documentIds: number[]): Promise<Array<Lock | null | Error>> {
    return this.locks.loadMany(documentIds);
  }

  /** GET: who, if anyone, has the document checked out, relative to the caller. */
  async getCheckoutState(documentId: number): Promise<CheckoutInfo> {
    const response = await this.send({
      ...this.request(documentId),
      operation: "getCheckoutState",
      method: "GET",
      idempotent: true,
    });
    return this.parse(response, checkoutInfo);
  }

  /** POST: checks the document out for the caller. */
  async checkOut(documentId: number): Promise<Lock> {
    const query = { allowedReturnTypes: ALLOWED_RETURN_TYPES };
    await this.plugin(documentId, {
      operation: "checkOut",
      method: "POST",
      query,
      idempotent: false,
      checkout: "creates",
    });
    // The PluginResponse names no holder; a state read does. The checkout stands even if that read fails.
    const read = await this.locks
      .clear(documentId)
      .load(documentId)
      .catch(() => null);
    return read ?? checkoutLock(documentId, LockState.HELD);
  }

  /** PUT: checks the caller's checkout in as a new version. Not idempotent: every success is a version. */
  async checkIn(documentId: number, versionDescription?: string): Promise<Lock> {
    const query = { allowedReturnTypes: ALLOWED_RETURN_TYPES, versionDescription };
    await this.plugin(documentId, {
      operation: "checkIn",
      method: "PUT",
      query,
      idempotent: false,
      checkout: "needs",
    });
    return checkoutLock(documentId, LockState.RELEASED);
  }

  /** DELETE: abandons the caller's checkout. Not retried: a repeat after a lost answer is refused, not ignored. */
  async undoCheckOut(documentId: number): Promise<Lock> {
    await this.plugin(documentId, {
      operation: "undoCheckOut",
      method: "DELETE",
      idempotent: false,
      checkout: "needs",
    });
    return checkoutLock(documentId, LockState.RELEASED);
  }

  findLock(ref: SuperOfficeLockRef): Promise<Lock | null> {
    return this.documentLock(ref.documentId);
  }

  releaseLock(ref: SuperOfficeLockRef): Promise<Lock> {
    return this.undoCheckOut(ref.documentId);
  }

  protected toGraphQLError(response: UpstreamResponse): LockGraphError {
    const body = this.errorBody(response, errorBody);
    if (!body) return this.unreadableError(response);
    // SuperOffice may wrap a missing document in any status, so the exception type decides first.
    const code = body.ErrorType === "SoNotFoundException" ? ErrorCode.NOT_FOUND : undefined;
    return upstreamError(
      this.provider,
      response,
      { code, vendorCode: body.ErrorType, vendorMessage: body.ErrorMessage },
      this.redactor,
    );
  }

  /** A plugin call; `Success: false` inside its 200 is a failure (failureIn2xx). */
  private async plugin(
    documentId: number,
    call: Omit<DocumentRequest, "path" | "headers" | "documentId">,
  ): Promise<PluginResponse> {
    const response = await this.send({ ...this.request(documentId), ...call });
    return this.parse(response, pluginResponse);
  }

  /**
   * One extra GET, on the failure path only: it tells another holder (LOCK_CONFLICT) and a
   * plugin that cannot lock (UNSUPPORTED_OPERATION) apart. NotCheckedOut under a call that
   * needs a checkout means there is no lock to act on (NOT_FOUND); any other refusal is
   * PRECONDITION_FAILED. `upstream.code` is that state, `upstream.message` the plugin's `Value`.
   */
  protected async failureIn2xx(
    response: UpstreamResponse,
    request: DocumentRequest,
  ): Promise<LockGraphError | undefined> {
    if (!request.checkout) return undefined;
    const answer = this.errorBody(response, pluginResponse);
    if (!answer || answer.Success) return undefined;
    const { State } = await this.getCheckoutState(request.documentId);
    const missing = State === "NotCheckedOut" && request.checkout === "needs";
    const code = REFUSAL_CODES[State] ?? (missing ? ErrorCode.NOT_FOUND : ErrorCode.PRECONDITION_FAILED);
    return upstreamError(
      this.provider,
      response,
      { code, vendorCode: State, vendorMessage: answer.Value },
      this.redactor,
    );
  }

  private request(documentId: number) {
    return {
      documentId,
      path: pathOf`/api/v1/Document/${documentId}/Lock`,
      headers: { authorization: this.authorization() },
    };
  }
}

function checkoutLock(documentId: number, state: LockState, holder: Principal | null = null): Lock {
  return {
    id: superOfficeLockId.encode({ provider: Provider.SUPEROFFICE, documentId }),
    provider: Provider.SUPEROFFICE,
    resource: { kind: ResourceKind.DOCUMENT, id: String(documentId) },
    level: LockLevel.EXCLUSIVE,
    state,
    holder,
  };
}

/** A checkout is a lock whoever holds it; NotCheckedOut and LockingNotSupported are no lock (docs/contract.md). */
function toLock(documentId: number, info: CheckoutInfo): Lock | null {
  if (info.State !== "CheckedOutOwn" && info.State !== "CheckedOutOther") return null;
  return checkoutLock(documentId, LockState.HELD, {
    id: String(info.AssociateId),
    displayName: info.Name || null,
  });
}
