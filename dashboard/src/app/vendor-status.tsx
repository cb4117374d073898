import type { HoldRow, HoldsFailure } from "./api.js";
import { sentenceFor } from "./errors.js";
import type { Session } from "./session.js";
import { VENDORS } from "./vendors.js";

/**
 * Each vendor's line: how many of its holds are shown, that it is left out for want of a
 * credential, or, when it failed, what went wrong in words, with what LockGraph was told.
 */
export function VendorStatus({
  session,
  holds,
  failures,
}: {
  session: Session;
  holds?: HoldRow[];
  failures: HoldsFailure[];
}) {
  return (
    <section aria-labelledby="vendors-title" class="vendors">
      <h2 id="vendors-title">Vendors</h2>
      <ul>
        {VENDORS.map((vendor) => {
          const failure = failures.find((f) => f.provider === vendor.provider);
          const count = holds?.filter((hold) => hold.provider === vendor.provider).length;
          return (
            <li key={vendor.provider} data-provider={vendor.provider} class={failure ? "failed" : undefined}>
              <strong>{vendor.name}</strong>{" "}
              {failure ? (
                <span class="problem" role="alert">
                  {sentenceFor(failure.code)} <span class="detail">{failure.message}</span>
                </span>
              ) : !session.credentials[vendor.credential] ? (
                <span>No credential: its holds are left out.</span>
              ) : count === undefined ? (
                <span>Checking…</span>
              ) : (
                <span>{count === 1 ? "1 hold shown" : `${count} holds shown`}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
