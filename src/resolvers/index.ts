import type { Context } from "../context.js";
import { Document } from "../schema/document.entity.js";
import { File } from "../schema/file.entity.js";
import { IModel } from "../schema/imodel.entity.js";
import type { Lock } from "../schema/lock.type.js";
import type { Reservation } from "../schema/reservation.type.js";
import { BackupResolver } from "./backup.resolver.js";
import { DocumentResolver } from "./document.resolver.js";
import { HoldEventResolver } from "./hold-event.resolver.js";
import { IModelLocksResolver, IModelResolver } from "./imodel.resolver.js";
import { HoldResolver, ReservationHoldResolver } from "./hold.resolver.js";
import { LockResolver } from "./lock.resolver.js";
import { ReferenceDataResolver } from "./reference-data.resolver.js";
import { ReservationResolver } from "./reservation.resolver.js";

/** Every type-graphql resolver class of the schema. */
export const resolvers = [
  LockResolver,
  ReferenceDataResolver,
  DocumentResolver,
  ReservationResolver,
  BackupResolver,
  IModelLocksResolver,
  IModelResolver,
  HoldEventResolver,
  HoldResolver,
  ReservationHoldResolver,
] as const;

/**
 * Entities other subgraphs own that no query here returns: type-graphql emits a type only
 * when a root field reaches it, or when it is listed as an orphaned type.
 */
export const entityTypes = [Document, File, IModel] as const;

/** Federation reference resolvers: how `_entities` turns a representation into an entity, through the lock service. */
export const entityResolvers = {
  Lock: {
    __resolveReference: ({ id }: { id: string }, { locks }: Context): Promise<Lock | null> =>
      locks.lock(id, "_entities"),
  },
  Document: {
    __resolveReference: ({ id }: { id: string }, { locks }: Context) => locks.documentReference(id),
  },
  Reservation: {
    __resolveReference: ({ id }: { id: string }, { locks }: Context): Promise<Reservation | null> =>
      locks.reservation(id),
  },
  File: { __resolveReference: ({ id }: { id: string }, { locks }: Context) => locks.fileReference(id) },
  IModel: { __resolveReference: ({ id }: { id: string }, { locks }: Context) => locks.iModelReference(id) },
};
