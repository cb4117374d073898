import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("the typed client SDK", () => {
  it("is what codegen makes from schema.graphql, client/operations and client/subscriptions (run `npm run codegen` after changing any)", async () => {
    const { config } = await loadCodegenConfig({ configFilePath: `${root}codegen.yml` });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const outputs = await generate({ ...config, silent: true }, false);
      for (const file of ["client/sdk.ts", "client/subscriptions.ts"]) {
        const output = outputs.find((o: { filename: string }) => o.filename.endsWith(file));
        assert.ok(output, `codegen produced ${file}`);
        assert.equal(output.content, readFileSync(`${root}${file}`, "utf8"), `${file} is stale`);
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
