import { createHash } from "node:crypto";
import { Simulator, tokenOf, type SimRequest, type SimResponse } from "../simulator.js";

/** What Oracle puts in `type` on every error body (seed 004, examples 4 and 5). */
const ERROR_TYPE = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html";

/**
 * The simulated world, exported so tests and demos name it instead of repeating it.
 * File ids follow the seed's shape: `D` and 43 hex digits. Any such id is a file shared
 * with every user; `unsharedFileId` sits in a folder shared with no one (seed 004,
 * examples 2-5) and is reachable only through one of the public links below.
 */
export const ORACLE_CONTENT_WORLD = {
  filePattern: /^D[0-9A-F]{43}$/,
  sharedFileId: "D0C1A5E5A7D3B2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7",
  unsharedFileId: "D5B8B54BA8C121BEDB91A1341212FF6185DEA5EFC0BD",
  /** A contributor link without an access code. */
  openLinkId: "LF2C4E6A8B0D1F3E5A7C9B1D3F5E7A9C1B3D5F7E9A1C",
  /** A contributor link protected by an access code (seed 004, example 3). */
  protectedLink: { linkId: "LF8D36FAFAB4388BECEAC4AEB5D17B95F47087F4E518", accessCode: "test12345" },
  /** A link that has expired: like any unknown link, 400 `-26`. */
  expiredLinkId: "LF0000000000000000000000000000000000000000EX",
} as const;

const LINKS = new Map<string, { accessCode?: string }>([
  [ORACLE_CONTENT_WORLD.openLinkId, {}],
  [ORACLE_CONTENT_WORLD.protectedLink.linkId, { accessCode: ORACLE_CONTENT_WORLD.protectedLink.accessCode }],
]);

export interface OracleUser {
  id: string;
  displayName: string;
  loginName: string;
  type: "user";
}

/** The simulated user behind a token: a stable `U…` id like the seed's, derived from the token text. */
export function oracleUser(token: string): OracleUser {
  const id = `U${createHash("sha256").update(token).digest("hex").toUpperCase().slice(0, 35)}`;
  return { id, displayName: `User ${token}`, loginName: token, type: "user" };
}

/** Each operation's wording and service name, as seed 004 example 4 spells them for unreserve. */
const OPERATIONS = {
  info: { failed: "Could not get file information.", key: "!csFldCouldNotGetFileInfo", service: "FLD_INFO" },
  reserve: { failed: "Could not reserve file.", key: "!csFldCouldNotReserve", service: "FLD_RESERVE" },
  unreserve: {
    failed: "Could not clear reservation.",
    key: "!csFldCouldNotClearReservation",
    service: "FLD_CLEAR_RESERVATION",
  },
} as const;
type Operation = keyof typeof OPERATIONS;

/**
 * Oracle Content Management file reservations (docs/vendors.md §5, seed 004): reserve,
 * unreserve and file information, public links with and without access codes, and the
 * error bodies of the seed. Assumed (docs/vendors.md): another user's reserve, or an unreserve
 * naming someone other than the holder, is 409 `-1`; a missing or unusable token is a bare
 * 401 (the identity layer in front of the Documents API answers it, not the API).
 */
