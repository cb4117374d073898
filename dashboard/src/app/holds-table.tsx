import { ACTION_LABELS, type ActionKind, actionName, actionsFor } from "./actions.js";
import type { HoldRow } from "./api.js";
import { ago, countdown, formatDateTime, holderName } from "./format.js";
import { resourceName, vendorName } from "./vendors.js";

const STATES: Record<string, string> = { HELD: "Held", RELEASED: "Released", EXPIRED: "Expired" };

export interface HoldsTableProps {
  holds: HoldRow[];
  now: number;
  caption: string;
  /** The row whose action is running: its buttons wait. */
  busy?: string;
  onAction(kind: ActionKind, hold: HoldRow): void;
  onHistory(hold: HoldRow): void;
}

/** One row per hold. Each cell carries its column's name for the narrow layout, where rows become cards. */
export function HoldsTable({ holds, now, caption, busy, onAction, onHistory }: HoldsTableProps) {
  return (
    <table class="holds">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Vendor</th>
          <th scope="col">Resource</th>
          <th scope="col">Holder</th>
          <th scope="col">Since</th>
          <th scope="col">Lease</th>
          <th scope="col">State</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {holds.map((hold) => (
          <tr key={hold.id} data-hold-id={hold.id}>
            <td data-label="Vendor">{vendorName(hold.provider)}</td>
            <th scope="row" data-label="Resource" class="long">
              <span>
                {resourceName(hold.resource)}
                {hold.__typename === "Lock" && <span class="level"> {hold.level.toLowerCase()}</span>}
              </span>
            </th>
            <td data-label="Holder" class="long">
              {holderName(hold.holder, hold.provider)}
            </td>
            <td data-label="Since">
              {hold.acquiredAt ? <Moment at={hold.acquiredAt} now={now} relative={ago} /> : "unknown"}
            </td>
            <td data-label="Lease">
              {hold.expiresAt ? <Moment at={hold.expiresAt} now={now} relative={countdown} /> : "no expiry"}
            </td>
            <td data-label="State">
              <span class={`state state-${hold.state.toLowerCase()}`}>
                {STATES[hold.state] ?? hold.state}
              </span>
              {hold.observedAt && (
                // When LockGraph last confirmed this state at the vendor (KooDrive: when it last acted on it).
                <small class="observed">
                  confirmed <Moment at={hold.observedAt} now={now} relative={ago} />
                </small>
              )}
            </td>
            <td data-label="Actions">
              <div class="actions">
                {actionsFor(hold).map((kind) => (
                  <button
                    key={kind}
                    type="button"
                    class={kind === "renew" ? undefined : "danger"}
                    aria-label={actionName(kind, hold)}
                    disabled={busy === hold.id}
                    onClick={() => onAction(kind, hold)}
                  >
                    {ACTION_LABELS[kind]}
                  </button>
                ))}
                <button
                  type="button"
                  aria-label={`History of ${resourceName(hold.resource)}`}
                  onClick={() => onHistory(hold)}
                >
                  History
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A moment shown relative to `now` ("3 min ago", "9 min left"), its full date and time on hover. */
function Moment({
  at,
  now,
  relative,
}: {
  at: string;
  now: number;
  relative(at: string, now: number): string;
}) {
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {relative(at, now)}
    </time>
  );
}
