import assert from "node:assert/strict";
import { bareToken } from "../../src/vendors/upstream-errors.js";
import { LockGraphError, type ErrorCode } from "../../src/domain/errors.js";
import type { Provider } from "../../src/domain/providers.js";

/**
 * Awaits a call that must fail with a contract error and checks code, provider and
 * `upstream`; also that no credential text appears anywhere in what the caller would see.
 */
export async function expectContractError(
  call: Promise<unknown>,
  expected: {
    code: ErrorCode;
    provider: Provider;
    status?: number | null;
    vendorCode?: string | null;
    credentials?: string[];
  },
): Promise<LockGraphError> {
  const error = await call.then(
    (value) => assert.fail(`expected ${expected.code}, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof LockGraphError, `expected a LockGraphError, got ${String(error)}`);
  assert.equal(error.extensions.code, expected.code, error.message);
  assert.equal(error.extensions.provider, expected.provider);
  const upstream = error.extensions.upstream as { status: number | null; code: string | null } | undefined;
  assert.ok(upstream, "extensions.upstream must be set");
  if (expected.status !== undefined) assert.equal(upstream.status, expected.status);
  if (expected.vendorCode !== undefined) assert.equal(upstream.code, expected.vendorCode);
  const visible = JSON.stringify({ message: error.message, extensions: error.extensions });
  for (const credential of expected.credentials ?? []) {
    const token = bareToken(credential);
    assert.ok(!visible.includes(token), `credential leaked: ${visible}`);
  }
  return error;
}
