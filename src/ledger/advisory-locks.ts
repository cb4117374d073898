/**
 * Keys of the PostgreSQL advisory locks LockGraph takes, one place so no two collide.
 * Both are transaction-level: released at commit or rollback, never left behind by a crash.
 */
export const ADVISORY_LOCK = {
  /** Held while migrations run, so replicas starting at once apply each one exactly once. */
  migrate: 7_361_100_001,
  /** Held from an event's insert to its commit, so event ids are handed out in commit order. */
  appendEvent: 7_361_100_002,
  /** Two-key form (class, hashtext(hold id)): serialises the writes of one hold across replicas. */
  holdClass: 73_611_003,
} as const;
