CREATE TABLE app_user (
  id                   BIGSERIAL PRIMARY KEY,
  username             VARCHAR(64)  NOT NULL UNIQUE,
  display_name         VARCHAR(64)  NOT NULL,
  phone                VARCHAR(20),
  unit_id              BIGINT       NOT NULL REFERENCES org_unit (id),
  -- the unit's home region, copied on write so scope checks need no join across modules
  region_id            BIGINT       NOT NULL REFERENCES region (id),
  password_hash        VARCHAR(200) NOT NULL,
  must_change_password BOOLEAN      NOT NULL DEFAULT TRUE,
  password_changed_at  TIMESTAMPTZ,
  failed_attempts      INTEGER      NOT NULL DEFAULT 0,
  locked_until         TIMESTAMPTZ,
  totp_secret          VARCHAR(64),
  totp_enrolled_at     TIMESTAMPTZ,
  totp_last_step       BIGINT,
  enabled              BOOLEAN      NOT NULL DEFAULT TRUE,
  last_login_at        TIMESTAMPTZ,
  created_by           BIGINT,
  version              INTEGER      NOT NULL DEFAULT 0,
  created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX app_user_unit_idx ON app_user (unit_id);
CREATE INDEX app_user_region_idx ON app_user (region_id);

CREATE TABLE role_assignment (
  id              BIGSERIAL PRIMARY KEY,
  user_id         BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role            VARCHAR(32) NOT NULL,
  scope_kind      VARCHAR(16) NOT NULL CHECK (scope_kind IN ('ALL', 'REGION', 'UNIT', 'SELF')),
  scope_region_id BIGINT REFERENCES region (id),
  granted_by      BIGINT,
  granted_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (user_id, role),
  CHECK ((scope_kind = 'REGION') = (scope_region_id IS NOT NULL))
);

CREATE TABLE api_token (
  id           BIGSERIAL PRIMARY KEY,
  user_id      BIGINT       NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  name         VARCHAR(100) NOT NULL,
  token_prefix VARCHAR(16)  NOT NULL,
  token_hash   CHAR(64)     NOT NULL UNIQUE,
  created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ,
  last_used_at TIMESTAMPTZ
);
CREATE INDEX api_token_user_idx ON api_token (user_id);
