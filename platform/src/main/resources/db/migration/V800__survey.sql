-- 双提升 surveys: versioned questionnaires, household-visit campaigns, responses, configurable indices, rankings.

CREATE TABLE survey_form (
  id         BIGSERIAL PRIMARY KEY,
  code       VARCHAR(64)  NOT NULL UNIQUE,
  title      VARCHAR(200) NOT NULL,
  created_by BIGINT,
  created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- A version is a draft until published; a published version never changes (the trigger below refuses it),
-- editing makes the next draft. Questions are kept as one JSON array: the version is the unit of change.
CREATE TABLE survey_form_version (
  id           BIGSERIAL PRIMARY KEY,
  form_id      BIGINT      NOT NULL REFERENCES survey_form (id),
  version      INT         NOT NULL,
  status       VARCHAR(10) NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
  questions    JSONB       NOT NULL DEFAULT '[]',
  published_at TIMESTAMPTZ,
  created_by   BIGINT,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  edits        INT         NOT NULL DEFAULT 0,
  UNIQUE (form_id, version)
);
-- at most one draft per form
CREATE UNIQUE INDEX survey_form_version_one_draft ON survey_form_version (form_id) WHERE status = 'DRAFT';

CREATE FUNCTION survey_form_version_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'PUBLISHED' THEN
    RAISE EXCEPTION 'survey form version % is published and cannot be changed', OLD.id USING ERRCODE = '55000';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER survey_form_version_frozen BEFORE UPDATE OR DELETE ON survey_form_version
  FOR EACH ROW EXECUTE FUNCTION survey_form_version_frozen();

-- 大走访 campaigns
CREATE TABLE survey_campaign (
  id                   BIGSERIAL PRIMARY KEY,
  name                 VARCHAR(200) NOT NULL,
  form_version_id      BIGINT       NOT NULL REFERENCES survey_form_version (id),
  starts_on            DATE         NOT NULL,
  ends_on              DATE         NOT NULL,
  households_per_village INT        NOT NULL,
  sampling_rule        VARCHAR(200) NOT NULL,
  created_by           BIGINT,
  created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);

CREATE TABLE survey_campaign_village (
  campaign_id BIGINT NOT NULL REFERENCES survey_campaign (id) ON DELETE CASCADE,
  village_id  BIGINT NOT NULL REFERENCES region (id),
  township_id BIGINT NOT NULL REFERENCES region (id),
  PRIMARY KEY (campaign_id, village_id)
);

CREATE TABLE survey_team_member (
  campaign_id BIGINT NOT NULL REFERENCES survey_campaign (id) ON DELETE CASCADE,
  village_id  BIGINT NOT NULL REFERENCES region (id),
  user_id     BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, village_id, user_id)
);
CREATE INDEX survey_team_member_user_idx ON survey_team_member (user_id);

-- A household to visit and the visit's outcome. Kept apart from the answers: a response never points at
-- a household, so answers cannot be traced back to a home; this table serves coverage only.
-- household_ref is text so that the community module's house register can supply it later.
CREATE TABLE survey_visit (
  id             BIGSERIAL PRIMARY KEY,
  campaign_id    BIGINT       NOT NULL REFERENCES survey_campaign (id) ON DELETE CASCADE,
  village_id     BIGINT       NOT NULL REFERENCES region (id),
  township_id    BIGINT       NOT NULL REFERENCES region (id),
  household_ref  VARCHAR(100) NOT NULL,
  outcome        VARCHAR(10)  CHECK (outcome IN ('DONE', 'ABSENT', 'REFUSED')),
  visited_at     TIMESTAMPTZ,
  visited_by     BIGINT,
  UNIQUE (campaign_id, village_id, household_ref)
);
CREATE INDEX survey_visit_village_idx ON survey_visit (campaign_id, village_id);
CREATE INDEX survey_visit_township_idx ON survey_visit (township_id);

-- Answers: no name, no household. client_uuid makes a resent response land once.
CREATE TABLE survey_response (
  id              BIGSERIAL PRIMARY KEY,
  client_uuid     UUID         NOT NULL UNIQUE,
  campaign_id     BIGINT       NOT NULL REFERENCES survey_campaign (id),
  form_version_id BIGINT       NOT NULL REFERENCES survey_form_version (id),
  village_id      BIGINT       NOT NULL REFERENCES region (id),
  township_id     BIGINT       NOT NULL REFERENCES region (id),
  month           DATE         NOT NULL,
  surveyor_id     BIGINT,
  status          VARCHAR(10)  NOT NULL CHECK (status IN ('SUBMITTED', 'RETURNED', 'ACCEPTED')),
  answers         JSONB        NOT NULL,
  collected_at    TIMESTAMPTZ  NOT NULL,
  received_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
  review_note     VARCHAR(1000),
  reviewed_by     BIGINT,
  reviewed_at     TIMESTAMPTZ,
  version         INT          NOT NULL DEFAULT 0
);
CREATE INDEX survey_response_township_idx ON survey_response (township_id, status);
CREATE INDEX survey_response_village_idx ON survey_response (village_id);
CREATE INDEX survey_response_surveyor_idx ON survey_response (surveyor_id, status);

