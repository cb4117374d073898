import { ArgsType, Field, Int } from "type-graphql";
import { LockLevel } from "./lock-level.enum.js";

/** The paging and filter arguments `Query.iModelLocks` and `IModel.locks` share. */
@ArgsType()
export class IModelLocksArgs {
  @Field(() => Int, { nullable: true, description: "Only the locks of this briefcase." })
  briefcaseId?: number | null;

  @Field(() => LockLevel, { nullable: true, description: "Only locks of this level." })
  level?: LockLevel | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 50,
    description: "How many Locks (one per briefcase and level) to return: 1 to 100.",
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Return the Locks after this cursor (an `endCursor` or edge `cursor` of the same query).",
  })
  after?: string | null;
}
