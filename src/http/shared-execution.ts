import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from "graphql";

type Execute = (args: ExecutionArgs) => ExecutionResult | Promise<ExecutionResult>;

/** One event's result for one document and variables, or why it cannot be shared. */
type Shared = Promise<{ result: ExecutionResult; readContext: boolean }>;

/**
 * graphql's `subscribe`, except that subscribers running the same document (the same object:
 * subscriptions.ts keeps one per query text) with the same variables share one execution of
 * each event, where graphql-js runs the selection once per subscriber. Sharing is decided by
 * watching, not by knowing the schema: the first subscriber's execution runs with its context
 * behind a proxy, and only if no resolver read the context is its result handed to the others;
 * otherwise (a field such as `history`, read with the caller's credentials) each executes its
 * own. The hub hands every subscriber the same event object, which keys what is kept, so a
 * result lives as long as the event does.
 */
export class SharedExecutions {
  private readonly byEvent = new WeakMap<object, WeakMap<DocumentNode, Map<string, Shared>>>();

  constructor(private readonly run: Execute = execute) {}

  async subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    const key = `${args.operationName ?? ""}\n${JSON.stringify(args.variableValues ?? {})}`;
    return mapStream(stream[Symbol.asyncIterator](), (event) => this.execute(args, key, event));
  }

  /** The result of one event for one subscriber. */
  async execute(args: ExecutionArgs, key: string, event: unknown): Promise<ExecutionResult> {
    if (typeof event !== "object" || event === null) return this.run({ ...args, rootValue: event });
    let documents = this.byEvent.get(event);
    if (!documents) this.byEvent.set(event, (documents = new WeakMap()));
    let keys = documents.get(args.document);
    if (!keys) documents.set(args.document, (keys = new Map()));
    const shared = keys.get(key);
    if (shared) {
      const { result, readContext } = await shared;
      if (!readContext) return result;
      return this.run({ ...args, rootValue: event });
    }
    const first = this.watched(args, event);
    keys.set(key, first);
    return (await first).result;
  }

  private async watched(args: ExecutionArgs, event: unknown): Shared {
    let readContext = false;
    const context = args.contextValue;
    const watchedContext =
      typeof context === "object" && context !== null
        ? new Proxy(context, {
            get(target, property, receiver) {
              readContext = true;
              return Reflect.get(target, property, receiver);
            },
            has(target, property) {
              readContext = true;
              return Reflect.has(target, property);
            },
          })
        : context;
    const result = await this.run({ ...args, rootValue: event, contextValue: watchedContext });
    return { result, readContext };
  }
}

/** Maps each event as it is pulled; `return` reaches the source at once, even while it waits for an event. */
function mapStream<T, R>(
  source: AsyncIterator<T>,
  map: (value: T) => Promise<R>,
): AsyncIterableIterator<R> & { return(): Promise<IteratorResult<R>> } {
  const end = async (): Promise<IteratorResult<R>> => {
    await source.return?.();
    return { value: undefined, done: true };
  };
  return {
    async next() {
      const next = await source.next();
      if (next.done) return { value: undefined, done: true };
      try {
        return { value: await map(next.value), done: false };
      } catch (error) {
        await end();
        throw error;
      }
    },
    return: end,
    async throw(error?: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
