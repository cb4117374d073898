import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { DataSources } from "../datasources/index.js";
import { badUserInput } from "../errors.js";
import { AcquireIModelLocksInput, ReleaseIModelLocksInput } from "../schema/imodel-locks.input.js";
import { IModelLocksArgs } from "../schema/imodel-locks.args.js";
import { IModel } from "../schema/imodel.entity.js";
import { LockConnection } from "../schema/lock-connection.type.js";
import { Lock } from "../schema/lock.type.js";
import { ReleaseIModelLocksPayload } from "../schema/release-imodel-locks.payload.js";
import { boundedList, positiveInt, vendorId } from "../validation.js";

/** Object ids one acquire may name: a hundred PATCH calls of 1,000. */
const MAX_ACQUIRE_OBJECT_IDS = 100_000;

/** iModel element ids are Id64 strings: `0x` and up to 16 hex digits (iTwin.js `Id64String`). */
const OBJECT_ID = /^0x[0-9a-fA-F]{1,16}$/;

@Resolver()
export class IModelLocksResolver {
  // Parameter decorators run last to first: `iModelId` is declared after the shared args so the schema lists it first.
  @Query(() => LockConnection, { description: "The locks briefcases hold in an iModel: one Lock per briefcase and level, with all its objects." })
  async iModelLocks(
    @Args(() => IModelLocksArgs) args: IModelLocksArgs,
    @Arg("iModelId", () => ID, { description: "The iModel id." }) iModelId: string,
    @Ctx() { dataSources }: Context,
  ): Promise<LockConnection> {
    return locksOf(dataSources, iModelId, args);
  }

  @Mutation(() => Lock, {
    description:
      "Locks objects of an iModel for a briefcase and answers the briefcase's whole Lock at that level. Another briefcase's conflicting lock is LOCK_CONFLICT with `conflictingLocks`. Objects are sent 1,000 at a time; if a batch fails, the batches before it stay locked and acquiring again is safe.",
  })
  async acquireIModelLocks(
    @Arg("input", () => AcquireIModelLocksInput, { description: "What to lock, for which briefcase, at which level." }) input: AcquireIModelLocksInput,
    @Ctx() { dataSources }: Context,
  ): Promise<Lock> {
    const objectIds = boundedList(input.objectIds, MAX_ACQUIRE_OBJECT_IDS, "input.objectIds");
    if (objectIds.length === 0) throw badUserInput("input.objectIds must name at least one object.", { argument: "input.objectIds" });
    const invalid = objectIds.find((id) => !OBJECT_ID.test(id));
    if (invalid !== undefined) throw badUserInput(`input.objectIds must be iModel object ids such as 0x20000000a1; "${invalid.slice(0, 40)}" is not one.`, { argument: "input.objectIds" });
    return dataSources.imodels.acquireLocks({
      iModelId: vendorId(input.iModelId, "input.iModelId"),
      briefcaseId: positiveInt(input.briefcaseId, "input.briefcaseId"),
      changesetId: changeset(input.changesetId),
      level: input.level,
      objectIds: [...new Set(objectIds)],
    });
  }

  @Mutation(() => ReleaseIModelLocksPayload, { description: "Releases every lock a briefcase holds in an iModel, asking iModels for release chunks until the last." })
  async releaseIModelLocks(
    @Arg("input", () => ReleaseIModelLocksInput, { description: "Whose locks to release." }) input: ReleaseIModelLocksInput,
    @Ctx() { dataSources }: Context,
  ): Promise<ReleaseIModelLocksPayload> {
    return dataSources.imodels.releaseLocks({
      iModelId: vendorId(input.iModelId, "input.iModelId"),
      briefcaseId: positiveInt(input.briefcaseId, "input.briefcaseId"),
      changesetId: changeset(input.changesetId),
    });
  }
}

/** The `locks` field LockGraph contributes to the IModel entity of another subgraph. */
@Resolver(() => IModel)
export class IModelResolver {
  @FieldResolver(() => LockConnection, { description: "The locks briefcases hold in this iModel: one Lock per briefcase and level, with all its objects." })
  async locks(@Root() iModel: IModel, @Args(() => IModelLocksArgs) args: IModelLocksArgs, @Ctx() { dataSources }: Context): Promise<LockConnection> {
    return locksOf(dataSources, iModel.id, args);
  }
}

/** `_entities`: an IModel representation is its id; LockGraph keeps nothing else of it. */
export function iModelReference({ id }: { id: string }): IModel {
  return { id: vendorId(id, "id") };
}

function locksOf(dataSources: DataSources, iModelId: string, { briefcaseId, level, first, after }: IModelLocksArgs): Promise<LockConnection> {
  const filter = {
    briefcaseId: briefcaseId === null || briefcaseId === undefined ? undefined : positiveInt(briefcaseId, "briefcaseId"),
    level: level ?? undefined,
  };
  return dataSources.imodels.listLocks(vendorId(iModelId, "iModelId"), filter, first ?? null, after);
}

function changeset(changesetId: string | null | undefined): string | null {
  return changesetId === null || changesetId === undefined ? null : vendorId(changesetId, "input.changesetId");
}
