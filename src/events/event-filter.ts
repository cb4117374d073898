import type { HoldEvent, HoldEventFilter } from "../ledger/event-store.js";

/**
 * The ledger's `events.after` filter, applied to one event in memory: each list narrows,
 * an empty or missing list lets everything through (docs/events.md).
 */
export function matchesFilter(filter: HoldEventFilter, event: HoldEvent): boolean {
  const { hold } = event;
  if (filter.providers?.length && !filter.providers.includes(hold.provider)) return false;
  if (filter.holdIds?.length && !filter.holdIds.includes(hold.id)) return false;
  if (filter.kinds?.length && !filter.kinds.includes(event.kind)) return false;
  if (
    filter.resources?.length &&
    !filter.resources.some((r) => r.kind === hold.resource.kind && r.id === hold.resource.id)
  )
    return false;
  return true;
}

/** Event ids are decimal int8 strings handed out in commit order; compare them as numbers. */
export function eventIdAfter(id: string, than: string | undefined): boolean {
  return than === undefined || BigInt(id) > BigInt(than);
}
