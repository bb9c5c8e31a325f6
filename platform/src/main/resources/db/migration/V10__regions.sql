-- Region tree (city -> township/street -> village/community -> grid) and organisation units.
CREATE TABLE region (
  id          BIGSERIAL PRIMARY KEY,
  code        VARCHAR(32)  NOT NULL UNIQUE,
  name        VARCHAR(100) NOT NULL,
  level       VARCHAR(16)  NOT NULL CHECK (level IN ('CITY', 'TOWNSHIP', 'VILLAGE', 'GRID')),
  kind        VARCHAR(16)  NOT NULL,
  parent_id   BIGINT REFERENCES region (id),
  -- materialised path of ids, '/1/5/77/', so a subtree is one indexed prefix scan
  path        VARCHAR(500) NOT NULL,
  centre_lon  DOUBLE PRECISION,
  centre_lat  DOUBLE PRECISION,
  boundary    TEXT,
  population  INTEGER CHECK (population IS NULL OR population >= 0),
  version     INTEGER      NOT NULL DEFAULT 0,
  created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  CHECK ((level = 'CITY') = (parent_id IS NULL))
);
CREATE INDEX region_parent_idx ON region (parent_id);
CREATE INDEX region_path_idx ON region (path varchar_pattern_ops);
CREATE INDEX region_level_idx ON region (level);

CREATE TABLE org_unit (
  id          BIGSERIAL PRIMARY KEY,
  code        VARCHAR(32)  NOT NULL UNIQUE,
  name        VARCHAR(100) NOT NULL,
  kind        VARCHAR(32)  NOT NULL,
  region_id   BIGINT       NOT NULL REFERENCES region (id),
  parent_id   BIGINT REFERENCES org_unit (id),
  active      BOOLEAN      NOT NULL DEFAULT TRUE,
  version     INTEGER      NOT NULL DEFAULT 0,
  created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX org_unit_region_idx ON org_unit (region_id);
