import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { Hold as HoldShape } from "../domain/holds.js";
import type { HoldEventView, HoldPage, Page } from "../services/hold-queries.js";
import { HoldConnection, HoldEventConnection } from "../schema/hold-event.type.js";
import { HoldEventFilter } from "../schema/hold-event-filter.input.js";
import { HoldFilter } from "../schema/hold-filter.input.js";
import { Hold } from "../schema/hold.interface.js";
import type {
  LockedResource as LockedResourceShape,
  Principal as PrincipalShape,
  Reservation as ReservationShape,
} from "../domain/locks.js";
import { DateTime } from "../schema/date-time.scalar.js";
import { LockedResource } from "../schema/locked-resource.type.js";
import { Principal } from "../schema/principal.type.js";
import { Provider } from "../schema/provider.enum.js";
import { Reservation } from "../schema/reservation.type.js";
import { ResourceKind } from "../schema/resource-kind.enum.js";

@ArgsType()
class HistoryArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: "Events per page (1 to 100)." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}

/** Who holds what across every vendor (the ledger, verified live), its events, and each hold's history. */
@Resolver(() => Hold)
export class HoldResolver {
  @Query(() => HoldConnection, {
    nullable: true,
    description:
      "Who holds what, across every vendor. verify: false (operators only) answers from the ledger alone.",
  })
  async holds(
    @Arg("filter", () => HoldFilter, { nullable: true, description: "Which holds; default: HELD ones." })
    filter: HoldFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: "Holds per page (1 to 100)." })
    first: number | null,
    @Arg("after", () => String, { nullable: true, description: "The endCursor of the previous page." })
    after: string | null,
    @Arg("verify", () => Boolean, {
      nullable: true,
      defaultValue: true,
      description:
        "true: each hold is read live with your own credentials and only what they can read is returned. false: operators only.",
    })
    verify: boolean | null,
    @Ctx() { holds }: Context,
  ): Promise<HoldPage> {
    return holds.holds(filter, first ?? 50, after, verify ?? true);
  }

  @Query(() => HoldEventConnection, {
    nullable: true,
    description: "The ledger's events, oldest first. Operators only.",
  })
  async holdEvents(
    @Arg("filter", () => HoldEventFilter, { nullable: true, description: "Which events." })
    filter: HoldEventFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: "Events per page (1 to 100)." })
    first: number | null,
    @Arg("after", () => String, { nullable: true, description: "The endCursor of the previous page." })
    after: string | null,
    @Ctx() { holds }: Context,
  ): Promise<Page<HoldEventView>> {
    return holds.holdEvents(filter, first ?? 50, after);
  }

  @FieldResolver(() => HoldEventConnection, { description: "What happened to this hold, oldest first." })
  async history(
    @Root() hold: HoldShape,
    @Args(() => HistoryArgs) { first, after }: HistoryArgs,
    @Ctx() { holds }: Context,
  ): Promise<Page<HoldEventView>> {
    return holds.history(hold.id, first ?? 20, after);
  }
}

/** A Reservation as a Hold: Oracle Content's, on a FILE, held by whoever reserved it. */
@Resolver(() => Reservation)
export class ReservationHoldResolver {
  @FieldResolver(() => Provider, { description: "ORACLE_CONTENT." })
  provider(): Provider {
    return Provider.ORACLE_CONTENT;
  }

  @FieldResolver(() => LockedResource, { description: "The reserved file: kind FILE, id the file id." })
  resource(@Root() reservation: ReservationShape): LockedResourceShape {
    return { kind: ResourceKind.FILE, id: reservation.fileId };
  }

  @FieldResolver(() => Principal, {
    nullable: true,
    description: "The user who reserved the file (reservedBy).",
  })
  holder(@Root() reservation: ReservationShape): PrincipalShape | null {
    return reservation.reservedBy ?? null;
  }

  @FieldResolver(() => DateTime, { nullable: true, description: "When the file was reserved (reservedAt)." })
  acquiredAt(@Root() reservation: ReservationShape): Date | null {
    return reservation.reservedAt ?? null;
  }

  @FieldResolver(() => DateTime, { nullable: true, description: "Reservations do not lapse: null." })
  expiresAt(): null {
    return null;
  }
}
