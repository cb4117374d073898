import pg from "pg";
import {
  assertChannel,
  type Database,
  type ListenHandlers,
  type QueryResult,
  type Transaction,
} from "./database.js";

export interface PostgresOptions {
  url: string;
  /** Connections the pool keeps at most. */
  maxConnections?: number;
  /** How long to wait for a connection before the call fails (so an unreachable server fails fast). */
  connectTimeoutMs?: number;
  /** Longest a statement may run at the server. */
  statementTimeoutMs?: number;
  /** Called with a driver error that belongs to no caller (an idle connection dropped, say). */
  onBackgroundError?: (error: Error) => void;
}

const RECONNECT_MIN_MS = 200;
const RECONNECT_MAX_MS = 5_000;

/** A PostgreSQL server through a `pg` pool, plus one dedicated connection for LISTEN. */
export class PostgresDatabase implements Database {
  readonly driver = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly listener: Listener;

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 2_000,
      statement_timeout: options.statementTimeoutMs ?? 10_000,
      keepAlive: true,
    });
    // An idle client's error would otherwise crash the process; the next query reports the outage.
    this.pool.on("error", (error) => options.onBackgroundError?.(error));
    this.listener = new Listener(options);
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A checked-out client has no pool listener: a connection lost between two statements
    // would be an unhandled 'error' event and crash the process. The next statement fails instead.
    const lost = (error: Error) => {
      broken = error;
    };
    client.on("error", lost);
    try {
      await client.query("BEGIN");
      const tx: Transaction = {
        inTransaction: true,
        query: async (sql, params = []) => {
          const result = await client.query(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
        exec: async (sql) => {
          await client.query(sql);
        },
      };
      const value = await work(tx);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is gone: do not hand it out again
      });
      throw error;
    } finally {
      client.off("error", lost);
      client.release(broken);
    }
  }

  async listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>> {
    assertChannel(channel);
    return this.listener.add(channel, handlers);
  }

  async ping(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.pool.end();
  }
}

/**
 * One connection for every LISTEN of this process. When it drops it reconnects with backoff,
 * LISTENs again on every channel and tells each subscriber so it can catch up.
 */
class Listener {
  private readonly channels = new Map<string, Set<ListenHandlers>>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = RECONNECT_MIN_MS;

  constructor(private readonly options: PostgresOptions) {}

  async add(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>> {
    let subscribers = this.channels.get(channel);
    const first = !subscribers;
    if (!subscribers) this.channels.set(channel, (subscribers = new Set()));
    subscribers.add(handlers);
    try {
      await this.ensureConnected();
      if (first) await this.client?.query(`LISTEN ${channel}`);
    } catch (error) {
      subscribers.delete(handlers);
      if (subscribers.size === 0) this.channels.delete(channel);
      throw error;
    }
    return async () => {
      const current = this.channels.get(channel);
      if (!current?.delete(handlers) || current.size > 0) return;
      this.channels.delete(channel);
      await this.client?.query(`UNLISTEN ${channel}`).catch(() => undefined); // a lost connection listens to nothing anyway
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 2_000,
      keepAlive: true,
    });
    client.on("notification", (message) => {
      for (const handlers of this.channels.get(message.channel) ?? [])
        handlers.onNotify(message.payload ?? "");
    });
    client.on("error", (error) => {
      this.options.onBackgroundError?.(error);
      this.lost(client);
    });
    client.on("end", () => this.lost(client));
    await client.connect();
    if (this.closed) {
      await client.end();
      return;
    }
    for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.backoffMs = RECONNECT_MIN_MS;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.channels.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.ensureConnected().then(
        () => {
          for (const subscribers of this.channels.values())
            for (const handlers of subscribers) handlers.onReconnect?.();
        },
        () => {
          this.backoffMs = Math.min(this.backoffMs * 2, RECONNECT_MAX_MS);
          this.scheduleReconnect();
        },
      );
    }, this.backoffMs);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
