import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoCredentialIn } from "./lockgraph.js";

// The scan every e2e suite runs on close() must be able to fail, or it proves nothing.
describe("the credential leak scan", () => {
  const token = "eyJhbGciOiJIUzI1NiJ9/+x";
  const basicPair = "svc-user:pa ss/+word";
  const basic = `Basic ${Buffer.from(basicPair).toString("base64")}`;
  const credentials = new Set(["Bearer alice", `Bearer ${token}`, basic]);
  const finds = (text: string) => assert.throws(() => assertNoCredentialIn([text], credentials), text);

  it("finds a full credential value", () => finds('{"message":"bad Bearer alice"}'));

  it("finds a long bare token, and under KooDrive's Bearer+", () => {
    finds(`token ${token} expired`);
    finds(`header Bearer+${token}`);
  });

  it("finds a credential URL-encoded and form-encoded", () => {
    finds(`?auth=${encodeURIComponent("Bearer alice")}`);
    finds(`auth=${new URLSearchParams({ a: "Bearer alice" }).toString().slice(2)}`);
    finds(`t=${encodeURIComponent(token)}`);
  });

  it("finds a credential in base64 and base64url, padded or not", () => {
    finds(Buffer.from("Bearer alice").toString("base64"));
    finds(Buffer.from(token).toString("base64url"));
    finds(Buffer.from(`Bearer ${token}`).toString("base64").replace(/=+$/, ""));
  });

  it("finds a Basic credential's decoded user:password, in its encodings too", () => {
    finds(`user ${basicPair} refused`);
    finds(encodeURIComponent(basicPair));
    finds(Buffer.from(basicPair).toString("base64url"));
  });

  it("lets a short token that doubles as the simulated user name through", () => {
    assert.doesNotThrow(() => assertNoCredentialIn(['{"holder":{"id":"alice"}}'], credentials));
  });
});
