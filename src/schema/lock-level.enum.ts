import { registerEnumType } from "type-graphql";
import { LockLevel } from "../domain/locks.js";

registerEnumType(LockLevel, {
  name: "LockLevel",
  description: "How strongly a lock holds its resource.",
  valuesConfig: {
    SHARED: {
      description: "Others may hold shared locks on the same resource, but nobody may take it exclusively.",
    },
    EXCLUSIVE: { description: "Only the holder may change the resource." },
  },
});

export { LockLevel };
