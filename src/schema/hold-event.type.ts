import { Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./date-time.scalar.js";
import { Hold } from "./hold.interface.js";
import { HoldEventKind } from "./hold-event-kind.enum.js";
import { Node } from "./node.interface.js";
import { Principal } from "./principal.type.js";

@ObjectType({ implements: Node, description: "One entry of the ledger: something that happened to a hold." })
export class HoldEvent implements Node {
  @Field(() => ID, { description: "Opaque, in commit order; pass it as afterEventId to resume after it." })
  id!: string;

  @Field(() => HoldEventKind, { description: "What happened." })
  kind!: HoldEventKind;

  @Field(() => DateTime, { description: "When it happened." })
  at!: Date;

  @Field(() => Hold, { description: "The hold as it stood right after the event." })
  hold!: Hold;

  @Field(() => Principal, {
    nullable: true,
    description: "Who acted, as the vendor names them, where known.",
  })
  actor?: Principal | null;

  @Field(() => String, {
    nullable: true,
    description: 'The GraphQL field behind it, such as "checkOutDocument"; null for observations and expiry.',
  })
  operation?: string | null;

  @Field(() => String, { nullable: true, description: "On REFUSED: the contract's error code." })
  errorCode?: string | null;
}
