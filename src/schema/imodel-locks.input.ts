import { Field, ID, InputType, Int } from "type-graphql";
import { LockLevel } from "./lock-level.enum.js";

@InputType({ description: "Locks objects of an iModel for one briefcase." })
export class AcquireIModelLocksInput {
  @Field(() => ID, { description: "The iModel id." })
  iModelId!: string;

  @Field(() => Int, { description: "The briefcase that will hold the locks; it becomes the lock's holder." })
  briefcaseId!: number;

  @Field(() => String, {
    nullable: true,
    description:
      "The latest changeset the briefcase has. If the objects changed in a newer one, the acquire fails with PRECONDITION_FAILED.",
  })
  changesetId?: string | null;

  @Field(() => LockLevel, {
    description: "SHARED (many briefcases may hold it) or EXCLUSIVE (one briefcase only).",
  })
  level!: LockLevel;

  @Field(() => [String], {
    description:
      "The ids of the objects to lock (Id64 strings such as 0x20000000a1), up to 100,000; sent to iModels 1,000 at a time.",
  })
  objectIds!: string[];
}

@InputType({ description: "Releases every lock one briefcase holds in an iModel." })
export class ReleaseIModelLocksInput {
  @Field(() => ID, { description: "The iModel id." })
  iModelId!: string;

  @Field(() => Int, { description: "The briefcase whose locks are released." })
  briefcaseId!: number;

  @Field(() => String, {
    nullable: true,
    description: "The latest changeset in which the briefcase changed the locked objects.",
  })
  changesetId?: string | null;
}
