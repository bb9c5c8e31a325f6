-- Dispute mediation (矛盾纠纷调处) on top of casework: every dispute is a casework case of type MEDIATION.

INSERT INTO casework_type (code, name_zh, name_en, description, due_working_days, open311_public, open311_group, keywords, sort_order) VALUES
  ('MEDIATION', '调解纠纷', 'Mediated dispute', '登记风险等级并组织人民调解、行政调解、司法调解或诉调对接的矛盾纠纷', 15, FALSE, NULL,
   '纠纷,调解,协议,mediation', 15);

CREATE TABLE mediation_dispute (
  id              BIGSERIAL    PRIMARY KEY,
  case_id         BIGINT       NOT NULL UNIQUE,             -- the casework case (its state machine, timeline, parties)
  category        VARCHAR(20)  NOT NULL,                    -- NEIGHBOUR, FAMILY, LAND_HOUSING, LABOUR, PROPERTY, COMMERCIAL, MEDICAL, TRAFFIC, OTHER
  risk_grade      VARCHAR(10)  NOT NULL,                    -- LOW, MEDIUM, HIGH, MAJOR
  flag_violence   BOOLEAN      NOT NULL DEFAULT FALSE,      -- 扬言暴力
  flag_repeat     BOOLEAN      NOT NULL DEFAULT FALSE,      -- 重复纠纷
  flag_group      BOOLEAN      NOT NULL DEFAULT FALSE,      -- 群体性
  flag_vulnerable BOOLEAN      NOT NULL DEFAULT FALSE,      -- 弱势当事人
  priority        INT          NOT NULL,                    -- 1 (routine) .. 5 (most urgent): risk grade raised by flags
  region_id       BIGINT       NOT NULL REFERENCES region (id),
  township_id     BIGINT       NOT NULL REFERENCES region (id),
  unit_id         BIGINT,
  created_by      BIGINT,
  created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX mediation_dispute_region_idx ON mediation_dispute (region_id);
CREATE INDEX mediation_dispute_township_idx ON mediation_dispute (township_id, created_at);

-- A flagged dispute notifies the township: shown to its officers on the mediation page.
CREATE TABLE mediation_notification (
  id           BIGSERIAL    PRIMARY KEY,
  dispute_id   BIGINT       NOT NULL REFERENCES mediation_dispute (id) ON DELETE CASCADE,
  township_id  BIGINT       NOT NULL REFERENCES region (id),
  flags        VARCHAR(100) NOT NULL,
  created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX mediation_notification_township_idx ON mediation_notification (township_id, created_at DESC);

-- Each mediation attempt: who, what kind, the result; 诉调对接 carries the court referral.
CREATE TABLE mediation_session (
  id            BIGSERIAL    PRIMARY KEY,
  dispute_id    BIGINT       NOT NULL REFERENCES mediation_dispute (id) ON DELETE CASCADE,
  kind          VARCHAR(20)  NOT NULL,                      -- PEOPLES, ADMINISTRATIVE, JUDICIAL, LINKED
  mediator      VARCHAR(64)  NOT NULL,
  held_on       DATE         NOT NULL,
  result        VARCHAR(12)  NOT NULL,                      -- ONGOING, SUCCESS, FAILED
  notes         VARCHAR(2000),
  court_unit    VARCHAR(100),
  court_date    DATE,
  court_ref     VARCHAR(60),
  created_by    BIGINT,
  created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
  CONSTRAINT mediation_linked_has_court CHECK (kind <> 'LINKED' OR (court_unit IS NOT NULL AND court_date IS NOT NULL AND court_ref IS NOT NULL))
);
CREATE INDEX mediation_session_dispute_idx ON mediation_session (dispute_id);

-- The mediation agreement (调解协议书): one per dispute.
CREATE TABLE mediation_agreement (
  id                  BIGSERIAL     PRIMARY KEY,
  dispute_id          BIGINT        NOT NULL UNIQUE REFERENCES mediation_dispute (id) ON DELETE CASCADE,
  facts               VARCHAR(4000) NOT NULL,
  signed_on           DATE          NOT NULL,
  judicial_applied_on DATE,                                  -- 申请司法确认: within 30 days of signing
  judicial_court      VARCHAR(100),
  judicial_result     VARCHAR(12),                           -- CONFIRMED, REJECTED (NULL while pending)
  judicial_note       VARCHAR(1000),
  created_by          BIGINT,
  created_at          TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE TABLE mediation_agreement_party (
  id            BIGSERIAL    PRIMARY KEY,
  agreement_id  BIGINT       NOT NULL REFERENCES mediation_agreement (id) ON DELETE CASCADE,
  role          VARCHAR(20)  NOT NULL,                       -- APPLICANT, RESPONDENT
  name          VARCHAR(64)  NOT NULL,
  id_number     VARCHAR(18)
);

CREATE TABLE mediation_obligation (
  id            BIGSERIAL     PRIMARY KEY,
  agreement_id  BIGINT        NOT NULL REFERENCES mediation_agreement (id) ON DELETE CASCADE,
  obligor       VARCHAR(64)   NOT NULL,
  content       VARCHAR(1000) NOT NULL,
  due_on        DATE          NOT NULL,
  performance   VARCHAR(16)   NOT NULL DEFAULT 'PENDING',    -- PENDING, PERFORMED, PARTLY, NOT_PERFORMED
  checked_on    DATE
);
CREATE INDEX mediation_obligation_agreement_idx ON mediation_obligation (agreement_id);

-- 回访: follow-up visits after mediation.
CREATE TABLE mediation_followup (
  id           BIGSERIAL     PRIMARY KEY,
  dispute_id   BIGINT        NOT NULL REFERENCES mediation_dispute (id) ON DELETE CASCADE,
  visited_on   DATE          NOT NULL,
  visitor      VARCHAR(64)   NOT NULL,
  finding      VARCHAR(1000) NOT NULL,
  created_by   BIGINT,
  created_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX mediation_followup_dispute_idx ON mediation_followup (dispute_id);

-- 五零平安村: a configurable checklist of zero-count criteria, evaluated per village per year.
CREATE TABLE safevillage_criterion (
  code        VARCHAR(40)  PRIMARY KEY,
  name_zh     VARCHAR(60)  NOT NULL,
  name_en     VARCHAR(60)  NOT NULL,
  source      VARCHAR(30)  NOT NULL,                         -- ESCALATED_DISPUTES (from platform data) or RECORDED
  active      BOOLEAN      NOT NULL DEFAULT TRUE,
  sort_order  INT          NOT NULL DEFAULT 0
);
INSERT INTO safevillage_criterion (code, name_zh, name_en, source, sort_order) VALUES
  ('CRIMINAL_CASES',     '零刑事案件',     'No criminal cases',       'RECORDED', 10),
  ('MAJOR_ACCIDENTS',    '零重大安全事故', 'No major accidents',      'RECORDED', 20),
  ('ESCALATED_DISPUTES', '零矛盾纠纷升级', 'No escalated disputes',   'ESCALATED_DISPUTES', 30),
  ('MASS_PETITIONS',     '零群体性上访',   'No mass petitions',       'RECORDED', 40),
  ('DRUG_CASES',         '零涉毒案件',     'No drug cases',           'RECORDED', 50);

CREATE TABLE safevillage_count (
  id             BIGSERIAL    PRIMARY KEY,
  village_id     BIGINT       NOT NULL REFERENCES region (id),
  year           INT          NOT NULL,
  criterion_code VARCHAR(40)  NOT NULL REFERENCES safevillage_criterion (code),
  count          INT          NOT NULL CHECK (count >= 0),
  source_note    VARCHAR(300) NOT NULL,
  recorded_by    BIGINT,
  recorded_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
  UNIQUE (village_id, year, criterion_code)
);
