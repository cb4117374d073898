import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OperatorTokens } from "../../src/services/operator-tokens.js";

describe("OperatorTokens", () => {
  const tokens = new OperatorTokens(["op-token-1", "op-token-2"]);

  it("admits any configured token sent as a bearer", () => {
    assert.equal(tokens.admits("Bearer op-token-1"), true);
    assert.equal(tokens.admits("bearer op-token-2"), true);
  });

  it("refuses a wrong, partial, longer or missing token and other schemes", () => {
    for (const value of [
      undefined,
      "",
      "Bearer",
      "Bearer op-token",
      "Bearer op-token-1x",
      "op-token-1",
      "Basic op-token-1",
      "Bearer op-token-1 extra",
    ]) {
      assert.equal(tokens.admits(value), false, String(value));
    }
  });

  it("admits nobody when no token is configured", () => {
    const none = new OperatorTokens([]);
    assert.equal(none.configured, false);
    assert.equal(none.admits("Bearer anything"), false);
  });

  it("keeps no token in its own state", () => {
    assert.equal(JSON.stringify(tokens).includes("op-token"), false);
    assert.equal(
      Object.values(tokens)
        .flat()
        .some((v) => String(v).includes("op-token")),
      false,
    );
  });
});