-- the level (1 = best .. 5, 0 = not valid) of each five-level scale answer, for the indices
CREATE TABLE survey_scale_answer (
  response_id BIGINT      NOT NULL REFERENCES survey_response (id) ON DELETE CASCADE,
  question    VARCHAR(64) NOT NULL,
  level       SMALLINT    NOT NULL CHECK (level BETWEEN 0 AND 5),
  PRIMARY KEY (response_id, question)
);

-- Index configuration: which questions an index reads, which levels count in a rate's numerator, the
-- weight of each level in a score. Configuration, not code: the admin page edits these rows.
CREATE TABLE survey_index (
  code       VARCHAR(64)  PRIMARY KEY,
  name_zh    VARCHAR(100) NOT NULL,
  name_en    VARCHAR(100) NOT NULL,
  kind       VARCHAR(10)  NOT NULL CHECK (kind IN ('RATE', 'SCORE')),
  questions  VARCHAR(300) NOT NULL,
  agency     VARCHAR(20),
  sort_order INT          NOT NULL DEFAULT 0
);

CREATE TABLE survey_index_level (
  index_code VARCHAR(64)   NOT NULL REFERENCES survey_index (code) ON DELETE CASCADE,
  level      SMALLINT      NOT NULL CHECK (level BETWEEN 1 AND 5),
  counted    BOOLEAN       NOT NULL,
  weight     NUMERIC(6, 2) NOT NULL,
  PRIMARY KEY (index_code, level)
);

INSERT INTO survey_index (code, name_zh, name_en, kind, questions, agency, sort_order) VALUES
  ('security-rate', '安全感率', 'Sense of security rate', 'RATE', 'security', NULL, 10),
  ('security-index', '安全感指数', 'Security index', 'SCORE', 'security', NULL, 20),
  ('satisfaction-rate', '政法满意率（总）', 'Satisfaction rate (overall)', 'RATE',
     'sat_police,sat_court,sat_procuratorate,sat_justice', NULL, 30),
  ('satisfaction-police', '公安满意率', 'Satisfaction: police', 'RATE', 'sat_police', '公安', 40),
  ('satisfaction-court', '法院满意率', 'Satisfaction: courts', 'RATE', 'sat_court', '法院', 50),
  ('satisfaction-procuratorate', '检察院满意率', 'Satisfaction: procuratorate', 'RATE', 'sat_procuratorate', '检察院', 60),
  ('satisfaction-justice', '司法满意率', 'Satisfaction: justice bureau', 'RATE', 'sat_justice', '司法', 70);

INSERT INTO survey_index_level (index_code, level, counted, weight)
SELECT i.code, l.level, l.level <= 3, l.weight
FROM survey_index i
CROSS JOIN (VALUES (1, 100), (2, 80), (3, 60), (4, 30), (5, 0)) AS l (level, weight);

-- External rankings (省/市 测评排名), imported from CSV, and the targets they are held against.
CREATE TABLE survey_ranking_target (
  level       VARCHAR(20)  PRIMARY KEY,
  name_zh     VARCHAR(100) NOT NULL,
  target_rank INT          NOT NULL CHECK (target_rank > 0)
);
INSERT INTO survey_ranking_target (level, name_zh, target_rank) VALUES
  ('PREFECTURE', '全市（地级）乡镇排名', 150),
  ('PROVINCE', '全省县级单位排名', 60);

CREATE TABLE survey_ranking (
  id          BIGSERIAL PRIMARY KEY,
  period      VARCHAR(10)   NOT NULL,
  level       VARCHAR(20)   NOT NULL REFERENCES survey_ranking_target (level),
  unit_key    VARCHAR(64)   NOT NULL,
  unit_name   VARCHAR(100)  NOT NULL,
  region_id   BIGINT        REFERENCES region (id),
  org_unit_id BIGINT        REFERENCES org_unit (id),
  rank        INT           NOT NULL CHECK (rank > 0),
  total       INT           NOT NULL CHECK (total > 0),
  score       NUMERIC(8, 3),
  imported_by BIGINT,
  imported_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
  UNIQUE (period, level, unit_key),
  CHECK (rank <= total)
);
CREATE INDEX survey_ranking_region_idx ON survey_ranking (region_id);
