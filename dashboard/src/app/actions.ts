import type { HoldRow, Sdk } from "./api.js";
import { holderName } from "./format.js";
import { resourceName, vendorName } from "./vendors.js";

export type ActionKind = "release" | "renew" | "unreserve";

export const ACTION_LABELS: Record<ActionKind, string> = {
  release: "Release",
  renew: "Renew",
  unreserve: "Unreserve",
};

/** What may be done to a hold: Reservations are unreserved, Locks released, KooDrive's leases also renewed. */
export function actionsFor(hold: HoldRow): ActionKind[] {
  if (hold.state !== "HELD") return [];
  if (hold.__typename === "Reservation") return ["unreserve"];
  return hold.provider === "KOODRIVE" ? ["renew", "release"] : ["release"];
}

/** The button's accessible name: which hold it acts on, since every row has one. */
export function actionName(kind: ActionKind, hold: HoldRow): string {
  return `${ACTION_LABELS[kind]} ${resourceName(hold.resource)} held by ${holderName(hold.holder, hold.provider)}`;
}

/** What the confirm dialog says will happen, at which vendor. */
export function consequence(kind: ActionKind, hold: HoldRow): string {
  const where = vendorName(hold.provider);
  const what = resourceName(hold.resource);
  switch (kind) {
    case "renew":
      return `${where} extends the lease on ${what} to 10 minutes from now.`;
    case "unreserve":
      return `${where} ends ${holderName(hold.holder, hold.provider)}'s reservation of ${what}; anyone may reserve it then.`;
    case "release":
      return hold.provider === "SUPEROFFICE"
        ? `${where} abandons the checkout of ${what} without checking in a new version; anyone may check it out then.`
        : `${where} releases ${what}, held by ${holderName(hold.holder, hold.provider)}; anyone may take it then.`;
  }
}

/** Calls the hold's own mutation; a refusal throws graphql-request's ClientError with LockGraph's code. */
export async function runAction(sdk: Sdk, kind: ActionKind, hold: HoldRow): Promise<void> {
  switch (kind) {
    case "release":
      await sdk.ReleaseLock({ id: hold.id });
      return;
    case "renew":
      await sdk.RenewLock({ id: hold.id });
      return;
    case "unreserve":
      // A Reservation's resource is its file (client/operations/dashboard.graphql).
      await sdk.UnreserveFile({ fileId: hold.resource.id });
      return;
  }
}
