import { Field, ID, ObjectType } from "type-graphql";
import type { Hold as HoldShape } from "../domain/holds.js";
import type { Principal as PrincipalShape } from "../domain/locks.js";
import { DateTime } from "./date-time.scalar.js";
import { HoldEventKind } from "./hold-event-kind.enum.js";
import { Hold } from "./hold.interface.js";
import { PageInfo } from "./lock-connection.type.js";
import { Node } from "./node.interface.js";
import { Principal } from "./principal.type.js";
import { Provider } from "./provider.enum.js";

@ObjectType({ implements: Node, description: "One thing that happened to a hold, from LockGraph's ledger." })
export class HoldEvent implements Node {
  @Field(() => ID, { description: "The event's id; events are numbered in the order they happened." })
  id!: string;

  @Field(() => HoldEventKind, { description: "What happened." })
  kind!: HoldEventKind;

  @Field(() => DateTime, { description: "When." })
  at!: Date;

  @Field(() => Hold, { description: "The hold as it stood right after the event." })
  hold!: HoldShape;

  @Field(() => Principal, {
    nullable: true,
    description: "Who acted, as the vendor names them, where known.",
  })
  actor?: PrincipalShape | null;

  @Field(() => String, {
    nullable: true,
    description: 'The GraphQL field behind it, such as "checkOutDocument"; null for observations and expiry.',
  })
  operation?: string | null;

  @Field(() => String, { nullable: true, description: "On REFUSED: the contract's error code." })
  errorCode?: string | null;
}

@ObjectType({ description: "One event in a page of events." })
export class HoldEventEdge {
  @Field(() => HoldEvent, { description: "The event." })
  node!: HoldEvent;

  @Field(() => String, { description: "Opaque cursor; pass as `after` to continue after this edge." })
  cursor!: string;
}

@ObjectType({ description: "A page of events, oldest first." })
export class HoldEventConnection {
  @Field(() => [HoldEventEdge], { description: "The events on this page." })
  edges!: HoldEventEdge[];

  @Field(() => PageInfo, { description: "Whether more pages follow." })
  pageInfo!: PageInfo;
}

@ObjectType({ description: "One hold in a page of holds." })
export class HoldEdge {
  @Field(() => Hold, { description: "The hold." })
  node!: HoldShape;

  @Field(() => String, { description: "Opaque cursor; pass as `after` to continue after this edge." })
  cursor!: string;
}

@ObjectType({
  description:
    "A provider whose holds could not be verified because the vendor failed (timed out, unavailable, an unreadable answer, a rate limit): its holds are left out of the page, the others' are not.",
})
export class HoldsFailure {
  @Field(() => Provider, { description: "The vendor that failed." })
  provider!: Provider;

  @Field(() => String, {
    description: "The contract error code, as an error's extensions.code would carry it.",
  })
  code!: string;

  @Field(() => String, { description: "What went wrong, in words (never a credential)." })
  message!: string;
}

@ObjectType({ description: "A page of holds." })
export class HoldConnection {
  @Field(() => [HoldEdge], { description: "The holds on this page." })
  edges!: HoldEdge[];

  @Field(() => PageInfo, { description: "Whether more pages follow." })
  pageInfo!: PageInfo;

  @Field(() => [HoldsFailure], {
    description:
      "With verify: true, one entry per vendor that failed while the page was verified; its holds are missing from edges. Empty when every vendor answered.",
  })
  failures!: HoldsFailure[];
}
