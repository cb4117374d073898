import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoCredentialIn } from "./lockgraph.js";

// The scan every e2e suite runs on close() must be able to fail, or it proves nothing.
describe("the credential leak scan", () => {
  const credentials = new Set(["Bearer alice", "Bearer+eyJhbGciOiJIUzI1NiJ9"]);

  it("finds a full credential value", () => {
    assert.throws(() => assertNoCredentialIn(['{"message":"bad Bearer alice"}'], credentials));
  });

  it("finds a long bare token", () => {
    assert.throws(() => assertNoCredentialIn(["token eyJhbGciOiJIUzI1NiJ9 expired"], credentials));
  });

  it("lets a short token that doubles as the simulated user name through", () => {
    assert.doesNotThrow(() => assertNoCredentialIn(['{"holder":{"id":"alice"}}'], credentials));
  });
});
