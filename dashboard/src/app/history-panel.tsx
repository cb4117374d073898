import { useEffect, useRef, useState } from "preact/hooks";
import type { HoldHistoryQuery } from "../../../client/sdk.js";
import type { HoldRow, Sdk } from "./api.js";
import { describeError, type Problem, sentenceFor } from "./errors.js";
import { EVENT_KINDS, formatDateTime, holderName } from "./format.js";
import { resourceName, vendorName } from "./vendors.js";

type HistoryEvent = NonNullable<
  Extract<HoldHistoryQuery["node"], { history: unknown }>
>["history"]["edges"][number]["node"];

/** A hold's history from the ledger, oldest first; it opens under the table with focus on its heading. */
export function HistoryPanel({ sdk, hold, onClose }: { sdk: Sdk; hold: HoldRow; onClose(): void }) {
  const [events, setEvents] = useState<HistoryEvent[]>();
  const [problem, setProblem] = useState<Problem>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    let current = true;
    sdk.HoldHistory({ id: hold.id, first: 50 }).then(
      ({ node }) => {
        if (current) setEvents(node && "history" in node ? node.history.edges.map((edge) => edge.node) : []);
      },
      (error: unknown) => current && setProblem(describeError(error)),
    );
    return () => {
      current = false;
    };
  }, [sdk, hold.id]);

  return (
    <section class="history" aria-labelledby="history-title">
      <h2 id="history-title" tabIndex={-1} ref={heading}>
        History of {resourceName(hold.resource)} at {vendorName(hold.provider)}
      </h2>
      {problem && (
        <p role="alert" class="problem">
          {problem.sentence} {problem.detail}
        </p>
      )}
      {!events && !problem && <p>Loading the history…</p>}
      {events && events.length === 0 && <p>LockGraph has recorded nothing for this hold yet.</p>}
      {events && events.length > 0 && (
        <ol>
          {events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>{" "}
              <strong>{EVENT_KINDS[event.kind] ?? event.kind}</strong>
              {event.actor && <> by {holderName(event.actor, hold.provider)}</>}
              {event.operation && <> ({event.operation})</>}
              {event.errorCode && <>: {sentenceFor(event.errorCode)}</>}
            </li>
          ))}
        </ol>
      )}
      <button type="button" onClick={onClose}>
        Close history
      </button>
    </section>
  );
}
