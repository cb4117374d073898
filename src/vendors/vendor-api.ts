import type { z } from "zod";
import { ErrorCode, LockGraphError } from "../domain/errors.js";
import type { Provider } from "../domain/providers.js";
import { badResponse, transportFailure, upstreamError, type Redactor } from "./upstream-errors.js";
import {
  UpstreamTransportError,
  type Upstream,
  type UpstreamRequest,
  type UpstreamResponse,
} from "./http.js";

/**
 * The shared part of every vendor's data source, built per request with that caller's
 * credential. Subclasses add one typed method per vendor endpoint, a `toGraphQLError`
 * that reads the vendor's own error body and, where a vendor reports failures inside a
 * 2xx, `failureIn2xx`.
 */
export abstract class VendorAPI<Q extends UpstreamRequest = UpstreamRequest> {
  abstract readonly provider: Provider;

  constructor(
    protected readonly client: Upstream,
    protected readonly credential: string | undefined,
    protected readonly redactor: Redactor,
  ) {}

  /** Turns a non-2xx answer in this vendor's error shape into the contract's error. */
  protected abstract toGraphQLError(response: UpstreamResponse): LockGraphError;

  /**
   * The one hook for "this 2xx is a failure" (SuperOffice `Success: false`, KooDrive
   * `code != 0`, Oracle `errorCode != "0"`): the contract error, or undefined for a success.
   */
  protected failureIn2xx(
    _response: UpstreamResponse,
    _request: Q,
  ): LockGraphError | undefined | Promise<LockGraphError | undefined> {
    return undefined;
  }

  /** What the UNAUTHENTICATED message tells the caller to send (set from the vendor's definition). */
  #credentialAdvice = "send it in the provider's request header";

  /** Names the exact header to send, and a near miss the request sent instead, if any. */
  adviseCredential(header: string, nearMiss?: string): void {
    const miss = nearMiss
      ? ` This request sent ${nearMiss}, which LockGraph does not read: did you mean ${header}?`
      : "";
    this.#credentialAdvice = `send it in the ${header} request header.${miss}`;
  }

  /** The caller's credential; without one no call is made. */
  protected authorization(): string {
    if (!this.credential) {
      const message = `No credential for ${this.provider}: ${this.#credentialAdvice}`;
      throw new LockGraphError(ErrorCode.UNAUTHENTICATED, message, { provider: this.provider });
    }
    return this.credential;
  }

  /** Sends one request; transport failures and non-2xx answers become contract errors. */
  protected async send(request: Q): Promise<UpstreamResponse> {
    let response: UpstreamResponse;
    try {
      response = await this.client.send(request);
    } catch (error) {
      throw error instanceof UpstreamTransportError ? this.transportError(error) : error;
    }
    if (response.status < 200 || response.status > 299) throw this.toGraphQLError(response);
    const failure = await this.failureIn2xx(response, request);
    if (failure) throw failure;
    return response;
  }

  /** Reads a body as the vendor's documented shape; anything else is UPSTREAM_BAD_RESPONSE. */
  protected parse<T>(response: UpstreamResponse, schema: z.ZodType<T>): T {
    const body = this.json(response);
    if (body === undefined) throw badResponse(this.provider, response, "the body is not JSON");
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badResponse(
        this.provider,
        response,
        `${issue?.path.join(".") || "body"}: ${issue?.message ?? "unexpected shape"}`,
      );
    }
    return parsed.data;
  }

  /** An error body in the vendor's shape, or undefined when it is something else (HTML, bad JSON). */
  protected errorBody<T>(response: UpstreamResponse, schema: z.ZodType<T>): T | undefined {
    const parsed = schema.safeParse(this.json(response));
    return parsed.success ? parsed.data : undefined;
  }

  /**
   * A failure whose body is not in the vendor's error shape (a gateway's HTML page, say).
   * 401, 429 and 5xx mean the same whoever wrote the body; any other status with an
   * unreadable body could as well be a misrouted URL, so it is UPSTREAM_BAD_RESPONSE.
   */
  protected unreadableError(response: UpstreamResponse): LockGraphError {
    if (response.status === 401 || response.status === 429 || response.status >= 500)
      return upstreamError(this.provider, response, {}, this.redactor);
    return badResponse(
      this.provider,
      response,
      `HTTP ${response.status} with a body that is not the vendor's error shape`,
    );
  }

  private json(response: UpstreamResponse): unknown {
    try {
      return JSON.parse(response.text);
    } catch {
      return undefined;
    }
  }

  /** A 2xx whose content cannot be right, such as a page of nothing that links to another. */
  protected unusableAnswer(message: string): LockGraphError {
    const upstream = { status: 200, code: null, message: null };
    return new LockGraphError(ErrorCode.UPSTREAM_BAD_RESPONSE, message, {
      provider: this.provider,
      upstream,
    });
  }

  private transportError(error: UpstreamTransportError): LockGraphError {
    return transportFailure(this.provider, error.kind === "timeout", error.message);
  }
}
