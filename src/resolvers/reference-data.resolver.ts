import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { Lock } from "../schema/lock.type.js";

@Resolver()
export class ReferenceDataResolver {
  @Query(() => Lock, {
    nullable: true,
    description:
      "The lock on a client's reference data; null when it is not locked. An unknown client is NOT_FOUND.",
  })
  async referenceDataLock(
    @Arg("clientId", () => Int, { description: "The reference-data client id." }) clientId: number,
    @Ctx() { locks }: Context,
  ): Promise<Lock | null> {
    return locks.referenceDataLock(clientId);
  }

  @Mutation(() => Lock, {
    nullable: true,
    description:
      "Locks a client's reference data for the caller. Locking it again as its holder answers the same lock; another holder is LOCK_CONFLICT.",
  })
  async lockReferenceData(
    @Arg("clientId", () => Int, { description: "The reference-data client id." }) clientId: number,
    @Ctx() { locks }: Context,
  ): Promise<Lock> {
    return locks.lockReferenceData(clientId);
  }
}
