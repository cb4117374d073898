import { Arg, FieldResolver, ID, Resolver, Root, Subscription } from "type-graphql";
import type { SubscribeResolverData } from "type-graphql";
import type { Context } from "../context.js";
import { encodeHoldEventId } from "../domain/holds.js";
import type { HoldEventFilter as LedgerFilter, HoldEvent as LedgerHoldEvent } from "../ledger/event-store.js";
import { holdFromLedger } from "../services/hold-changes.js";
import { CLOSE_SLOW_CONSUMER, watchHoldEvents } from "../services/hold-watch.js";
import { HoldEvent } from "../schema/hold-event.type.js";
import { HoldEventFilter } from "../schema/hold-event-filter.input.js";
import { ResourceKind } from "../schema/resource-kind.enum.js";
import { Reservation } from "../schema/reservation.type.js";
import { LockedResource } from "../schema/locked-resource.type.js";
import { Principal } from "../schema/principal.type.js";
import { Provider } from "../schema/provider.enum.js";
import { DateTime } from "../schema/date-time.scalar.js";

interface HoldEventsArgs {
  filter?: HoldEventFilter | null;
  afterEventId?: string | null;
}

/** Live hold events (docs/events.md): the subscription, and HoldEvent shaped from the ledger's record. */
@Resolver(() => HoldEvent)
export class HoldEventResolver {
  @Subscription(() => HoldEvent, {
    description:
      "Events as they happen: first those after afterEventId (from the ledger), then live, none twice. Operators may watch everything; anyone else names holdIds or resources, checked live with their own credentials.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, HoldEventsArgs, Context>) =>
      watchHoldEvents(
        {
          operator: context.operator,
          events: context.events,
          locks: context.locks,
          freshLocks: context.freshLocks,
          recheckMs: context.subscriptionRecheckMs,
          onDrop: (reason) => context.connection?.close(CLOSE_SLOW_CONSUMER, reason.message),
        },
        { filter: ledgerFilter(args.filter), afterEventId: args.afterEventId },
      ),
  })
  holdEvents(
    @Root() event: LedgerHoldEvent,
    @Arg("filter", () => HoldEventFilter, {
      nullable: true,
      description: "Which events; see HoldEventFilter.",
    })
    _filter: HoldEventFilter | null,
    @Arg("afterEventId", () => ID, {
      nullable: true,
      description: "Resume: the events after this one come from the ledger first.",
    })
    _afterEventId: string | null,
  ): HoldEvent {
    return {
      id: encodeHoldEventId(event.id),
      kind: event.kind as HoldEvent["kind"],
      at: event.at,
      hold: holdFromLedger(event.hold) as HoldEvent["hold"],
      actor: event.actor,
      operation: event.operation,
      errorCode: event.errorCode,
    };
  }
}

/** GraphQL's null lists are the ledger filter's missing ones. */
function ledgerFilter(filter: HoldEventFilter | null | undefined): LedgerFilter {
  return {
    providers: filter?.providers ?? undefined,
    holdIds: filter?.holdIds ?? undefined,
    resources: filter?.resources ?? undefined,
    kinds: filter?.kinds ?? undefined,
  };
}

/** A Reservation's Hold fields, from what Oracle says of it (docs/contract.md, "The ledger"). */
@Resolver(() => Reservation)
export class ReservationHoldResolver {
  @FieldResolver(() => Provider, { description: "Always ORACLE_CONTENT." })
  provider(): Provider {
    return "ORACLE_CONTENT" as Provider;
  }

  @FieldResolver(() => LockedResource, { description: "The file: kind FILE, id the file id." })
  resource(@Root() reservation: Reservation): LockedResource {
    return { kind: ResourceKind.FILE, id: reservation.fileId, objectIds: null };
  }

  @FieldResolver(() => Principal, { nullable: true, description: "The same as reservedBy." })
  holder(@Root() reservation: Reservation): Principal | null {
    return reservation.reservedBy ?? null;
  }

  @FieldResolver(() => DateTime, { nullable: true, description: "The same as reservedAt." })
  acquiredAt(@Root() reservation: Reservation): Date | null {
    return reservation.reservedAt ?? null;
  }

  @FieldResolver(() => DateTime, { nullable: true, description: "Reservations do not lapse: always null." })
  expiresAt(): Date | null {
    return null;
  }
}
