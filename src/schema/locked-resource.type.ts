import { Field, ID, ObjectType } from "type-graphql";
import { ResourceKind } from "./resource-kind.enum.js";

@ObjectType({ description: "The thing a lock holds." })
export class LockedResource {
  @Field(() => ResourceKind, { description: "What kind of resource this is." })
  kind!: ResourceKind;

  @Field(() => ID, {
    description: "The vendor's id: client id, iModel id, document id, backup module code or file id.",
  })
  id!: string;

  @Field(() => [String], {
    nullable: true,
    description: "iModels only: the ids of the locked objects in the iModel.",
  })
  objectIds?: string[] | null;
}
