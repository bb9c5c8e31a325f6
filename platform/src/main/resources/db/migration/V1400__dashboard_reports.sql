-- Periodic reports of the command dashboard (平安建设月报/年报): every generation is archived as a new row,
-- never overwritten, with who made it and when. region_id is the report's region (a city or a township);
-- it scopes every read, like the region of any other record.
CREATE TABLE dashboard_report (
  id           BIGSERIAL PRIMARY KEY,
  region_id    BIGINT       NOT NULL,
  period_kind  VARCHAR(5)   NOT NULL CHECK (period_kind IN ('MONTH', 'YEAR')),
  -- 2026-11 for a month, 2026 for a year
  period       VARCHAR(7)   NOT NULL CHECK (period ~ '^[0-9]{4}(-[0-9]{2})?$'),
  trigger      VARCHAR(10)  NOT NULL CHECK (trigger IN ('SCHEDULED', 'ON_DEMAND')),
  -- the username of whoever asked; 'system' for the scheduled job
  generated_by VARCHAR(100) NOT NULL,
  generated_at TIMESTAMPTZ  NOT NULL,
  pdf          BYTEA        NOT NULL,
  xlsx         BYTEA        NOT NULL,
  pdf_size     INT          NOT NULL,
  xlsx_size    INT          NOT NULL,
  UNIQUE (region_id, period_kind, period, generated_at)
);

CREATE INDEX dashboard_report_region ON dashboard_report (region_id, generated_at DESC);
-- the month-end job makes each (region, period) once: a restart or a second trigger adds nothing
CREATE UNIQUE INDEX dashboard_report_scheduled_once ON dashboard_report (region_id, period_kind, period) WHERE trigger = 'SCHEDULED';
