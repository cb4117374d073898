import { Directive, Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./date-time.scalar.js";
import { LockLevel } from "./lock-level.enum.js";
import { LockState } from "./lock-state.enum.js";
import { LockedResource } from "./locked-resource.type.js";
import { Hold } from "./hold.interface.js";
import { Node } from "./node.interface.js";
import { Principal } from "./principal.type.js";
import { Provider } from "./provider.enum.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: [Node, Hold], description: "A lock, checkout or backup lock held at one vendor." })
export class Lock implements Node, Hold {
  @Field(() => ID, {
    description: "Opaque, stable id: enough on its own for `lock`, `node`, `releaseLock` and `renewLock`.",
  })
  id!: string;

  @Field(() => Provider, { description: "The vendor that holds the lock." })
  provider!: Provider;

  @Field(() => LockedResource, { description: "What the lock holds." })
  resource!: LockedResource;

  @Field(() => LockLevel, { description: "Shared or exclusive." })
  level!: LockLevel;

  @Field(() => LockState, { description: "HELD, or RELEASED when this answer comes from a release." })
  state!: LockState;

  @Field(() => Principal, {
    nullable: true,
    description: "Who holds it: a user, a SuperOffice associate, or an iModels briefcase.",
  })
  holder?: Principal | null;

  @Field(() => DateTime, { nullable: true, description: "When it was acquired, where the vendor says." })
  acquiredAt?: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "When it lapses unless renewed (KooDrive: 10 minutes after acquire or renew).",
  })
  expiresAt?: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "When LockGraph last confirmed this state at the vendor.",
  })
  observedAt?: Date | null;
}
