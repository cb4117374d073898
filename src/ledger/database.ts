/**
 * One interface over the two drivers the ledger runs on (a PostgreSQL server through `pg`,
 * or the embedded PGlite), speaking one SQL dialect. Rows come back untyped: the stores
 * parse them (zod) on the way out.
 */
export interface QueryResult {
  rows: unknown[];
  rowCount: number;
}

export interface Queryable {
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
}

/** A statement runner inside an open transaction (transaction-level advisory locks hold until it ends). */
export interface Transaction extends Queryable {
  readonly inTransaction: true;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface ListenHandlers {
  onNotify(payload: string): void;
  /**
   * The listening connection was lost and is back: notifications sent meanwhile are lost,
   * so a subscriber re-reads what it may have missed.
   */
  onReconnect?(): void;
}

export type DriverName = "pglite" | "postgres";

export interface Database extends Queryable {
  readonly driver: DriverName;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** LISTEN on a channel (lower-case letters, digits, underscores); resolves to an unlisten function. */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  /** Resolves when the database answers a trivial query, rejects otherwise. */
  ping(): Promise<void>;
  /** Waits for work in flight, then closes every connection. */
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/** LISTEN takes an identifier, not a parameter: only plain names are accepted. */
export function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel))
    throw new Error(
      `Channel name ${JSON.stringify(channel)} must be lower-case letters, digits and underscores`,
    );
}
