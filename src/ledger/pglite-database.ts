import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import {
  assertChannel,
  type Database,
  type ListenHandlers,
  type QueryResult,
  type Transaction,
} from "./database.js";

/**
 * The embedded PostgreSQL (PGlite, WASM), on disk under a data directory or in memory.
 * It serves a single connection: PGlite queues every query and holds the queue for the
 * whole of a transaction, so concurrent callers are serialised rather than interleaved.
 * One process only may open a data directory.
 */
export class PgliteDatabase implements Database {
  readonly driver = "pglite" as const;

  private constructor(private readonly pglite: PGlite) {}

  /**
   * `dataDir` undefined: in memory, gone when closed. `image` (from `dump()`) starts a new
   * database as a copy of another, which skips initdb (seconds, against well under one).
   */
  static async open(dataDir: string | undefined, image?: Blob): Promise<PgliteDatabase> {
    if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
    const pglite = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(image ? { loadDataDir: image } : {}),
    });
    return new PgliteDatabase(pglite);
  }

  /** A copy of the whole database, to open another from. */
  async dump(): Promise<Blob> {
    return this.pglite.dumpDataDir("none");
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    const result = await this.pglite.query(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.pglite.transaction((inner) =>
      work({
        inTransaction: true,
        query: async (sql, params = []) => {
          const result = await inner.query(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        },
        exec: async (sql) => {
          await inner.exec(sql);
        },
      }),
    );
  }

  async listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>> {
    assertChannel(channel);
    // One in-process connection cannot drop, so onReconnect never fires here.
    return this.pglite.listen(channel, (payload) => handlers.onNotify(payload));
  }

  async ping(): Promise<void> {
    await this.pglite.query("SELECT 1");
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}
