import type { Context } from "../context.js";
import { decodeLockId } from "../ids.js";
import type { Lock } from "../schema/lock.type.js";
import { LockResolver } from "./lock.resolver.js";
import { ReferenceDataResolver } from "./reference-data.resolver.js";

/** Every type-graphql resolver class of the schema. */
export const resolvers = [LockResolver, ReferenceDataResolver] as const;

/** Federation reference resolvers: how `_entities` turns a representation into an entity. */
export const entityResolvers = {
  Lock: {
    __resolveReference: (representation: { id: string }, { dataSources }: Context): Promise<Lock | null> =>
      dataSources.findLock(decodeLockId(representation.id)),
  },
};
