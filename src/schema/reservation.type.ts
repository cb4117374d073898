import { Directive, Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./date-time.scalar.js";
import { LockState } from "./lock-state.enum.js";
import { Hold } from "./hold.interface.js";
import { Node } from "./node.interface.js";
import { Principal } from "./principal.type.js";

@Directive('@key(fields: "id")')
@ObjectType({
  implements: [Node, Hold],
  description: "An Oracle Content Management file reservation: others can see the file is in use.",
})
export class Reservation implements Node {
  // Hold's provider, resource, holder, acquiredAt, expiresAt and observedAt: ReservationResolver (a Reservation's shape is fixed).
  @Field(() => ID, { description: "Opaque, stable id of the reservation." })
  id!: string;

  @Field(() => ID, { description: "The Oracle Content file id." })
  fileId!: string;

  @Field(() => LockState, { description: "HELD, or RELEASED when this answer comes from unreserveFile." })
  state!: LockState;

  @Field(() => Principal, { nullable: true, description: "The user who reserved the file." })
  reservedBy?: Principal | null;

  @Field(() => DateTime, { nullable: true, description: "When the file was reserved." })
  reservedAt?: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "When LockGraph last confirmed this state at the vendor.",
  })
  observedAt?: Date | null;
}
