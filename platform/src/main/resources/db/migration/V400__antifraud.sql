-- Anti-fraud (反电诈): cases, their identifiers, the engine's series assignment, analyst work.
CREATE TABLE fraud_case (
  id            BIGSERIAL PRIMARY KEY,
  case_no       VARCHAR(40)  NOT NULL UNIQUE,
  region_id     BIGINT       NOT NULL REFERENCES region (id),
  fraud_type    VARCHAR(32)  NOT NULL,
  occurred_at   TIMESTAMPTZ  NOT NULL,
  amount_fen    BIGINT       NOT NULL CHECK (amount_fen >= 0),
  -- the victim: the minimum needed to call back; shown masked, full reads audited
  victim_name   VARCHAR(64),
  victim_phone  VARCHAR(20),
  summary       VARCHAR(1000),
  created_by    BIGINT,
  created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX fraud_case_region_idx ON fraud_case (region_id);
CREATE INDEX fraud_case_occurred_idx ON fraud_case (occurred_at);

CREATE TABLE fraud_case_identifier (
  id              BIGSERIAL PRIMARY KEY,
  case_id         BIGINT       NOT NULL REFERENCES fraud_case (id) ON DELETE CASCADE,
  type            VARCHAR(20)  NOT NULL,
  raw_value       VARCHAR(200) NOT NULL,
  normalized      VARCHAR(200),
  rejected_reason VARCHAR(40),
  luhn_valid      BOOLEAN
);
CREATE INDEX fraud_case_identifier_case_idx ON fraud_case_identifier (case_id);
CREATE INDEX fraud_case_identifier_value_idx ON fraud_case_identifier (type, normalized);

-- the linking engine's current answer, kept so series ids stay stable across restarts
CREATE TABLE fraud_series_member (
  case_id   BIGINT PRIMARY KEY REFERENCES fraud_case (id) ON DELETE CASCADE,
  series_id BIGINT NOT NULL,
  gang_id   BIGINT NOT NULL
);
CREATE INDEX fraud_series_member_series_idx ON fraud_series_member (series_id);
CREATE INDEX fraud_series_member_gang_idx ON fraud_series_member (gang_id);

CREATE TABLE fraud_series_event (
  sequence    BIGINT PRIMARY KEY,
  kind        VARCHAR(8)   NOT NULL,
  series_id   BIGINT       NOT NULL,
  other_ids   VARCHAR(2000) NOT NULL,
  part_sizes  VARCHAR(2000) NOT NULL,
  cause       VARCHAR(500),
  recorded_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE fraud_link_decision (
  id         BIGSERIAL PRIMARY KEY,
  case_a     BIGINT       NOT NULL REFERENCES fraud_case (id) ON DELETE CASCADE,
  case_b     BIGINT       NOT NULL REFERENCES fraud_case (id) ON DELETE CASCADE,
  kind       VARCHAR(8)   NOT NULL CHECK (kind IN ('MUST', 'CANNOT')),
  note       VARCHAR(500) NOT NULL,
  decided_by BIGINT       NOT NULL,
  decided_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
  CHECK (case_a < case_b),
  UNIQUE (case_a, case_b)
);

-- 研判会商: a consultation on a series
CREATE TABLE fraud_consultation (
  id           BIGSERIAL PRIMARY KEY,
  series_id    BIGINT        NOT NULL,
  held_at      TIMESTAMPTZ   NOT NULL,
  participants VARCHAR(500)  NOT NULL,
  conclusion   VARCHAR(2000) NOT NULL,
  recorded_by  BIGINT        NOT NULL,
  recorded_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX fraud_consultation_series_idx ON fraud_consultation (series_id);

CREATE TABLE fraud_series_assignment (
  series_id   BIGINT PRIMARY KEY,
  unit_id     BIGINT      NOT NULL REFERENCES org_unit (id),
  assigned_by BIGINT      NOT NULL,
  assigned_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
