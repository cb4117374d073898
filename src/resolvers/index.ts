import type { Context } from "../context.js";
import { decodeLockId, decodeReservationId } from "../ids.js";
import { Document } from "../schema/document.entity.js";
import { File } from "../schema/file.entity.js";
import { IModel } from "../schema/imodel.entity.js";
import type { Lock } from "../schema/lock.type.js";
import type { Reservation } from "../schema/reservation.type.js";
import { BackupResolver } from "./backup.resolver.js";
import { DocumentResolver, documentReference } from "./document.resolver.js";
import { IModelLocksResolver, IModelResolver, iModelReference } from "./imodel.resolver.js";
import { LockResolver } from "./lock.resolver.js";
import { ReferenceDataResolver } from "./reference-data.resolver.js";
import { ReservationResolver, fileReference } from "./reservation.resolver.js";

/** Every type-graphql resolver class of the schema. */
export const resolvers = [LockResolver, ReferenceDataResolver, DocumentResolver, ReservationResolver, BackupResolver, IModelLocksResolver, IModelResolver] as const;

/**
 * Entities other subgraphs own that no query here returns: type-graphql emits a type only
 * when a root field reaches it, or when it is listed as an orphaned type.
 */
export const entityTypes = [Document, File, IModel] as const;

/** Federation reference resolvers: how `_entities` turns a representation into an entity. */
export const entityResolvers = {
  Lock: {
    __resolveReference: (representation: { id: string }, { dataSources }: Context): Promise<Lock | null> =>
      dataSources.findLock(decodeLockId(representation.id)),
  },
  Document: { __resolveReference: documentReference },
  Reservation: {
    __resolveReference: (representation: { id: string }, { dataSources }: Context): Promise<Reservation | null> =>
      dataSources.oracleContent.findReservation(decodeReservationId(representation.id).fileId),
  },
  File: { __resolveReference: fileReference },
  IModel: { __resolveReference: iModelReference },
};
