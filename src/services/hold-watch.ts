import { decodeHoldEventId } from "../domain/holds.js";
import { ErrorCode, LockGraphError, badUserInput } from "../domain/errors.js";
import { ResourceKind } from "../domain/locks.js";
import { Provider } from "../domain/providers.js";
import type { HoldEventHub } from "../events/hold-event-hub.js";
import type { HoldEventSubscription, SubscriberTooSlow } from "../events/hold-event-subscription.js";
import { RecheckedStream } from "../events/rechecked-stream.js";
import type { HoldEvent as LedgerHoldEvent, HoldEventFilter as LedgerFilter } from "../ledger/event-store.js";
import type { LockService } from "./lock-service.js";
import { OPERATOR_HEADER } from "./operator-tokens.js";

export interface WatchRequest {
  filter: LedgerFilter;
  /** A HoldEvent id as clients received it. */
  afterEventId?: string | null;
}

export interface Watcher {
  operator: boolean;
  events: HoldEventHub;
  locks: LockService;
  /** A lock service with nothing cached, for each re-check. */
  freshLocks(): LockService;
  recheckMs: number;
  onDrop?: (reason: SubscriberTooSlow) => void;
}

/**
 * `Subscription.holdEvents` (docs/events.md): operators watch anything; anyone else names
 * holds or resources, each read live at its vendor with the caller's own credentials
 * before the first event, and again every `recheckMs` while the subscription lasts.
 */
export async function watchHoldEvents(
  watcher: Watcher,
  request: WatchRequest,
): Promise<AsyncIterableIterator<LedgerHoldEvent>> {
  const afterEventId = ledgerEventId(request.afterEventId);
  if (!watcher.operator) {
    const { holdIds, resources } = request.filter;
    if (!holdIds?.length && !resources?.length) {
      throw new LockGraphError(
        ErrorCode.FORBIDDEN,
        `Only operators may subscribe to every hold (send ${OPERATOR_HEADER}: Bearer <token>); name holdIds or resources in the filter.`,
      );
    }
    await assertWatchable(watcher.locks, request.filter);
  }
  const stream: HoldEventSubscription = watcher.events.subscribe(request.filter, {
    afterEventId,
    onDrop: watcher.onDrop,
  });
  if (watcher.operator) return stream;
  return new RecheckedStream(stream, () => assertWatchable(watcher.freshLocks(), request.filter), {
    everyMs: watcher.recheckMs,
    ends: isRefusal,
  });
}

function ledgerEventId(id: string | null | undefined): string | undefined {
  if (id === undefined || id === null) return undefined;
  const ledgerId = decodeHoldEventId(id);
  if (ledgerId === undefined) {
    throw badUserInput(
      "afterEventId is not a HoldEvent id: pass an event's id exactly as LockGraph sent it.",
    );
  }
  return ledgerId;
}

/** The vendor said no, or the caller sent nothing it could check: the subscription must end. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof LockGraphError &&
    (error.code === ErrorCode.FORBIDDEN || error.code === ErrorCode.UNAUTHENTICATED)
  );
}

/**
 * Reads each named hold and resource live, as `holds(verify: true)` would: the vendor's
 * refusal (FORBIDDEN, UNAUTHENTICATED without a credential) propagates. KooDrive has no
 * read endpoint: its holds are watchable by id only, by the user and credential that hold them.
 */
async function assertWatchable(locks: LockService, filter: LedgerFilter): Promise<void> {
  for (const id of filter.holdIds ?? []) {
    const hold = await locks.node(id);
    if (!hold && locks.providerOf(id) === Provider.KOODRIVE) {
      throw new LockGraphError(
        ErrorCode.FORBIDDEN,
        "KooDrive cannot be asked who holds a lock: only the user and credential that hold it may watch it.",
        { provider: Provider.KOODRIVE },
      );
    }
  }
  for (const { kind, id } of filter.resources ?? []) await readResource(locks, kind, id);
}

async function readResource(locks: LockService, kind: string, id: string): Promise<void> {
  switch (kind) {
    case ResourceKind.REFERENCE_DATA:
      await locks.referenceDataLock(positive(id));
      return;
    case ResourceKind.DOCUMENT:
      await locks.documentLock(positive(id));
      return;
    case ResourceKind.IMODEL:
      await locks.iModelLocks(id, { first: 1 });
      return;
    case ResourceKind.FILE:
      await locks.fileReservation(id);
      return;
    default:
      throw new LockGraphError(
        ErrorCode.FORBIDDEN,
        "KooDrive cannot be asked who holds a backup module: watch your own backup lock by its id (holdIds) instead.",
        { provider: Provider.KOODRIVE },
      );
  }
}

function positive(id: string): number {
  if (!/^\d{1,9}$/.test(id)) throw badUserInput(`resources: ${JSON.stringify(id)} is not a numeric id.`);
  return Number(id);
}
