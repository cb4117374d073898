import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";

/** What `npm run build` wrote (dashboard/vite.config.ts). */
const BUILT = new URL("../../dashboard/", import.meta.url);

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}

/** Every JavaScript file the dashboard page may load: its entry and all it imports, statically or lazily. */
function dashboardScripts(): string[] {
  const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", BUILT), "utf8")) as Record<
    string,
    Chunk
  >;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    assert.ok(chunk, `the manifest lists ${key}`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit("index.html");
  return [...files].filter((file) => file.endsWith(".js"));
}

describe("the dashboard's build output", () => {
  it("ships under 150 KB of gzipped JavaScript", () => {
    const scripts = dashboardScripts();
    const gzipped = scripts.reduce(
      (sum, file) => sum + gzipSync(readFileSync(new URL(file, BUILT))).length,
      0,
    );
    assert.ok(scripts.length > 0);
    assert.ok(gzipped < 150 * 1024, `${gzipped} bytes gzipped in ${scripts.join(", ")}`);
  });
});
