import { registerEnumType } from "type-graphql";
import { HoldEventKind } from "../domain/holds.js";

registerEnumType(HoldEventKind, {
  name: "HoldEventKind",
  description: "What happened to a hold.",
  valuesConfig: {
    ACQUIRED: { description: "Taken through LockGraph (acquire, check-out, reserve)." },
    RENEWED: { description: "Renewed through LockGraph." },
    RELEASED: { description: "Released through LockGraph (release, check-in, unreserve, release-chunk)." },
    REFUSED: { description: "The vendor refused an acquire or a release; errorCode says why." },
    OBSERVED_HELD: {
      description: "A read found it held, and the ledger did not know (taken outside LockGraph).",
    },
    OBSERVED_RELEASED: {
      description: "A read found it gone while the ledger had it held (released outside LockGraph).",
    },
    EXPIRING: { description: "Its lease ends within LOCKGRAPH_EXPIRY_WARNING_SECONDS." },
    EXPIRED: { description: "Its lease ended without renewal." },
  },
});

export { HoldEventKind };
