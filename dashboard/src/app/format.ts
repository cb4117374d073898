import type { HoldEventKind, Provider } from "../../../client/sdk.js";

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

export const formatDateTime = (iso: string): string => DATE_TIME.format(new Date(iso));
export const formatTime = (date: Date): string => TIME.format(date);

/** "9 min 58 s left", "expired": a lease's countdown at `now`. */
export function countdown(expiresAt: string, now: number): string {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (seconds <= 0) return "expired";
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours > 0) return `${hours} h ${minutes % 60} min left`;
  return minutes > 0 ? `${minutes} min ${seconds % 60} s left` : `${seconds} s left`;
}

/** "3 min ago": how long a hold has been held. */
export function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}

/** Alice (571); for iModels, whose holder is a briefcase, "briefcase 2". */
export function holderName(
  holder: { id: string; displayName: string | null } | null,
  provider?: Provider,
): string {
  if (!holder) return "unknown";
  if (provider === "IMODELS" && !holder.displayName) return `briefcase ${holder.id}`;
  return holder.displayName && holder.displayName !== holder.id
    ? `${holder.displayName} (${holder.id})`
    : holder.id;
}

export const EVENT_KINDS: Record<HoldEventKind, string> = {
  ACQUIRED: "Taken through LockGraph",
  RENEWED: "Renewed",
  RELEASED: "Released through LockGraph",
  REFUSED: "Refused by the vendor",
  OBSERVED_HELD: "Found held (taken outside LockGraph)",
  OBSERVED_RELEASED: "Found released (released outside LockGraph)",
  EXPIRING: "Lease ending soon",
  EXPIRED: "Lease expired",
};
