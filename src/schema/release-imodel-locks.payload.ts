import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "The result of releasing every lock of a briefcase." })
export class ReleaseIModelLocksPayload {
  @Field(() => ID, { description: "The iModel id." })
  iModelId!: string;

  @Field(() => Int, { description: "The briefcase whose locks were released." })
  briefcaseId!: number;

  @Field(() => Int, {
    description: "How many release-chunk calls iModels needed before it reported the last chunk.",
  })
  chunks!: number;
}
