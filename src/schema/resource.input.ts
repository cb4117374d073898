import { Field, ID, InputType } from "type-graphql";
import { ResourceKind } from "./resource-kind.enum.js";

@InputType({ description: "A resource at a vendor, by kind and the vendor's id." })
export class ResourceInput {
  @Field(() => ResourceKind, { description: "What kind of resource." })
  kind!: ResourceKind;

  @Field(() => ID, { description: "Client id, iModel id, document id, backup module code or file id." })
  id!: string;
}
