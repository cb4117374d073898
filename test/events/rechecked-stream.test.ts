import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { RecheckedStream } from "../../src/events/rechecked-stream.js";

/** A source that yields what is pushed and ends when returned, like a hub subscription. */
function source() {
  const queue: number[] = [];
  let waiting: ((r: IteratorResult<number>) => void) | undefined;
  let ended = false;
  return {
    push(n: number) {
      if (waiting) waiting({ value: n, done: false });
      else queue.push(n);
      waiting = undefined;
    },
    get ended() {
      return ended;
    },
    async next(): Promise<IteratorResult<number>> {
      if (ended) return { value: undefined, done: true };
      const n = queue.shift();
      if (n !== undefined) return { value: n, done: false };
      return new Promise((resolve) => (waiting = resolve));
    },
    async return(): Promise<IteratorResult<number>> {
      ended = true;
      waiting?.({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
  };
}

class Refused extends Error {}

describe("RecheckedStream", () => {
  // The stream's timer is unref'd (it never holds a process open); this keeps the test's loop alive.
  let keepAlive: NodeJS.Timeout;
  beforeEach(() => (keepAlive = setInterval(() => undefined, 1_000)));
  afterEach(() => clearInterval(keepAlive));

  it("passes events through while the check allows, and ends with the refusal once it refuses", async () => {
    const s = source();
    let allowed = true;
    let checks = 0;
    const stream = new RecheckedStream(
      s,
      async () => {
        checks++;
        if (!allowed) throw new Refused("no longer readable");
      },
      { everyMs: 20, ends: (e) => e instanceof Refused },
    );
    s.push(1);
    assert.deepEqual(await stream.next(), { value: 1, done: false });
    await new Promise((r) => setTimeout(r, 70));
    assert.ok(checks >= 2, "checked on the timer");
    const pending = stream.next();
    allowed = false;
    await assert.rejects(pending, Refused);
    assert.ok(s.ended, "the source was ended");
    const after = checks;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(checks, after, "no more checks once ended");
  });

  it("keeps the stream when a check fails for another reason (a vendor outage)", async () => {
    const s = source();
    const kept: unknown[] = [];
    const stream = new RecheckedStream(
      s,
      async () => {
        throw new Error("vendor unavailable");
      },
      { everyMs: 15, ends: (e) => e instanceof Refused, onKeptAfter: (e) => kept.push(e) },
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(kept.length >= 1);
    s.push(7);
    assert.deepEqual(await stream.next(), { value: 7, done: false });
    await stream.return();
    assert.ok(s.ended);
  });
});
