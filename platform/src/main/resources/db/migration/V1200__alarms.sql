-- Alarm intake and dispatch (110-style): alarms, their stage history, response targets per township,
-- and text dispatch messages (对讲调度) to units.

CREATE SEQUENCE alarm_no_seq;

CREATE TABLE alarm (
  id                  BIGSERIAL     PRIMARY KEY,
  alarm_no            VARCHAR(20)   NOT NULL UNIQUE,
  source_kind         VARCHAR(16)   NOT NULL CHECK (source_kind IN ('COMPOUND', 'DEVICE', 'LIGHT_BOX', 'MANUAL')),
  source_ref          VARCHAR(120),
  dedup_key           VARCHAR(200)  UNIQUE,                           -- the same key twice is one alarm
  region_id           BIGINT        NOT NULL REFERENCES region (id),  -- where help is needed
  township_id         BIGINT        REFERENCES region (id),           -- its township (targets and statistics); NULL at city level
  lon                 DOUBLE PRECISION,
  lat                 DOUBLE PRECISION,
  address             VARCHAR(200),
  category            VARCHAR(16)   NOT NULL,
  description         VARCHAR(2000) NOT NULL,
  caller_phone        VARCHAR(20),                                    -- personal data: shown masked, revealed with a reason
  stage               VARCHAR(16)   NOT NULL,
  outcome_reason      VARCHAR(500),
  unit_id             BIGINT        REFERENCES org_unit (id),         -- the unit or patrol dispatched
  dispatch_target_min INT           NOT NULL,                         -- targets in force when the alarm came in
  arrival_target_min  INT           NOT NULL,
  raised_at           TIMESTAMPTZ   NOT NULL,                         -- at the source
  received_at         TIMESTAMPTZ   NOT NULL,
  dispatched_at       TIMESTAMPTZ,
  en_route_at         TIMESTAMPTZ,
  on_scene_at         TIMESTAMPTZ,
  cleared_at          TIMESTAMPTZ,
  finished_at         TIMESTAMPTZ,                                    -- closed, cancelled or unfounded
  stage_at            TIMESTAMPTZ   NOT NULL,                         -- when the current stage began
  created_by          BIGINT,
  version             INT           NOT NULL DEFAULT 0
);
CREATE INDEX alarm_open_idx ON alarm (received_at) WHERE finished_at IS NULL;
CREATE INDEX alarm_received_idx ON alarm (received_at);
CREATE INDEX alarm_township_idx ON alarm (township_id, received_at);
CREATE INDEX alarm_region_idx ON alarm (region_id);
CREATE INDEX alarm_unit_idx ON alarm (unit_id);

CREATE TABLE alarm_event (
  id          BIGSERIAL    PRIMARY KEY,
  alarm_id    BIGINT       NOT NULL REFERENCES alarm (id),
  at          TIMESTAMPTZ  NOT NULL,
  user_id     BIGINT,
  actor_name  VARCHAR(64)  NOT NULL,
  action      VARCHAR(16)  NOT NULL,
  from_stage  VARCHAR(16),
  to_stage    VARCHAR(16)  NOT NULL,
  unit_id     BIGINT       REFERENCES org_unit (id),
  note        VARCHAR(500)
);
CREATE INDEX alarm_event_alarm_idx ON alarm_event (alarm_id, at);

-- Response targets per township; a township without a row uses the defaults from the properties.
CREATE TABLE alarm_target (
  township_id       BIGINT       PRIMARY KEY REFERENCES region (id),
  dispatch_minutes  INT          NOT NULL CHECK (dispatch_minutes BETWEEN 1 AND 240),
  arrival_minutes   INT          NOT NULL CHECK (arrival_minutes BETWEEN 1 AND 240),
  updated_by        VARCHAR(64)  NOT NULL,
  updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- 对讲调度: text messages from the board to a unit; delivered to and acknowledged by its users.
CREATE TABLE alarm_message (
  id               BIGSERIAL     PRIMARY KEY,
  alarm_id         BIGINT        REFERENCES alarm (id),
  unit_id          BIGINT        NOT NULL REFERENCES org_unit (id),
  body             VARCHAR(500)  NOT NULL,
  sent_by          BIGINT,
  sent_by_name     VARCHAR(64)   NOT NULL,
  sent_at          TIMESTAMPTZ   NOT NULL,
  delivered_at     TIMESTAMPTZ,
  acknowledged_at  TIMESTAMPTZ,
  acknowledged_by  BIGINT,
  acknowledged_by_name VARCHAR(64)
);
CREATE INDEX alarm_message_unit_idx ON alarm_message (unit_id, sent_at);
CREATE INDEX alarm_message_alarm_idx ON alarm_message (alarm_id);