export function createOracleContentSimulator(): Simulator {
  const reservations = new Map<string, { user: OracleUser; at: string }>();

  const error = (
    status: number,
    fileId: string,
    errorCode: string,
    errorKey: string,
    message: string,
  ): SimResponse => ({
    status,
    body: { errorCode, errorKey, errorMessage: message, id: fileId, title: message, type: ERROR_TYPE },
  });

  /** Runs an operation as the token's user on a file that user can reach, or answers the vendor's error. */
  const guarded =
    (operation: Operation, handle: (user: OracleUser, fileId: string, request: SimRequest) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      const token = tokenOf(request.headers.authorization, /^(Bearer|Basic) /i);
      if (!token) return { status: 401 };
      const user = oracleUser(token);
      const fileId = request.params.fileId ?? "";
      const op = OPERATIONS[operation];
      if (!ORACLE_CONTENT_WORLD.filePattern.test(fileId)) {
        return error(
          404,
          fileId,
          "-16",
          `${op.key}!csFldDoesNotExist,${fileId}`,
          `${op.failed} The item '${fileId}' does not exist.`,
        );
      }
      const denied = access(request, user, fileId, operation);
      return denied ?? handle(user, fileId, request);
    };

  /** Seed 004: a link must exist and be current (-26), carry its access code when it has one (-18); without a link, only shared files (-20). */
  function access(
    request: SimRequest,
    user: OracleUser,
    fileId: string,
    operation: Operation,
  ): SimResponse | undefined {
    const op = OPERATIONS[operation];
    const linkId = header(request, "linkid");
    if (linkId !== undefined) {
      const link = LINKS.get(linkId);
      if (!link)
        return error(
          400,
          fileId,
          "-26",
          `${op.key}!csLinkInvalidOrExpired`,
          `${op.failed} The link is invalid or has expired.`,
        );
      if (link.accessCode !== undefined && accessCodeOf(request, linkId) !== link.accessCode) {
        return error(
          403,
          fileId,
          "-18",
          `${op.key}!csAccessCodeRequiredForLinkAccess`,
          `${op.failed} The access code must be provided to access the link.`,
        );
      }
      return undefined;
    }
    if (fileId !== ORACLE_CONTENT_WORLD.unsharedFileId) return undefined;
    return insufficientPrivilege(user, fileId, operation);
  }

  /** Seed 004, example 4: the -20 body, naming the user and the service refused. */
  function insufficientPrivilege(user: OracleUser, fileId: string, operation: Operation): SimResponse {
    const op = OPERATIONS[operation];
    return error(
      403,
      fileId,
      "-20",
      `${op.key}!csCloudItemInsufficientPrivileges,${user.displayName},fFileGUID:${fileId},${op.service}`,
      `${op.failed} User '${user.displayName}' has insufficient privilege to access fFileGUID:${fileId} with service ${op.service}.`,
    );
  }

  const fileInfo = (fileId: string) => {
    const held = reservations.get(fileId);
    return {
      type: "file",
      id: fileId,
      parentID: "F7D2C8A1B3E5F7092A4C6E8B0D2F4A6C8E0B2D4F6A8C",
      name: `${fileId.slice(0, 8)}.docx`,
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      size: "18432",
      version: "1",
      createdTime: "2024-01-15T09:30:00Z",
      modifiedTime: "2024-01-15T09:30:00Z",
      errorCode: "0",
      ...(held && { reservedBy: held.user, reservationTime: held.at }),
    };
  };

  const filePattern = (verb = "") => new RegExp(`^/documents/api/1\\.1/files/(?<fileId>[^/]+)${verb}$`);
  return new Simulator("oracle-content", [
    {
      method: "GET",
      pattern: filePattern(),
      handle: guarded("info", (_user, fileId) => ({ status: 200, body: fileInfo(fileId) })),
    },
    {
      method: "POST",
      pattern: filePattern("/reserve"),
      handle: guarded("reserve", (user, fileId) => {
        const held = reservations.get(fileId);
        if (held && held.user.id !== user.id) {
          return error(
            409,
            fileId,
            "-1",
            "!csFldCouldNotReserve!csItemReservedByAnotherUser",
            `Could not reserve file. It is reserved by '${held.user.displayName}'.`,
          );
        }
        const reservation = held ?? { user, at: new Date().toISOString() };
        reservations.set(fileId, reservation);
        return {
          status: 200,
          body: {
            errorCode: "0",
            id: fileId,
            type: "file",
            reservationDate: reservation.at,
            reservedBy: reservation.user,
          },
        };
      }),
    },
    {
      method: "POST",
      pattern: filePattern("/unreserve"),
      handle: guarded("unreserve", (user, fileId, request) => {
        const holderId = (request.body as { reservedByUserID?: unknown } | undefined)?.reservedByUserID;
        if (typeof holderId !== "string")
          return error(
            400,
            fileId,
            "-1",
            "!csFldCouldNotClearReservation!csMissingParameter",
            "Could not clear reservation. reservedByUserID is required.",
          );
        const held = reservations.get(fileId);
        if (held?.user.id !== holderId) {
          return error(
            409,
            fileId,
            "-1",
            "!csFldCouldNotClearReservation!csNotReservedByUser",
            `Could not clear reservation. The file is not reserved by '${holderId}'.`,
          );
        }
        // Assumed: only the holder clears a reservation (no manager role is simulated), so
        // naming the right holder is not enough for anyone else; Oracle answers -20 (seed 004, example 4).
        if (held.user.id !== user.id) return insufficientPrivilege(user, fileId, "unreserve");
        reservations.delete(fileId);
        return { status: 200, body: { errorCode: "0", id: fileId, type: "file" } };
      }),
    },
  ]);
}

/** Seed 004: "It can be used as linkID or LinkID"; Node lower-cases header names. */
function header(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The `dAccessCode-<linkID>` cookie's value, if the request carries it. */
function accessCodeOf(request: SimRequest, linkId: string): string | undefined {
  const prefix = `dAccessCode-${linkId}=`;
  return header(request, "cookie")
    ?.split(";")
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(prefix))
    ?.slice(prefix.length);
}
