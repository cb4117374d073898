import DataLoader from "dataloader";
import { z } from "zod";
import { ErrorCode, badUserInput, type LockGraphError } from "../../domain/errors.js";
import { encodeReservationId } from "../lock-ids.js";
import { LockState, type PublicLink, type Reservation } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import { vendorId } from "../../domain/arguments.js";
import { Redactor, upstreamError } from "../upstream-errors.js";
import { pathOf, type UpstreamResponse } from "../http.js";
import { VendorAPI } from "../vendor-api.js";

/** Seed 004 writes `errorCode` as text ("0"); the API 1.2 reference types it as a number. Both read as text. */
const errorCode = z.union([z.string(), z.number()]).transform(String);
const user = z.object({
  id: z.string(),
  displayName: z.string().optional(),
  loginName: z.string().optional(),
});
const timestamp = z.iso.datetime({ offset: true });

const reserveResponse = z.object({ type: z.literal("file"), reservationDate: timestamp, reservedBy: user });
const unreserveResponse = z.object({ id: z.string(), type: z.literal("file") });
/** File information: `reservedBy` and `reservationTime` are there only while the file is reserved. */
const fileInfo = z.object({
  type: z.literal("file"),
  reservedBy: user.optional(),
  reservationTime: timestamp.optional(),
});

/** Seed 004: `{errorCode, errorKey, errorMessage, id, title, type}`; on a 200 too, where `errorCode` "0" means success. */
const errorBody = z.object({
  errorCode,
  errorKey: z.string().optional(),
  errorMessage: z.string().optional(),
  title: z.string().optional(),
});

/** Oracle's error codes that mean one contract code whatever the status; `-1` (general) is left to the status. */
const CODE_FOR_ERROR_CODE: Record<string, ErrorCode> = {
  "-16": ErrorCode.NOT_FOUND,
  // "Name exists" is about another item's name, not a holder: the state of the folder, not someone's reservation, blocks the call.
  "-17": ErrorCode.PRECONDITION_FAILED,
  "-18": ErrorCode.FORBIDDEN,
  "-20": ErrorCode.FORBIDDEN,
  "-26": ErrorCode.BAD_USER_INPUT,
};

/** RFC 6265 §4.1.1 cookie-octet: no CTL, space, `"`, `,`, `;` or `\`, so an access code cannot end its cookie and add another. */
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]{1,256}$/;

/** Oracle Content Management file reservations (docs/vendors.md, "Oracle Content"): reserve, unreserve and file information. */
export class OracleContentAPI extends VendorAPI {
  readonly provider = Provider.ORACLE_CONTENT;

  /**
   * Reads without a public link, per request (one loader per request): each file is asked once, all
   * at once (UpstreamClient's concurrency cap limits how many run), and a failure stays with its file.
   */
  private readonly reservations = new DataLoader<string, Reservation | null>((fileIds) =>
    Promise.all(fileIds.map((fileId) => this.getFile(fileId).catch((error: Error) => error))),
  );

  /** The access codes this request sent: as secret as the credential, so redacted from whatever the vendor writes. */
  private readonly accessCodes = new Set<string>();

  /** GET file information: the file's reservation, or null when it is not reserved. */
  async getFile(fileId: string, link?: PublicLink | null): Promise<Reservation | null> {
    const response = await this.send({
      ...this.request(pathOf`/documents/api/1.1/files/${fileId}`, link),
      operation: "fileInfo",
      method: "GET",
      idempotent: true,
    });
    const file = this.parse(response, fileInfo);
    return file.reservedBy ? heldBy(fileId, file.reservedBy, file.reservationTime) : null;
  }

  /** POST reserve, no body. An acquire: never retried. Reserving a file one already holds answers the same reservation. */
  async reserve(fileId: string, link?: PublicLink | null): Promise<Reservation> {
    const response = await this.send({
      ...this.request(pathOf`/documents/api/1.1/files/${fileId}/reserve`, link),
      operation: "reserve",
      method: "POST",
      idempotent: false,
    });
    const reserved = this.parse(response, reserveResponse);
    return heldBy(fileId, reserved.reservedBy, reserved.reservationDate);
  }

