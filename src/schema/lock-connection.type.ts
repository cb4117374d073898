import { Field, ObjectType } from "type-graphql";
import { Lock } from "./lock.type.js";

@ObjectType({ description: "Relay-style page information." })
export class PageInfo {
  @Field(() => Boolean, {
    description: "True when another page follows; ask for it with `after: endCursor`.",
  })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge on this page." })
  endCursor?: string | null;
}

@ObjectType({ description: "One lock in a page of locks." })
export class LockEdge {
  @Field(() => Lock, { description: "The lock." })
  node!: Lock;

  @Field(() => String, { description: "Opaque cursor; pass as `after` to continue after this edge." })
  cursor!: string;
}

@ObjectType({ description: "A page of locks." })
export class LockConnection {
  @Field(() => [LockEdge], { description: "The locks on this page." })
  edges!: LockEdge[];

  @Field(() => PageInfo, { description: "Whether more pages follow." })
  pageInfo!: PageInfo;
}
