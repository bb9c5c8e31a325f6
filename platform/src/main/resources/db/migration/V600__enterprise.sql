-- 万人助万企 enterprise liaison and 我为群众办实事 practical deeds.
CREATE TABLE enterprise (
  id              BIGSERIAL PRIMARY KEY,
  name            VARCHAR(200) NOT NULL,
  credit_code     CHAR(18)     NOT NULL UNIQUE,
  region_id       BIGINT       NOT NULL REFERENCES region (id),
  above_size      BOOLEAN      NOT NULL DEFAULT FALSE,
  -- the contact: shown masked, full reads audited with a reason
  contact_name    VARCHAR(64),
  contact_phone   VARCHAR(20),
  created_by      BIGINT,
  created_unit_id BIGINT,
  created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_region_idx ON enterprise (region_id);

-- 联包: liaison officers paired with an enterprise
CREATE TABLE enterprise_pairing (
  id            BIGSERIAL PRIMARY KEY,
  enterprise_id BIGINT      NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
  user_id       BIGINT      NOT NULL,
  username      VARCHAR(64) NOT NULL,
  display_name  VARCHAR(100),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (enterprise_id, user_id)
);
CREATE INDEX enterprise_pairing_user_idx ON enterprise_pairing (user_id);

CREATE TABLE enterprise_visit (
  id            BIGSERIAL PRIMARY KEY,
  enterprise_id BIGINT        NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
  visited_on    DATE          NOT NULL,
  user_id       BIGINT        NOT NULL,
  officer_name  VARCHAR(100)  NOT NULL,
  notes         VARCHAR(2000) NOT NULL,
  created_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_visit_enterprise_idx ON enterprise_visit (enterprise_id);

-- a problem raised by an enterprise is a casework case (type ENTERPRISE_PROBLEM); only the link is kept here
CREATE TABLE enterprise_problem (
  id            BIGSERIAL PRIMARY KEY,
  enterprise_id BIGINT      NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
  case_id       BIGINT      NOT NULL UNIQUE,
  created_by    BIGINT,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_problem_enterprise_idx ON enterprise_problem (enterprise_id);

-- 我为群众办实事
CREATE TABLE practical_deed (
  id               BIGSERIAL PRIMARY KEY,
  user_id          BIGINT        NOT NULL,
  doer_name        VARCHAR(100)  NOT NULL,
  unit_id          BIGINT        NOT NULL,
  region_id        BIGINT        NOT NULL REFERENCES region (id),
  beneficiary_kind VARCHAR(10)   NOT NULL CHECK (beneficiary_kind IN ('VILLAGE', 'GROUP', 'PERSON')),
  beneficiary_name VARCHAR(100),
  what             VARCHAR(1000) NOT NULL,
  done_on          DATE          NOT NULL,
  created_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX practical_deed_region_idx ON practical_deed (region_id);
CREATE INDEX practical_deed_unit_idx ON practical_deed (unit_id, done_on);
