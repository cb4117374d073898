import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Federation: another subgraph owns iModels; LockGraph contributes their `locks`. */
@Directive('@key(fields: "id")')
@ObjectType({
  description: "A Bentley iModel. LockGraph contributes the locks briefcases hold on its objects.",
})
export class IModel {
  @Field(() => ID, { description: "The iModel id." })
  id!: string;
}
