import { sql as initial } from "./001-initial.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: "initial", sql: initial }];
