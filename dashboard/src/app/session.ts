import type { LockGraphCredentials } from "../../../client/authorization.js";
import { VENDORS } from "./vendors.js";

/** Who the page acts for: one credential per vendor, and an operator token where the user has one. */
export interface Session {
  credentials: LockGraphCredentials;
  operatorToken?: string;
}

// sessionStorage, not localStorage: credentials last as long as the tab and never reach other tabs.
const KEY = "lockgraph.dashboard.session";

export function loadSession(): Session | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Session | null;
    return stored && hasAnyCredential(stored) ? stored : undefined;
  } catch {
    return undefined; // unreadable (edited by hand): sign in again
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

export function hasAnyCredential(session: Session): boolean {
  return VENDORS.some((vendor) => session.credentials[vendor.credential]) || !!session.operatorToken;
}

/** Demo users are simulator identities: short names the simulators read from `Bearer <user>`. */
export const DEMO_USER = /^[A-Za-z0-9_.-]{1,64}$/;

/** The embedded simulators take `Bearer <user>` as that user at every vendor (KooDrive also wants the user id). */
export function demoSession(user: string): Session {
  const credentials: LockGraphCredentials = { kooDriveUserId: user };
  for (const vendor of VENDORS) credentials[vendor.credential] = `Bearer ${user}`;
  return { credentials };
}

/** The demo user a session signs in as, if it is one (for the page's heading). */
export function demoUserOf(session: Session): string | undefined {
  const user = session.credentials.kooDriveUserId;
  if (!user) return undefined;
  const demo = demoSession(user).credentials;
  return VENDORS.every((vendor) => session.credentials[vendor.credential] === demo[vendor.credential])
    ? user
    : undefined;
}
