import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Two pages, each its own entry: the dashboard (/) and GraphiQL (/graphiql). The server
 * serves the output from dist/dashboard; every asset is LockGraph's own, so both work offline.
 */
export default defineConfig({
  root: here("."),
  base: "/",
  publicDir: false,
  build: {
    outDir: here("../dist/dashboard"),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    // Lists each page's chunks: the test of the dashboard's size budget reads it.
    manifest: true,
    // GraphiQL's editor (Monaco) is one 2.8 MB chunk; the dashboard's own budget is a test.
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      input: { dashboard: here("index.html"), graphiql: here("graphiql.html") },
      // GraphiQL's React dependencies mark modules "use client", which means nothing here.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
