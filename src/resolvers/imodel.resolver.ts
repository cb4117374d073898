import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { AcquireIModelLocksInput, ReleaseIModelLocksInput } from "../schema/imodel-locks.input.js";
import { IModelLocksArgs } from "../schema/imodel-locks.args.js";
import { IModel } from "../schema/imodel.entity.js";
import { LockConnection } from "../schema/lock-connection.type.js";
import { Lock } from "../schema/lock.type.js";
import { ReleaseIModelLocksPayload } from "../schema/release-imodel-locks.payload.js";

@Resolver()
export class IModelLocksResolver {
  // Parameter decorators run last to first: `iModelId` is declared after the shared args so the schema lists it first.
  @Query(() => LockConnection, {
    nullable: true,
    description:
      "The locks briefcases hold in an iModel: one Lock per briefcase and level, with all its objects.",
  })
  async iModelLocks(
    @Args(() => IModelLocksArgs) args: IModelLocksArgs,
    @Arg("iModelId", () => ID, { description: "The iModel id." }) iModelId: string,
    @Ctx() { locks }: Context,
  ): Promise<LockConnection> {
    return locks.iModelLocks(iModelId, args);
  }

  @Mutation(() => Lock, {
    nullable: true,
    description:
      "Locks objects of an iModel for a briefcase and answers the briefcase's whole Lock at that level. Another briefcase's conflicting lock is LOCK_CONFLICT with `conflictingLocks`. Objects are sent 1,000 at a time; if a batch fails, the batches before it stay locked and acquiring again is safe.",
  })
  async acquireIModelLocks(
    @Arg("input", () => AcquireIModelLocksInput, {
      description: "What to lock, for which briefcase, at which level.",
    })
    input: AcquireIModelLocksInput,
    @Ctx() { locks }: Context,
  ): Promise<Lock> {
    return locks.acquireIModelLocks(input);
  }

  @Mutation(() => ReleaseIModelLocksPayload, {
    nullable: true,
    description:
      "Releases every lock a briefcase holds in an iModel, asking iModels for release chunks until the last.",
  })
  async releaseIModelLocks(
    @Arg("input", () => ReleaseIModelLocksInput, { description: "Whose locks to release." })
    input: ReleaseIModelLocksInput,
    @Ctx() { locks }: Context,
  ): Promise<ReleaseIModelLocksPayload> {
    return locks.releaseIModelLocks(input);
  }
}

/** The `locks` field LockGraph contributes to the IModel entity of another subgraph. */
@Resolver(() => IModel)
export class IModelResolver {
  @FieldResolver(() => LockConnection, {
    nullable: true,
    description:
      "The locks briefcases hold in this iModel: one Lock per briefcase and level, with all its objects.",
  })
  async locks(
    @Root() iModel: IModel,
    @Args(() => IModelLocksArgs) args: IModelLocksArgs,
    @Ctx() { locks }: Context,
  ): Promise<LockConnection> {
    return locks.iModelLocks(iModel.id, args, "IModel.locks");
  }
}
