import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { SubscribeResolverData } from "type-graphql";
import type { Context } from "../context.js";
import type { HoldEventFilter as LedgerFilter, HoldEvent as LedgerHoldEvent } from "../ledger/event-store.js";
import { eventView, type HoldEventView } from "../services/hold-queries.js";
import { watchHoldEvents } from "../services/hold-watch.js";
import { HoldEvent } from "../schema/hold-event.type.js";
import { HoldEventFilter } from "../schema/hold-event-filter.input.js";

interface HoldEventsArgs {
  filter?: HoldEventFilter | null;
  afterEventId?: string | null;
}

/** Live hold events (docs/events.md): the subscription, each event shaped as Query.holdEvents shapes it. */
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
          onDrop: (reason) => context.connection?.dropSlowConsumer(reason.message),
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
  ): HoldEventView {
    return eventView(event);
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
