import { Directive, Field, ID, ObjectType } from "type-graphql";

/** Another subgraph owns File; LockGraph contributes its reservation (docs/contract.md, Federation 2). */
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "A file that another subgraph owns, keyed by its Oracle Content file id; LockGraph adds its reservation.",
})
export class File {
  @Field(() => ID, { description: "The Oracle Content file id." })
  id!: string;
}
