import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { VENDORS } from "../../src/vendors/registry.js";
import { clientHeadersSource } from "../../scripts/client-headers.js";

describe("the SDK's header map", () => {
  it("is derived from the vendor registry (run `npm run schema` after changing a definition)", () => {
    const committed = readFileSync(new URL("../../../client/headers.ts", import.meta.url), "utf8");
    assert.equal(committed, clientHeadersSource(VENDORS));
  });
});
