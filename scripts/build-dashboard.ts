import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

/**
 * Type-checks the browser pages (dashboard and GraphiQL) and builds them into dist/dashboard
 * with Vite, unless nothing they are built from changed since the last build: `npm test` and
 * `npm start` run the build every time, and a no-op costs milliseconds instead of ~10 s.
 * Every page and asset is also written gzipped beside itself, so the server sends GraphiQL's
 * 3 MB editor as about 0.8 MB without compressing on each request.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const outDir = join(root, "dist", "dashboard");
const stampFile = join(outDir, ".inputs-sha256");
const inputs = ["dashboard", "client", "package-lock.json", "scripts/build-dashboard.ts"];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

function inputsHash(): string {
  const hash = createHash("sha256");
  for (const file of inputs.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

const hash = inputsHash();
if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash) process.exit(0);

try {
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "dashboard")],
    { stdio: "inherit" },
  );
} catch {
  process.exit(1); // tsc has printed the errors
}
await build({ configFile: join(root, "dashboard", "vite.config.ts"), logLevel: "warn" });
for (const file of filesUnder(outDir).filter((f) => /\.(html|js|css|svg|ttf)$/.test(f))) {
  writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
}
writeFileSync(stampFile, hash);
