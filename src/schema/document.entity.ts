import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * A SuperOffice document, an entity another subgraph owns (docs/contract.md, Federation 2).
 * LockGraph only knows its key and contributes `lock` (document.resolver.ts).
 */
@Directive('@key(fields: "id")')
@ObjectType({
  description: "A SuperOffice document, owned by another subgraph; LockGraph adds its checkout as `lock`.",
})
export class Document {
  @Field(() => ID, { description: "The SuperOffice document id." })
  id!: string;
}
