import { Field, ID, InterfaceType } from "type-graphql";
import type { Principal as PrincipalShape } from "../domain/locks.js";
import { DateTime } from "./date-time.scalar.js";
import { LockState } from "./lock-state.enum.js";
import { LockedResource } from "./locked-resource.type.js";
import { Node } from "./node.interface.js";
import { Principal } from "./principal.type.js";
import { Provider } from "./provider.enum.js";

@InterfaceType({
  implements: Node,
  description: "Anything someone holds at a vendor: a Lock or a Reservation.",
  resolveType: (value: object) => ("fileId" in value ? "Reservation" : "Lock"),
})
export abstract class Hold implements Node {
  @Field(() => ID, { description: "Opaque global id. Pass it back exactly as received." })
  id!: string;

  @Field(() => Provider, { description: "The vendor that holds it." })
  provider!: Provider;

  @Field(() => LockedResource, { description: "What it holds." })
  resource!: LockedResource;

  @Field(() => LockState, { description: "HELD, RELEASED, or EXPIRED." })
  state!: LockState;

  @Field(() => Principal, { nullable: true, description: "Who holds it, as the vendor names them." })
  holder?: PrincipalShape | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "The vendor's time; where the vendor gives none, when LockGraph first saw it held.",
  })
  acquiredAt?: Date | null;

  @Field(() => DateTime, { nullable: true, description: "When it lapses unless renewed (KooDrive)." })
  expiresAt?: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "When LockGraph last confirmed this state at the vendor.",
  })
  observedAt?: Date | null;
}
