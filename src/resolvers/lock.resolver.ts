import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { Lock } from "../schema/lock.type.js";
import { Node } from "../schema/node.interface.js";

/** Operations on any provider's lock, routed by the opaque id alone. */
@Resolver(() => Lock)
export class LockResolver {
  @Query(() => Lock, {
    nullable: true,
    description:
      "A lock by id, read live from its vendor (KooDrive, which has no read endpoint: from what LockGraph recorded at acquire or renew); null once it is no longer held.",
  })
  async lock(
    @Arg("id", () => ID, { description: "A Lock id as LockGraph returned it." }) id: string,
    @Ctx() { locks }: Context,
  ): Promise<Lock | null> {
    return locks.lock(id);
  }

  @Query(() => Node, {
    nullable: true,
    description: "Any Lock or Reservation by its global id; null when it no longer exists.",
  })
  async node(
    @Arg("id", () => ID, { description: "A global id as LockGraph returned it." }) id: string,
    @Ctx() { locks }: Context,
  ): Promise<Node | null> {
    return locks.node(id);
  }

  @Mutation(() => Lock, {
    nullable: true,
    description:
      "Releases any provider's lock by id. SuperOffice: abandons the checkout. The answer has state RELEASED.",
  })
  async releaseLock(
    @Arg("id", () => ID, { description: "A Lock id as LockGraph returned it." }) id: string,
    @Ctx() { locks }: Context,
  ): Promise<Lock> {
    return locks.releaseLock(id);
  }

  @Mutation(() => Lock, {
    nullable: true,
    description:
      "Renews a KooDrive backup lock for another 10 minutes. Other providers' locks do not expire: UNSUPPORTED_OPERATION.",
  })
  async renewLock(
    @Arg("id", () => ID, { description: "A Lock id as LockGraph returned it." }) id: string,
    @Ctx() { locks }: Context,
  ): Promise<Lock> {
    return locks.renewLock(id);
  }
}
