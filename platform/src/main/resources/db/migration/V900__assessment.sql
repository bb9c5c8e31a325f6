-- 双提升 assessment: configurable indicators ("两量两率" and others), manual figures, 联乡包促 pairings and
-- tasks, supervision inspections and sanctions, publicity log.

CREATE TABLE assessment_indicator (
  id           BIGSERIAL PRIMARY KEY,
  code         VARCHAR(64)   NOT NULL UNIQUE,
  name         VARCHAR(100)  NOT NULL,
  -- TOWNSHIP: scored per township (乡镇/街道); UNIT: scored per organisation unit
  subject      VARCHAR(10)   NOT NULL CHECK (subject IN ('TOWNSHIP', 'UNIT')),
  -- FIGURE: a platform figure offered by a FigureProvider (manual entry while no provider offers it); MANUAL: entered by hand
  source       VARCHAR(10)   NOT NULL CHECK (source IN ('FIGURE', 'MANUAL')),
  figure_code  VARCHAR(100),
  higher_is_better BOOLEAN   NOT NULL,
  -- SUM: a count, scored per month (period total / months); MEAN: a rate, averaged over the months (weighted by sample size)
  aggregation  VARCHAR(10)   NOT NULL CHECK (aggregation IN ('SUM', 'MEAN')),
  weight       NUMERIC(7, 2) NOT NULL CHECK (weight > 0),
  rule         VARCHAR(10)   NOT NULL CHECK (rule IN ('LINEAR', 'THRESHOLD', 'RANK')),
  floor_value  NUMERIC(14, 4),
  target_value NUMERIC(14, 4),
  unit_label   VARCHAR(20),
  active       BOOLEAN       NOT NULL DEFAULT TRUE,
  sort_order   INT           NOT NULL DEFAULT 0,
  version      INT           NOT NULL DEFAULT 0,
  created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
  CHECK (source = 'MANUAL' OR figure_code IS NOT NULL)
);

-- a figure entered by hand for one township (unit_id NULL) or one unit (region_id = the unit's home region), one month
CREATE TABLE assessment_figure (
  id           BIGSERIAL PRIMARY KEY,
  indicator_id BIGINT        NOT NULL REFERENCES assessment_indicator (id),
  region_id    BIGINT        NOT NULL REFERENCES region (id),
  unit_id      BIGINT        REFERENCES org_unit (id),
  month        DATE          NOT NULL CHECK (EXTRACT(DAY FROM month) = 1),
  value        NUMERIC(14, 4) NOT NULL,
  sample_size  INT           CHECK (sample_size >= 0),
  source_note  VARCHAR(500)  NOT NULL,
  entered_by   BIGINT,
  entered_by_name VARCHAR(100),
  entered_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
  version      INT           NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX assessment_figure_key ON assessment_figure (indicator_id, region_id, COALESCE(unit_id, 0), month);
CREATE INDEX assessment_figure_month_idx ON assessment_figure (month);

-- 联乡包促: a city unit paired with a township, and the tasks it owes there
CREATE TABLE assessment_pairing (
  id           BIGSERIAL PRIMARY KEY,
  unit_id      BIGINT       NOT NULL REFERENCES org_unit (id),
  township_id  BIGINT       NOT NULL REFERENCES region (id),
  started_on   DATE         NOT NULL,
  note         VARCHAR(500),
  created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  UNIQUE (unit_id, township_id)
);
CREATE INDEX assessment_pairing_township_idx ON assessment_pairing (township_id);

CREATE TABLE assessment_task (
  id              BIGSERIAL PRIMARY KEY,
  pairing_id      BIGINT        NOT NULL REFERENCES assessment_pairing (id) ON DELETE CASCADE,
  title           VARCHAR(200)  NOT NULL,
  due_on          DATE          NOT NULL,
  status          VARCHAR(10)   NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE')),
  completed_on    DATE,
  completion_note VARCHAR(1000),
  created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
  version         INT           NOT NULL DEFAULT 0
);
CREATE INDEX assessment_task_pairing_idx ON assessment_task (pairing_id);

-- 督导: a supervision team's inspection of a unit, with the rectification it demands and the follow-up
CREATE TABLE assessment_inspection (
  id                BIGSERIAL PRIMARY KEY,
  team              VARCHAR(300)  NOT NULL,
  unit_id           BIGINT        NOT NULL REFERENCES org_unit (id),
  region_id         BIGINT        NOT NULL REFERENCES region (id),
  inspected_on      DATE          NOT NULL,
  findings          VARCHAR(2000) NOT NULL,
  rectify_by        DATE,
  followup          VARCHAR(15)   NOT NULL DEFAULT 'PENDING' CHECK (followup IN ('PENDING', 'RECTIFIED', 'NOT_RECTIFIED')),
  followup_on       DATE,
  followup_note     VARCHAR(1000),
  created_by        BIGINT,
  created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
  version           INT           NOT NULL DEFAULT 0
);
CREATE INDEX assessment_inspection_unit_idx ON assessment_inspection (unit_id);
CREATE INDEX assessment_inspection_region_idx ON assessment_inspection (region_id);

-- 通报批评 / 约谈 / 挂牌整治 / 取消评先评优资格
CREATE TABLE assessment_sanction (
  id            BIGSERIAL PRIMARY KEY,
  unit_id       BIGINT        NOT NULL REFERENCES org_unit (id),
  region_id     BIGINT        NOT NULL REFERENCES region (id),
  kind          VARCHAR(20)   NOT NULL CHECK (kind IN ('CRITICISM', 'SUMMONS', 'LISTED_RECTIFICATION', 'DISQUALIFIED')),
  issued_on     DATE          NOT NULL,
  reason        VARCHAR(1000) NOT NULL,
  issuer        VARCHAR(100)  NOT NULL,
  inspection_id BIGINT        REFERENCES assessment_inspection (id),
  created_by    BIGINT,
  created_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX assessment_sanction_unit_idx ON assessment_sanction (unit_id);
CREATE INDEX assessment_sanction_region_idx ON assessment_sanction (region_id);

-- 宣传: banners, slogans, letters, contact cards, media columns and posts, per township
CREATE TABLE assessment_publicity (
  id          BIGSERIAL PRIMARY KEY,
  region_id   BIGINT       NOT NULL REFERENCES region (id),
  kind        VARCHAR(15)  NOT NULL CHECK (kind IN ('BANNER', 'SLOGAN', 'LETTER', 'CONTACT_CARD', 'MEDIA_COLUMN', 'MEDIA_POST')),
  quantity    INT          NOT NULL CHECK (quantity > 0),
  done_on     DATE         NOT NULL,
  note        VARCHAR(500),
  created_by  BIGINT,
  created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX assessment_publicity_region_idx ON assessment_publicity (region_id, done_on);
