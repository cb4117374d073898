import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { request } from "undici";
import { Provider } from "../../src/domain/providers.js";
import { startTestLockGraph, type TestLockGraph } from "../support/lockgraph.js";

describe("the browser pages over HTTP", () => {
  let lockgraph: TestLockGraph;
  const at = (path: string) => `http://127.0.0.1:${lockgraph.port}${path}`;

  before(async () => {
    lockgraph = await startTestLockGraph();
  });
  after(() => lockgraph.close());

  for (const [path, title] of [
    ["/", /who holds what/],
    ["/graphiql", /GraphiQL/],
  ] as const) {
    it(`serves ${path} as HTML that may load only LockGraph's own resources`, async () => {
      const response = await fetch(at(path));
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'self'/);
      assert.match(await response.text(), title);
    });
  }

  it("serves the pages' scripts as immutable JavaScript", async () => {
    const html = await (await fetch(at("/"))).text();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const response = await fetch(at(script));
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.match(response.headers.get("cache-control") ?? "", /immutable/);
  });

  it("sends a page or asset gzipped to a browser that accepts it, and plain otherwise", async () => {
    const html = await (await fetch(at("/graphiql"))).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const plain = await request(at(script));
    const gzipped = await request(at(script), { headers: { "accept-encoding": "gzip, deflate, br" } });

    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(gzipped.headers["content-encoding"], "gzip");
    assert.equal(gzipped.headers.vary, "Accept-Encoding");
    const [text, compressed] = [await plain.body.text(), Buffer.from(await gzipped.body.arrayBuffer())];
    assert.ok(compressed.length < text.length / 2);
    assert.equal(gunzipSync(compressed).toString("utf8"), text);
  });

  it("answers 404 for an asset that does not exist, however its name is spelled", async () => {
    for (const path of ["/assets/nope.js", "/assets/..%2f..%2fpackage.json", "/assets/%2e%2e/index.html"]) {
      assert.equal((await fetch(at(path))).status, 404, path);
    }
  });

  it("answers 405 to anything but GET and HEAD", async () => {
    const response = await fetch(at("/"), { method: "POST", body: "x" });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "GET, HEAD");
  });

  it("tells the dashboard it runs in demo mode when every provider is simulated", async () => {
    assert.deepEqual(await (await fetch(at("/dashboard/config.json"))).json(), { demo: true });
  });

  it("tells the dashboard it does not when a provider talks to a real vendor", async () => {
    const partly = await startTestLockGraph({
      LOCKGRAPH_REFERENCE_DATA_URL: lockgraph.simulators.url(Provider.REFERENCE_DATA),
    });
    try {
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${partly.port}/dashboard/config.json`)).json(), {
        demo: false,
      });
    } finally {
      await partly.close();
    }
  });
});
