import { CredentialBinding } from "./credential-binding.js";
import type { Database } from "./database.js";
import { HoldEventStore } from "./event-store.js";
import { HoldRecorder } from "./hold-recorder.js";
import { HoldStore } from "./hold-store.js";
import { IntentStore } from "./intent-store.js";
import { migrate } from "./migrate.js";
import { openDatabase, type DatabaseLocation, type OpenOptions } from "./open-database.js";

export interface LedgerOptions extends OpenOptions {
  location: DatabaseLocation;
  /** LOCKGRAPH_LEDGER_KEY: the key of KooDrive credential bindings; unset, one kept in the ledger. */
  ledgerKey?: string;
}

const DAY_MS = 86_400_000;

/** The ledger's parts over one database, migrated and ready. Built once per process. */
export class Ledger {
  readonly holds: HoldStore;
  readonly events: HoldEventStore;
  readonly intents: IntentStore;
  readonly recorder: HoldRecorder;

  private constructor(
    readonly db: Database,
    readonly binding: CredentialBinding,
  ) {
    this.holds = new HoldStore(db);
    this.events = new HoldEventStore(db);
    this.intents = new IntentStore(db);
    this.recorder = new HoldRecorder(db, this.holds, this.events, this.intents);
  }

  /** Opens the database, applies migrations under the advisory lock, and loads the binding key. */
  static async open(options: LedgerOptions): Promise<Ledger> {
    const db = await openDatabase(options.location, options);
    try {
      return await Ledger.over(db, options.ledgerKey);
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  /** A ledger over a database the caller opened (and closes). */
  static async over(db: Database, ledgerKey?: string): Promise<Ledger> {
    await migrate(db);
    return new Ledger(db, await CredentialBinding.open(db, ledgerKey));
  }

  /** Retention: drops events, intents and ended holds older than `retentionDays`. */
  async prune(now: Date, retentionDays: number): Promise<{ events: number; intents: number; holds: number }> {
    const before = new Date(now.getTime() - retentionDays * DAY_MS);
    return {
      events: await this.events.pruneBefore(before),
      intents: await this.intents.pruneBefore(before),
      holds: await this.holds.pruneEnded(before),
    };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
