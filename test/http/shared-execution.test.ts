import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildSchema, execute, parse, type ExecutionArgs, type ExecutionResult } from "graphql";
import { SharedExecutions } from "../../src/http/shared-execution.js";

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Event { name: String, seenBy: String }
  type Subscription { events: Event }
`);

/** A source of events that the test pushes, and whether it was ended. */
function source() {
  const waiting: Array<(r: IteratorResult<unknown>) => void> = [];
  const queue: unknown[] = [];
  const state = { returned: false };
  const iterator: AsyncIterableIterator<unknown> = {
    next: () =>
      queue.length
        ? Promise.resolve({ value: queue.shift(), done: false })
        : new Promise((resolve) => waiting.push(resolve)),
    return: async () => {
      state.returned = true;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    iterator,
    state,
    push(event: unknown) {
      const resolve = waiting.shift();
      if (resolve) resolve({ value: event, done: false });
      else queue.push(event);
    },
  };
}

const rootValue = (stream: AsyncIterableIterator<unknown>) => ({
  events: () => stream,
});
/** Each subscriber's stream passes the events through unchanged, as the hub's do: one object for all. */
const fieldResolver: ExecutionArgs["fieldResolver"] = (root, _args, context, info) => {
  if (info.fieldName === "seenBy") return (context as { user: string }).user;
  if (info.fieldName === "events") return root;
  return (root as Record<string, unknown>)[info.fieldName];
};

function subscriber(executions: SharedExecutions, query: string, user: string) {
  const events = source();
  const document = documents.get(query) ?? parse(query);
  documents.set(query, document);
  const args: ExecutionArgs = {
    schema,
    document,
    rootValue: rootValue(events.iterator),
    contextValue: { user },
    fieldResolver,
    subscribeFieldResolver: (root) => (root as { events: () => unknown }).events(),
  };
  return { events, started: executions.subscribe(args) };
}
const documents = new Map<string, ReturnType<typeof parse>>();

async function nextOf(started: Promise<unknown>): Promise<ExecutionResult> {
  const stream = (await started) as AsyncIterableIterator<ExecutionResult>;
  // JSON, as it goes out: graphql's data objects have no prototype.
  return JSON.parse(JSON.stringify((await stream.next()).value));
}

describe("SharedExecutions", () => {
  it("runs a selection that reads no context once per event for every subscriber", async () => {
    let runs = 0;
    const executions = new SharedExecutions((args) => {
      runs++;
      return execute(args);
    });
    const subscribers = ["alice", "bob", "carol"].map((u) =>
      subscriber(executions, "subscription { events { name } }", u),
    );
    const event = { name: "ACQUIRED" };
    const results = subscribers.map((s) => nextOf(s.started));
    for (const s of subscribers) s.events.push(event);
    const answers = await Promise.all(results);
    assert.deepEqual(answers, Array(3).fill({ data: { events: { name: "ACQUIRED" } } }));
    assert.equal(runs, 1);
  });

  it("runs a selection that reads the context once per subscriber, each with its own", async () => {
    let runs = 0;
    const executions = new SharedExecutions((args) => {
      runs++;
      return execute(args);
    });
    const subscribers = ["alice", "bob"].map((u) =>
      subscriber(executions, "subscription { events { name seenBy } }", u),
    );
    const event = { name: "RELEASED" };
    const results = subscribers.map((s) => nextOf(s.started));
    for (const s of subscribers) s.events.push(event);
    assert.deepEqual(
      (await Promise.all(results)).map((r) => r.data),
      [{ events: { name: "RELEASED", seenBy: "alice" } }, { events: { name: "RELEASED", seenBy: "bob" } }],
    );
    assert.equal(runs, 2);
  });

  it("ends the source at once when the subscriber ends while waiting for an event", async () => {
    const { events, started } = subscriber(
      new SharedExecutions(),
      "subscription { events { name } }",
      "dave",
    );
    const stream = (await started) as AsyncIterableIterator<ExecutionResult>;
    const pending = stream.next();
    await stream.return?.();
    assert.equal(events.state.returned, true);
    assert.deepEqual(await pending, { value: undefined, done: true });
  });
});
