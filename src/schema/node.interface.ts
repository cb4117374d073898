import { Field, ID, InterfaceType } from "type-graphql";

@InterfaceType({
  description: "An object with a global id that `Query.node` can fetch again.",
  resolveType: (value: object) => ("fileId" in value ? "Reservation" : "Lock"),
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global id. Pass it back exactly as received." })
  id!: string;
}
