-- Device network (雪亮工程、门禁、一键报警、平安灯箱、对讲): registry, status history, maintenance, fee ledger.

CREATE TABLE device (
  id             BIGSERIAL    PRIMARY KEY,
  code           VARCHAR(40)  NOT NULL UNIQUE,          -- our own device code (MQTT topic segment)
  kind           VARCHAR(20)  NOT NULL,                 -- CAMERA, NVR, DOOR_CONTROLLER, ALARM_PILLAR, LIGHT_BOX, INTERCOM
  name           VARCHAR(100) NOT NULL,
  region_id      BIGINT       NOT NULL REFERENCES region (id),
  township_id    BIGINT       REFERENCES region (id),   -- the township above region_id, for statistics
  unit_id        BIGINT       REFERENCES org_unit (id), -- owner unit
  lon            DOUBLE PRECISION,
  lat            DOUBLE PRECISION,
  address        VARCHAR(200),
  install_date   DATE,
  vendor         VARCHAR(100),
  gb_id          CHAR(20)     UNIQUE,                   -- GB/T 28181 id where it applies
  sip_password   VARCHAR(200),                          -- AES-GCM ciphertext, never shown
  protocol       VARCHAR(10)  NOT NULL,                 -- GB28181 or MQTT
  online         BOOLEAN      NOT NULL DEFAULT FALSE,
  status_since   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  last_seen_at   TIMESTAMPTZ,
  fault          VARCHAR(200),                          -- last fault a device reported about itself
  created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
  version        INT          NOT NULL DEFAULT 0
);
CREATE INDEX device_region ON device (region_id);
CREATE INDEX device_township_kind ON device (township_id, kind);
CREATE INDEX device_offline ON device (online, status_since);

-- Every online/offline transition with its reason: the basis of online-rate figures.
CREATE TABLE device_status_change (
  id         BIGSERIAL   PRIMARY KEY,
  device_id  BIGINT      NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  online     BOOLEAN     NOT NULL,
  at         TIMESTAMPTZ NOT NULL,
  reason     VARCHAR(60) NOT NULL
);
CREATE INDEX device_status_change_device ON device_status_change (device_id, at);
CREATE INDEX device_status_change_at ON device_status_change (at);

-- Channels a GB/T 28181 device reported in its catalog (names decoded from GB18030/UTF-8).
CREATE TABLE device_channel (
  device_id   BIGINT       NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  channel_id  VARCHAR(40)  NOT NULL,
  name        VARCHAR(200),
  status      VARCHAR(20),
  lon         DOUBLE PRECISION,
  lat         DOUBLE PRECISION,
  updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, channel_id)
);

CREATE TABLE maintenance_ticket (
  id           BIGSERIAL    PRIMARY KEY,
  device_id    BIGINT       NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  state        VARCHAR(10)  NOT NULL,                   -- OPEN, ASSIGNED, FIXED, VERIFIED
  fault        VARCHAR(500) NOT NULL,
  assignee     VARCHAR(100),
  resolution   VARCHAR(500),
  opened_by    VARCHAR(60)  NOT NULL,
  opened_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
  closed_at    TIMESTAMPTZ,
  version      INT          NOT NULL DEFAULT 0
);
CREATE INDEX maintenance_ticket_device ON maintenance_ticket (device_id);
CREATE INDEX maintenance_ticket_state ON maintenance_ticket (state);

CREATE TABLE maintenance_ticket_event (
  id          BIGSERIAL   PRIMARY KEY,
  ticket_id   BIGINT      NOT NULL REFERENCES maintenance_ticket (id) ON DELETE CASCADE,
  from_state  VARCHAR(10),
  to_state    VARCHAR(10) NOT NULL,
  actor       VARCHAR(60) NOT NULL,
  note        VARCHAR(500),
  at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Maintenance contracts and network rental fees per township and year, in yuan.
CREATE TABLE device_fee (
  id           BIGSERIAL     PRIMARY KEY,
  township_id  BIGINT        NOT NULL REFERENCES region (id),
  year         INT           NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  category     VARCHAR(20)   NOT NULL,                  -- MAINTENANCE_CONTRACT, NETWORK_RENTAL
  party        VARCHAR(100)  NOT NULL,                  -- contractor or carrier
  amount       NUMERIC(14,2) NOT NULL CHECK (amount >= 0),
  note         VARCHAR(300),
  created_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX device_fee_township_year ON device_fee (township_id, year);
