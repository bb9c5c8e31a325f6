-- Append-only, hash-chained audit log (等保 2.0 level 3). Rows are never updated or deleted by the
-- application; the trigger below refuses it at the database too.
CREATE TABLE audit_event (
  id             BIGSERIAL PRIMARY KEY,
  occurred_at    TIMESTAMPTZ  NOT NULL,
  user_id        BIGINT,
  username       VARCHAR(64),
  unit_id        BIGINT,
  client_address VARCHAR(64),
  action         VARCHAR(64)  NOT NULL,
  object_type    VARCHAR(64),
  object_id      VARCHAR(64),
  outcome        VARCHAR(16)  NOT NULL,
  reason         VARCHAR(500),
  detail         VARCHAR(2000),
  prev_hash      CHAR(64)     NOT NULL,
  hash           CHAR(64)     NOT NULL
);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);
CREATE INDEX audit_event_user_idx ON audit_event (user_id);

-- the chain's head: appends lock this row, so the chain stays linear under concurrency,
-- and deleting the newest rows is detected because the head no longer matches.
CREATE TABLE audit_chain_head (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  last_id   BIGINT,
  last_hash CHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, NULL, repeat('0', 64));

CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
