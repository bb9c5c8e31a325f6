-- Governance casework (矛盾纠纷、企业诉求 …): one mechanism for every case type.

-- The case type registry: later modules add their types as rows (their own migrations).
CREATE TABLE casework_type (
  code              VARCHAR(40)  PRIMARY KEY,
  name_zh           VARCHAR(60)  NOT NULL,
  name_en           VARCHAR(60)  NOT NULL,
  description       VARCHAR(500) NOT NULL,
  due_working_days  INT          NOT NULL CHECK (due_working_days BETWEEN 1 AND 365),
  open311_public    BOOLEAN      NOT NULL DEFAULT FALSE,
  open311_group     VARCHAR(60),
  keywords          VARCHAR(200),
  sort_order        INT          NOT NULL DEFAULT 0
);
INSERT INTO casework_type (code, name_zh, name_en, description, due_working_days, open311_public, open311_group, keywords, sort_order) VALUES
  ('DISPUTE', '矛盾纠纷', 'Dispute', '邻里、婚姻家庭、土地、劳资等矛盾纠纷，由综治中心受理并组织调解', 15, TRUE, '矛盾纠纷调处', '纠纷,调解,邻里,dispute,mediation', 10),
  ('ENTERPRISE_PROBLEM', '企业诉求', 'Enterprise problem', '企业在生产经营中遇到的困难和问题（万人助万企）', 10, TRUE, '万人助万企', '企业,诉求,营商环境,enterprise', 20);

-- Public holidays (放假) and adjusted working weekend days (调休上班); everything else follows Mon–Fri.
CREATE TABLE casework_holiday (
  day      DATE        PRIMARY KEY,
  working  BOOLEAN     NOT NULL,   -- TRUE: a weekend day that is worked (调休); FALSE: a day off
  name     VARCHAR(40) NOT NULL
);
-- 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
INSERT INTO casework_holiday (day, working, name) VALUES
  ('2026-01-01', FALSE, '元旦'), ('2026-01-02', FALSE, '元旦'), ('2026-01-03', FALSE, '元旦'), ('2026-01-04', TRUE, '元旦调休'),
  ('2026-02-14', TRUE, '春节调休'),
  ('2026-02-15', FALSE, '春节'), ('2026-02-16', FALSE, '春节'), ('2026-02-17', FALSE, '春节'), ('2026-02-18', FALSE, '春节'),
  ('2026-02-19', FALSE, '春节'), ('2026-02-20', FALSE, '春节'), ('2026-02-21', FALSE, '春节'), ('2026-02-22', FALSE, '春节'),
  ('2026-02-23', FALSE, '春节'), ('2026-02-28', TRUE, '春节调休'),
  ('2026-04-04', FALSE, '清明节'), ('2026-04-05', FALSE, '清明节'), ('2026-04-06', FALSE, '清明节'),
  ('2026-05-01', FALSE, '劳动节'), ('2026-05-02', FALSE, '劳动节'), ('2026-05-03', FALSE, '劳动节'), ('2026-05-04', FALSE, '劳动节'),
  ('2026-05-05', FALSE, '劳动节'), ('2026-05-09', TRUE, '劳动节调休'),
  ('2026-06-19', FALSE, '端午节'), ('2026-06-20', FALSE, '端午节'), ('2026-06-21', FALSE, '端午节'),
  ('2026-09-20', TRUE, '国庆节调休'),
  ('2026-09-25', FALSE, '中秋节'), ('2026-09-26', FALSE, '中秋节'), ('2026-09-27', FALSE, '中秋节'),
  ('2026-10-01', FALSE, '国庆节'), ('2026-10-02', FALSE, '国庆节'), ('2026-10-03', FALSE, '国庆节'), ('2026-10-04', FALSE, '国庆节'),
  ('2026-10-05', FALSE, '国庆节'), ('2026-10-06', FALSE, '国庆节'), ('2026-10-07', FALSE, '国庆节'), ('2026-10-10', TRUE, '国庆节调休');

CREATE SEQUENCE casework_case_no_seq;

CREATE TABLE casework_case (
  id                  BIGSERIAL    PRIMARY KEY,
  case_no             VARCHAR(20)  NOT NULL UNIQUE,
  type_code           VARCHAR(40)  NOT NULL REFERENCES casework_type (code),
  title               VARCHAR(200) NOT NULL,
  description         VARCHAR(4000) NOT NULL,
  region_id           BIGINT       NOT NULL REFERENCES region (id),  -- where it happened
  handling_region_id  BIGINT       NOT NULL REFERENCES region (id),  -- home region of the handling unit (rises on escalation)
  channel             VARCHAR(20)  NOT NULL,
  state               VARCHAR(20)  NOT NULL,
  outcome             VARCHAR(24),
  outcome_reason      VARCHAR(1000),
  assignee_unit_id    BIGINT       REFERENCES org_unit (id),
  assignee_user_id    BIGINT,
  assignee_name       VARCHAR(64),
  previous_unit_id    BIGINT       REFERENCES org_unit (id),          -- who handed it on last: send-back goes there
  previous_user_id    BIGINT,
  previous_name       VARCHAR(64),
  returned_to_user_id BIGINT,                                       -- set by send-back until the case moves on
  escalated           BOOLEAN      NOT NULL DEFAULT FALSE,
  reopen_count        INT          NOT NULL DEFAULT 0,
  due_at              TIMESTAMPTZ  NOT NULL,
  lat                 DOUBLE PRECISION,
  lon                 DOUBLE PRECISION,
  address             VARCHAR(300),
  public_intake       BOOLEAN      NOT NULL DEFAULT FALSE,           -- came in through Open311: its status is public
  created_by          BIGINT,
  created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
  finished_at         TIMESTAMPTZ,
  version             INT          NOT NULL DEFAULT 0,
  CONSTRAINT casework_outcome_has_reason CHECK (outcome IS NULL OR outcome_reason IS NOT NULL)
);
CREATE INDEX casework_case_region_idx ON casework_case (region_id);
CREATE INDEX casework_case_handling_idx ON casework_case (handling_region_id);
CREATE INDEX casework_case_unit_idx ON casework_case (assignee_unit_id, state);
CREATE INDEX casework_case_user_idx ON casework_case (assignee_user_id, state);
CREATE INDEX casework_case_due_idx ON casework_case (due_at) WHERE finished_at IS NULL;

-- Parties: the minimum to call back (name, phone); shown masked, full reads audited.
CREATE TABLE casework_party (
  id       BIGSERIAL   PRIMARY KEY,
  case_id  BIGINT      NOT NULL REFERENCES casework_case (id) ON DELETE CASCADE,
  role     VARCHAR(20) NOT NULL,
  name     VARCHAR(64) NOT NULL,
  phone    VARCHAR(20)
);
CREATE INDEX casework_party_case_idx ON casework_party (case_id);

-- The timeline: every action, who and when. Rows are only ever added.
CREATE TABLE casework_event (
  id          BIGSERIAL    PRIMARY KEY,
  case_id     BIGINT       NOT NULL REFERENCES casework_case (id) ON DELETE CASCADE,
  at          TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
  actor_id    BIGINT,
  actor_name  VARCHAR(64)  NOT NULL,
  action      VARCHAR(20)  NOT NULL,
  from_state  VARCHAR(20),
  to_state    VARCHAR(20)  NOT NULL,
  unit_id     BIGINT,
  note        VARCHAR(1000)
);
CREATE INDEX casework_event_case_idx ON casework_event (case_id, id);
