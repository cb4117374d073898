import { registerEnumType } from "type-graphql";
import { LockState } from "../domain/locks.js";

registerEnumType(LockState, {
  name: "LockState",
  description: "Whether a lock or reservation is in force.",
  valuesConfig: {
    HELD: { description: "The lock is in force." },
    RELEASED: {
      description: "The lock was released (or checked in) by this operation and is no longer in force.",
    },
    EXPIRED: { description: "It lapsed at expiresAt without renewal (KooDrive)." },
  },
});

export { LockState };
