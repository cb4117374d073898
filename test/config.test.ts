import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ConfigError, loadConfig } from "../src/config.js";
import { Provider } from "../src/domain/providers.js";

describe("configuration", () => {
  it("defaults to port 4000 and embedded simulators", () => {
    const config = loadConfig({});
    assert.equal(config.port, 4000);
    assert.equal(config.upstream[Provider.IMODELS].url, undefined);
  });

  it("reads a vendor URL and per-provider overrides", () => {
    const config = loadConfig({
      LOCKGRAPH_IMODELS_URL: "https://api.example.test/",
      LOCKGRAPH_IMODELS_MAX_CONCURRENCY: "4",
    });
    assert.equal(config.upstream[Provider.IMODELS].url, "https://api.example.test");
    assert.equal(config.upstream[Provider.IMODELS].maxConcurrency, 4);
    assert.equal(config.upstream[Provider.SUPEROFFICE].maxConcurrency, 16);
  });

  for (const [name, value] of [
    ["LOCKGRAPH_IMODELS_URL", "not a url"],
    ["LOCKGRAPH_KOODRIVE_URL", "ftp://files.example.test"],
    ["PORT", "forty"],
    ["PORT", "70000"],
    ["LOCKGRAPH_UPSTREAM_TIMEOUT_MS", "-5"],
    ["LOCKGRAPH_INTROSPECTION", "maybe"],
    ["LOCKGRAPH_CORS_ORIGINS", "https://ok.example.test, dashboard.example.test"],
    ["LOCKGRAPH_CORS_ORIGINS", "https://dashboard.example.test/app"],
    ["LOCKGRAPH_CORS_ORIGINS", "*"],
    ["LOCKGRAPH_SHUTDOWN_QUIET_MS", "soon"],
    ["LOCKGRAPH_WS_SLOW_CONSUMER_GRACE_MS", "-1"],
  ]) {
    it(`refuses ${name}=${value} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${name} `),
      );
    });
  }

  it("reads CORS origins as browsers send them, and none when unset", () => {
    assert.deepEqual(
      loadConfig({
        LOCKGRAPH_CORS_ORIGINS:
          " https://Dashboard.Example.test/ ,http://127.0.0.1:5173,https://x.example.test:443",
      }).corsOrigins,
      ["https://dashboard.example.test", "http://127.0.0.1:5173", "https://x.example.test"],
    );
    assert.deepEqual(loadConfig({}).corsOrigins, []);
  });

  it("names the bad CORS origin by position without echoing it", () => {
    assert.throws(
      () =>
        loadConfig({
          LOCKGRAPH_CORS_ORIGINS: "https://ok.example.test,https://user:hunter2@bad.example.test",
        }),
      (e: unknown) =>
        e instanceof ConfigError &&
        /^LOCKGRAPH_CORS_ORIGINS entry 2 is not an origin/.test(e.message) &&
        !e.message.includes("hunter2"),
    );
  });

  it("does not echo a URL's value, which may carry a password", () => {
    assert.throws(
      () => loadConfig({ LOCKGRAPH_IMODELS_URL: "gopher://user:hunter2@host" }),
      (e: unknown) => e instanceof Error && !e.message.includes("hunter2"),
    );
  });

  it("stops start-up with exactly one line naming the bad variable", () => {
    const entry = fileURLToPath(new URL("../src/index.js", import.meta.url));
    const run = spawnSync(process.execPath, [entry], {
      env: { ...process.env, PORT: "0", LOCKGRAPH_ORACLE_CONTENT_URL: "nope" },
      encoding: "utf8",
      timeout: 20_000,
    });
    assert.equal(run.status, 1);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0] ?? "", /LOCKGRAPH_ORACLE_CONTENT_URL/);
    assert.equal(run.stdout, "");
  });
  it("in production, stops start-up on an unset vendor URL with one line naming the variables", () => {
    const entry = fileURLToPath(new URL("../src/index.js", import.meta.url));
    const run = spawnSync(process.execPath, [entry], {
      env: { ...process.env, PORT: "0", NODE_ENV: "production", LOCKGRAPH_IMODELS_URL: "http://127.0.0.1:9" },
      encoding: "utf8",
      timeout: 20_000,
    });
    assert.equal(run.status, 1);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    for (const variable of [
      "LOCKGRAPH_REFERENCE_DATA_URL",
      "LOCKGRAPH_SUPEROFFICE_URL",
      "LOCKGRAPH_KOODRIVE_URL",
      "LOCKGRAPH_ORACLE_CONTENT_URL",
      "LOCKGRAPH_SIMULATORS=true",
    ]) {
      assert.match(lines[0] ?? "", new RegExp(variable));
    }
    assert.doesNotMatch(lines[0] ?? "", /LOCKGRAPH_IMODELS_URL/);
  });

  it("in production, turns introspection and the landing page off unless set; LOCKGRAPH_SIMULATORS=true allows the simulators", () => {
    const config = loadConfig({ NODE_ENV: "production", LOCKGRAPH_SIMULATORS: "true" });
    assert.deepEqual([config.introspection, config.landingPage], [false, false]);
    const opened = loadConfig({
      NODE_ENV: "production",
      LOCKGRAPH_SIMULATORS: "true",
      LOCKGRAPH_INTROSPECTION: "true",
    });
    assert.equal(opened.introspection, true);
    const development = loadConfig({});
    assert.deepEqual([development.introspection, development.landingPage], [true, true]);
  });
});
