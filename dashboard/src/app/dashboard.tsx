import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { HoldFilter, LockState, Provider } from "../../../client/sdk.js";
import { ACTION_LABELS, type ActionKind, consequence, runAction } from "./actions.js";
import { type HoldRow, sdkFor } from "./api.js";
import { ConfirmDialog, type ConfirmRequest } from "./confirm-dialog.js";
import { describeError } from "./errors.js";
import { formatTime, holderName } from "./format.js";
import { HistoryPanel } from "./history-panel.js";
import { HoldsTable } from "./holds-table.js";
import { useLiveHolds } from "./live-holds.js";
import type { Session } from "./session.js";
import { VendorStatus } from "./vendor-status.js";
import { resourceName, VENDORS } from "./vendors.js";

const STATE_CHOICES: Array<{ value: string; label: string; states: LockState[] }> = [
  { value: "HELD", label: "Held", states: ["HELD"] },
  { value: "EXPIRED", label: "Expired", states: ["EXPIRED"] },
  { value: "RELEASED", label: "Released", states: ["RELEASED"] },
  { value: "ANY", label: "Any state", states: ["HELD", "EXPIRED", "RELEASED"] },
];

/** Ticks once a second for the countdowns; one timer for the whole table. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

interface Notice {
  text: string;
  failed: boolean;
}

export function Dashboard({ session }: { session: Session }) {
  const [provider, setProvider] = useState<Provider | "">("");
  const [stateChoice, setStateChoice] = useState("HELD");
  const [holder, setHolder] = useState("");
  const [confirm, setConfirm] = useState<ConfirmRequest>();
  const [history, setHistory] = useState<HoldRow>();
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const now = useNow();
  const sdk = useMemo(() => sdkFor(session), [session]);

  // Vendor and state narrow the query itself (fewer vendor reads); the holder is matched here,
  // by name or id, since people type part of a name rather than a vendor's exact id.
  const filter = useMemo<HoldFilter>(
    () => ({
      ...(provider ? { providers: [provider] } : {}),
      states: STATE_CHOICES.find((choice) => choice.value === stateChoice)?.states ?? ["HELD"],
    }),
    [provider, stateChoice],
  );
  const view = useLiveHolds(session, filter);
  const needle = holder.toLowerCase();
  const rows = (view.page?.holds ?? []).filter(
    (hold) =>
      !needle ||
      hold.holder?.id.toLowerCase().includes(needle) ||
      hold.holder?.displayName?.toLowerCase().includes(needle),
  );
  const changes = useChangeAnnouncement(view.page?.holds);

  useEffect(() => {
    // How long the first rows took from navigation (performance.now()'s origin): the browser test reads it.
    if (rows.length > 0 && performance.getEntriesByName("lockgraph:first-rows").length === 0)
      performance.mark("lockgraph:first-rows");
  }, [rows.length]);

  const ask = (kind: ActionKind, hold: HoldRow) =>
    setConfirm({
      title: `${ACTION_LABELS[kind]} ${resourceName(hold.resource)}?`,
      body: consequence(kind, hold),
      confirmLabel: ACTION_LABELS[kind],
      destructive: kind !== "renew",
      async onConfirm() {
        setBusy(hold.id);
        const what = resourceName(hold.resource);
        try {
          await runAction(sdk, kind, hold);
          setNotice({ text: `${ACTION_LABELS[kind]}: done for ${what}.`, failed: false });
        } catch (error) {
          const problem = describeError(error);
          setNotice({
            text: `Could not ${kind} ${what}: ${problem.sentence} ${problem.detail ?? ""}`.trim(),
            failed: true,
          });
        } finally {
          setBusy(undefined);
          view.refresh();
        }
      },
    });

  const shown = view.page ? `${rows.length} shown` : "loading";
  return (
    <>
      <VendorStatus session={session} holds={view.page?.holds} failures={view.page?.failures ?? []} />
      <search class="filters" aria-label="Filter holds">
        <p class="field">
          <label for="filter-provider">Vendor</label>
          <select
            id="filter-provider"
            value={provider}
            onChange={(event) => setProvider(event.currentTarget.value as Provider | "")}
          >
            <option value="">All vendors</option>
            {VENDORS.map((vendor) => (
              <option key={vendor.provider} value={vendor.provider}>
                {vendor.name}
              </option>
            ))}
          </select>
        </p>
        <p class="field">
          <label for="filter-state">State</label>
          <select
            id="filter-state"
            value={stateChoice}
            onChange={(event) => setStateChoice(event.currentTarget.value)}
          >
            {STATE_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </p>
        <p class="field">
          <label for="filter-holder">Holder</label>
          <input
            id="filter-holder"
            type="search"
            placeholder="name or id"
            value={holder}
            onInput={(event) => setHolder(event.currentTarget.value.trim())}
          />
        </p>
      </search>
      <output class="live" aria-live="polite">
        {notice && !notice.failed && <p>{notice.text}</p>}
        {changes && <p>{changes}</p>}
      </output>
      {notice?.failed && (
        <p role="alert" class="problem">
          {notice.text}
        </p>
      )}
      {view.problem && (
        <p role="alert" class="problem">
          {view.problem.sentence} {view.problem.detail}
        </p>
      )}
      <div class="table-wrap">
        <HoldsTable
          holds={rows}
          now={now}
          caption={`Holds you may see across the vendors (${shown})`}
          busy={busy}
          onAction={ask}
          onHistory={setHistory}
        />
        {view.page && rows.length === 0 && <p class="empty">No holds match.</p>}
        {view.page?.truncated && <p>More holds match than this page shows: narrow the filters.</p>}
      </div>
      {view.loadedAt && <p class="updated">Checked at every vendor at {formatTime(view.loadedAt)}.</p>}
      {history && <HistoryPanel sdk={sdk} hold={history} onClose={() => setHistory(undefined)} />}
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(undefined)} />}
    </>
  );
}

/**
 * What changed since the last answer, in words, for the aria-live region: nothing on the
 * first answer, nor on the first after the filters change (useLiveHolds starts over then).
 */
function useChangeAnnouncement(holds: HoldRow[] | undefined): string | undefined {
  const previous = useRef<Map<string, HoldRow> | undefined>(undefined);
  const [text, setText] = useState<string>();
  useEffect(() => {
    if (!holds) {
      previous.current = undefined;
      return;
    }
    const current = new Map(holds.map((hold) => [hold.id, hold]));
    const before = previous.current;
    previous.current = current;
    if (!before) return;
    const added = holds.filter((hold) => !before.has(hold.id));
    const gone = [...before.values()].filter((hold) => !current.has(hold.id));
    if (added.length === 0 && gone.length === 0) return;
    const name = (hold: HoldRow) =>
      `${resourceName(hold.resource)} (${holderName(hold.holder, hold.provider)})`;
    setText(
      [
        added.length ? `Now held: ${added.map(name).join(", ")}.` : "",
        gone.length ? `No longer held: ${gone.map(name).join(", ")}.` : "",
      ]
        .join(" ")
        .trim(),
    );
  }, [holds]);
  return text;
}
