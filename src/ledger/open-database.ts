import type { Database } from "./database.js";
import { PgliteDatabase } from "./pglite-database.js";
import { PostgresDatabase, type PostgresOptions } from "./pg-database.js";

/** Where the ledger lives, decided from LOCKGRAPH_DATABASE_URL and LOCKGRAPH_DATA_DIR. */
export type DatabaseLocation =
  | { driver: "postgres"; url: string }
  | { driver: "pglite"; dataDir: string }
  | { driver: "pglite"; dataDir: undefined };

/**
 * `undefined`: the embedded database on disk under `dataDir`; `memory:` the same in memory;
 * `postgres://` or `postgresql://`: a server. Anything else is refused with what to write instead.
 */
export function databaseLocation(url: string | undefined, dataDir: string): DatabaseLocation {
  if (url === undefined || url === "") return { driver: "pglite", dataDir };
  if (url === "memory:") return { driver: "pglite", dataDir: undefined };
  if (/^postgres(ql)?:\/\//.test(url) && URL.canParse(url)) return { driver: "postgres", url };
  throw new Error("must be unset (embedded, on disk), memory: (embedded, in memory) or a postgres:// URL");
}

export type OpenOptions = Omit<PostgresOptions, "url">;

export function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): Promise<Database> {
  if (location.driver === "postgres")
    return Promise.resolve(new PostgresDatabase({ ...options, url: location.url }));
  return PgliteDatabase.open(location.dataDir);
}
