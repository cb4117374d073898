/** The first schema: holds (current state), their events (append-only), acquire intents, the binding key. */
export const sql = `
CREATE TABLE ledger_secret (
  id smallint PRIMARY KEY CHECK (id = 1),
  key bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE holds (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  typename text NOT NULL,
  provider text NOT NULL,
  resource_kind text NOT NULL,
  resource_id text NOT NULL,
  object_ids text[],
  level text,
  state text NOT NULL,
  holder_id text,
  holder_name text,
  vendor_acquired_at timestamptz,
  held_since timestamptz,
  expires_at timestamptz,
  observed_at timestamptz,
  first_seen_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  binding text
);
CREATE INDEX holds_state_seq ON holds (state, seq);
CREATE INDEX holds_provider_state_seq ON holds (provider, state, seq);
CREATE INDEX holds_holder_state_seq ON holds (holder_id, state, seq);
CREATE INDEX holds_resource ON holds (resource_kind, resource_id);
CREATE INDEX holds_state_expires ON holds (state, expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX holds_updated ON holds (updated_at) WHERE state <> 'HELD';

CREATE TABLE hold_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hold_id text NOT NULL,
  kind text NOT NULL,
  at timestamptz NOT NULL,
  provider text NOT NULL,
  resource_kind text NOT NULL,
  resource_id text NOT NULL,
  hold jsonb NOT NULL,
  actor_id text,
  actor_name text,
  operation text,
  error_code text
);
CREATE INDEX hold_events_hold ON hold_events (hold_id, id);
CREATE INDEX hold_events_resource ON hold_events (resource_kind, resource_id, id);
CREATE INDEX hold_events_at ON hold_events (at);

CREATE TABLE acquire_intents (
  id uuid PRIMARY KEY,
  operation text NOT NULL,
  provider text NOT NULL,
  resource_kind text NOT NULL,
  resource_id text NOT NULL,
  actor_id text,
  started_at timestamptz NOT NULL,
  completed_at timestamptz,
  outcome text,
  hold_id text,
  error_code text
);
CREATE INDEX acquire_intents_open ON acquire_intents (started_at) WHERE completed_at IS NULL;
CREATE INDEX acquire_intents_completed ON acquire_intents (completed_at) WHERE completed_at IS NOT NULL;
`;