  /** POST unreserve, naming the holder. Oracle documents no safe repeat, so it is not retried. */
  async unreserve(fileId: string, reservedByUserID: string, link?: PublicLink | null): Promise<void> {
    const response = await this.send({
      ...this.request(pathOf`/documents/api/1.1/files/${fileId}/unreserve`, link),
      operation: "unreserve",
      method: "POST",
      json: { reservedByUserID },
      idempotent: false,
    });
    this.parse(response, unreserveResponse);
  }

  /** `fileReservation`, `node`, `_entities`: a read through a public link depends on the link, so only link-less reads share the loader. */
  findReservation(fileId: string, link?: PublicLink | null): Promise<Reservation | null> {
    return link ? this.getFile(fileId, link) : this.reservations.load(fileId);
  }

  /** `fileReservations`: one entry per id in order; a failed file is its Error, in its own slot. */
  findReservations(fileIds: string[]): Promise<Array<Reservation | null | Error>> {
    return this.reservations.loadMany(fileIds);
  }

  /** `unreserveFile`: looks the holder up first, so the caller need not know who reserved the file. Not reserved: nothing to do. */
  async releaseReservation(fileId: string, link?: PublicLink | null): Promise<Reservation> {
    const current = await this.getFile(fileId, link);
    if (current?.reservedBy) await this.unreserve(fileId, current.reservedBy.id, link);
    return { ...(current ?? notReserved(fileId)), state: LockState.RELEASED };
  }

  protected toGraphQLError(response: UpstreamResponse): LockGraphError {
    const body = this.errorBody(response, errorBody);
    // Assumed: the identity layer in front of the Documents API answers 401 without Oracle's
    // error body; unreadableError maps such a 401 by its status.
    if (!body) return this.unreadableError(response);
    const message = body.errorMessage ?? body.title ?? null;
    // A failure inside a 200 with no code of its own is the file's state (docs/contract.md, "Errors"); -1 on a 409 is
    // another holder (assumed in docs/vendors.md, "Oracle Content"), which the status table already says.
    const code =
      CODE_FOR_ERROR_CODE[body.errorCode] ??
      (response.status < 300 ? ErrorCode.PRECONDITION_FAILED : undefined);
    // A link's access code is as secret as the credential, wherever Oracle echoes it.
    const accessCodes = new Redactor(this.accessCodes);
    const vendorMessage = message && accessCodes.redact(message);
    return upstreamError(
      this.provider,
      response,
      { code, vendorCode: accessCodes.redact(body.errorCode), vendorMessage },
      this.redactor,
    );
  }

  /** A 2xx body whose `errorCode` is not "0" is a failure; anything else must be the documented shape. */
  protected failureIn2xx(response: UpstreamResponse): LockGraphError | undefined {
    const status = this.errorBody(response, errorBody);
    return status && status.errorCode !== "0" ? this.toGraphQLError(response) : undefined;
  }

  private request(path: string, link: PublicLink | null | undefined) {
    return { path, headers: { authorization: this.authorization(), ...this.linkHeaders(link) } };
  }

  /** Seed 004: the link id goes in the `linkID` header, its access code in the cookie `dAccessCode-<linkID>=<code>`. */
  private linkHeaders(link: PublicLink | null | undefined): Record<string, string> {
    if (!link) return {};
    const linkId = vendorId(link.linkId, "link.linkId");
    const { accessCode } = link;
    if (accessCode === undefined || accessCode === null) return { linkID: linkId };
    if (!COOKIE_VALUE.test(accessCode)) {
      // The message never repeats the code: it is a secret.
      throw badUserInput(
        "link.accessCode must be 1-256 printable characters without spaces, quotes, commas, semicolons or backslashes.",
        {
          argument: "link.accessCode",
        },
      );
    }
    this.accessCodes.add(accessCode);
    return { linkID: linkId, cookie: `dAccessCode-${linkId}=${accessCode}` };
  }
}

function reservationOf(fileId: string): Pick<Reservation, "id" | "fileId"> {
  // Never the link or its access code: ids are shown, stored and logged.
  return { id: encodeReservationId({ fileId }), fileId };
}

function heldBy(fileId: string, holder: z.infer<typeof user>, at: string | undefined): Reservation {
  return {
    ...reservationOf(fileId),
    state: LockState.HELD,
    reservedBy: { id: holder.id, displayName: holder.displayName ?? null },
    reservedAt: at ? new Date(at) : null,
  };
}

function notReserved(fileId: string): Reservation {
  return { ...reservationOf(fileId), state: LockState.RELEASED, reservedBy: null, reservedAt: null };
}
