import { useEffect, useRef, useState } from "preact/hooks";
import type { LiveHoldEvent } from "../../../client/live.js";
import type { HoldFilter, LockState } from "../../../client/sdk.js";
import { fetchHolds, type HoldRow, type HoldsPage, liveClientFor, sdkFor } from "./api.js";
import { describeError, type Problem } from "./errors.js";
import type { Session } from "./session.js";

/*
 * How the table stays live. A non-operator may only subscribe to holds or resources they
 * name, so `holdEvents` alone can tell about the holds already shown (released, renewed,
 * expired) but never about a hold someone takes on a resource the page does not know yet.
 * So the page does both: it subscribes for exactly the holds shown (again whenever that set
 * changes) and re-queries `holds` on any event, and it also re-queries every POLL_MS while
 * the tab is visible, which is what makes another user's new hold appear within about a
 * second. One query at a time: a tick that finds one in flight only marks that another is
 * due. An operator's subscription is unfiltered, so every event already says something
 * changed: for them the interval is only a safety net and runs far less often.
 */
const POLL_MS = 1_000;
const OPERATOR_POLL_MS = 15_000;

export interface HoldsView {
  page?: HoldsPage;
  /** The whole query failed (LockGraph unreachable...); the last rows stay shown. */
  problem?: Problem;
  loadedAt?: Date;
  /** Re-queries now (after an action). */
  refresh(): void;
}

export function useLiveHolds(session: Session, filter: HoldFilter): HoldsView {
  const [view, setView] = useState<Omit<HoldsView, "refresh">>({});
  const refreshRef = useRef<() => void>(() => {});
  const filterKey = JSON.stringify(filter);
  const operator = !!session.operatorToken;

  useEffect(() => {
    // Parsed back from its key: a new filter object with the same content must not restart polling.
    const query = JSON.parse(filterKey) as HoldFilter;
    // Rows of another filter are not this one's: start over (the caption says "loading").
    setView({});
    const sdk = sdkFor(session);
    let stopped = false;
    let inFlight = false;
    let due = false;
    const load = async (): Promise<void> => {
      if (inFlight) {
        due = true;
        return;
      }
      inFlight = true;
      try {
        const page = await fetchHolds(sdk, query);
        if (!stopped) setView({ page, loadedAt: new Date() });
      } catch (error) {
        if (!stopped) setView((previous) => ({ ...previous, problem: describeError(error) }));
      } finally {
        inFlight = false;
        if (due && !stopped) {
          due = false;
          void load();
        }
      }
    };
    refreshRef.current = () => void load();
    void load();
    const timer = setInterval(
      () => {
        if (document.visibilityState === "visible") void load();
      },
      operator ? OPERATOR_POLL_MS : POLL_MS,
    );
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [session, filterKey, operator]);

  const states = filter.states ?? ["HELD"];
  useHoldEvents(session, view.page?.holds, (event) => {
    setView((previous) =>
      previous.page ? { ...previous, page: withEvent(previous.page, event, states) } : previous,
    );
    refreshRef.current();
  });

  return { ...view, refresh: () => refreshRef.current() };
}

/** Subscribes for the holds shown (every hold, for an operator), again whenever that set changes. */
function useHoldEvents(
  session: Session,
  holds: HoldRow[] | undefined,
  onEvent: (event: LiveHoldEvent) => void,
) {
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  // Resuming after the last event seen means a re-subscription misses nothing that happened in between.
  const lastEventId = useRef<string | undefined>(undefined);
  const [live, setLive] = useState<ReturnType<typeof liveClientFor>>();
  const operator = !!session.operatorToken;
  const ids = operator ? "" : [...new Set((holds ?? []).map((hold) => hold.id))].sort().join("\n");

  useEffect(() => {
    const client = liveClientFor(session);
    setLive(client);
    lastEventId.current = undefined;
    return () => void client.dispose();
  }, [session]);

  useEffect(() => {
    if (!live || (!operator && !ids)) return;
    const holdIds = ids ? ids.split("\n") : [];
    return live.holdEvents(
      { filter: operator ? {} : { holdIds }, afterEventId: lastEventId.current },
      {
        next(event) {
          lastEventId.current = event.id;
          onEventRef.current(event);
        },
        // Refused (a hold shown a moment ago is no longer the caller's to read) or gone for good:
        // polling goes on, and the next change to the set of holds subscribes again.
        error() {},
      },
    );
  }, [live, ids, operator]);
}

/** The event's hold as it stood right after the event, applied at once; the re-query that follows confirms it. */
function withEvent(page: HoldsPage, event: LiveHoldEvent, states: readonly LockState[]): HoldsPage {
  const index = page.holds.findIndex((hold) => hold.id === event.hold.id);
  if (index < 0) return page;
  const holds = [...page.holds];
  if (states.includes(event.hold.state)) holds[index] = event.hold;
  else holds.splice(index, 1);
  return { ...page, holds };
}
