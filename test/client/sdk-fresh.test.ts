import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("the typed client SDK", () => {
  it("is what codegen makes from schema.graphql and client/operations (run `npm run codegen` after changing either)", async () => {
    const { config } = await loadCodegenConfig({ configFilePath: `${root}codegen.yml` });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const outputs = await generate({ ...config, silent: true }, false);
      const sdk = outputs.find((o: { filename: string }) => o.filename.endsWith("client/sdk.ts"));
      assert.ok(sdk, "codegen produced client/sdk.ts");
      assert.equal(sdk.content, readFileSync(`${root}client/sdk.ts`, "utf8"));
    } finally {
      process.chdir(cwd);
    }
  });
});
