import { registerEnumType } from "type-graphql";
import { Provider } from "../domain/providers.js";
import { VENDORS } from "../vendors/registry.js";

registerEnumType(Provider, {
  name: "Provider",
  description: "A vendor system whose locks LockGraph reads and controls.",
  // Each value is described by its vendor definition (src/vendors/<vendor>/definition.ts).
  valuesConfig: Object.fromEntries(VENDORS.map((v) => [v.provider, { description: v.description }])),
});

export { Provider };
