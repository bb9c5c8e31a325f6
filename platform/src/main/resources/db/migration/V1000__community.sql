-- 智安小区: compounds, buildings, houses, residents (以房管人), access control, visitors, police data requests, one-key alarms.
-- Personal data (name, phone, ID number) is stored only encrypted (AES-GCM) plus a keyed hash of the ID number.

CREATE TABLE community_compound (
    id          BIGSERIAL PRIMARY KEY,
    code        VARCHAR(32)  NOT NULL UNIQUE,
    name        VARCHAR(100) NOT NULL,
    region_id   BIGINT       NOT NULL REFERENCES region (id),
    unit_id     BIGINT       NOT NULL REFERENCES org_unit (id),   -- the property company
    address     VARCHAR(200),
    lon         DOUBLE PRECISION,
    lat         DOUBLE PRECISION,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX community_compound_region ON community_compound (region_id);
CREATE INDEX community_compound_unit ON community_compound (unit_id);

CREATE TABLE community_building (
    id          BIGSERIAL PRIMARY KEY,
    compound_id BIGINT      NOT NULL REFERENCES community_compound (id),
    name        VARCHAR(50) NOT NULL,
    region_id   BIGINT      NOT NULL REFERENCES region (id),
    UNIQUE (compound_id, name)
);

-- a house is one dwelling: building + 单元 (entrance) + room
CREATE TABLE community_house (
    id          BIGSERIAL PRIMARY KEY,
    compound_id BIGINT      NOT NULL REFERENCES community_compound (id),
    building_id BIGINT      NOT NULL REFERENCES community_building (id),
    entrance    VARCHAR(20) NOT NULL,
    room        VARCHAR(20) NOT NULL,
    region_id   BIGINT      NOT NULL REFERENCES region (id),
    UNIQUE (building_id, entrance, room)
);
CREATE INDEX community_house_compound ON community_house (compound_id);

-- a resident is registered in one compound; no cross-compound identity is kept (principle 1)
CREATE TABLE community_resident (
    id          BIGSERIAL PRIMARY KEY,
    compound_id BIGINT  NOT NULL REFERENCES community_compound (id),
    name_enc    BYTEA   NOT NULL,
    phone_enc   BYTEA,
    id_no_enc   BYTEA   NOT NULL,
    id_no_hash  BYTEA   NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (compound_id, id_no_hash)
);

CREATE TABLE community_occupancy (
    id          BIGSERIAL PRIMARY KEY,
    resident_id BIGINT      NOT NULL REFERENCES community_resident (id),
    house_id    BIGINT      NOT NULL REFERENCES community_house (id),
    kind        VARCHAR(16) NOT NULL CHECK (kind IN ('OWNER', 'FAMILY', 'TENANT', 'FLOATING')),
    start_date  DATE        NOT NULL,
    end_date    DATE,                         -- moved out; the row is kept as history
    lease_end   DATE,
    CHECK (kind <> 'TENANT' OR lease_end IS NOT NULL)
);
CREATE INDEX community_occupancy_house ON community_occupancy (house_id);
CREATE INDEX community_occupancy_resident ON community_occupancy (resident_id);

CREATE TABLE community_door (
    id           BIGSERIAL PRIMARY KEY,
    compound_id  BIGINT      NOT NULL REFERENCES community_compound (id),
    device_id    VARCHAR(64) NOT NULL UNIQUE,
    name         VARCHAR(100) NOT NULL,
    location     VARCHAR(200),
    last_seen_at TIMESTAMPTZ
);
CREATE INDEX community_door_compound ON community_door (compound_id);

CREATE TABLE community_credential (
    id             BIGSERIAL PRIMARY KEY,
    resident_id    BIGINT      NOT NULL REFERENCES community_resident (id),
    kind           VARCHAR(8)  NOT NULL CHECK (kind IN ('CARD', 'QR', 'PIN', 'FACE')),
    card_no        VARCHAR(32),
    pin_hash       VARCHAR(100),
    door_id        BIGINT REFERENCES community_door (id),   -- FACE: the device holding the template
    enabled        BOOLEAN     NOT NULL DEFAULT true,
    disabled_reason VARCHAR(200),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    disabled_at    TIMESTAMPTZ
);
CREATE INDEX community_credential_resident ON community_credential (resident_id);
CREATE INDEX community_credential_door ON community_credential (door_id);

-- the resident's separate consent to face enrolment; no face image or template is ever stored here
CREATE TABLE community_face_consent (
    id           BIGSERIAL PRIMARY KEY,
    resident_id  BIGINT      NOT NULL REFERENCES community_resident (id),
    given_at     TIMESTAMPTZ NOT NULL,
    text_version VARCHAR(20) NOT NULL,
    method       VARCHAR(10) NOT NULL CHECK (method IN ('PAPER', 'APP', 'IN_PERSON')),
    withdrawn_at TIMESTAMPTZ
);
CREATE INDEX community_face_consent_resident ON community_face_consent (resident_id);

CREATE TABLE community_visitor_pass (
    id               BIGSERIAL PRIMARY KEY,
    compound_id      BIGINT      NOT NULL REFERENCES community_compound (id),
    host_resident_id BIGINT REFERENCES community_resident (id),
    visitor_label    VARCHAR(50) NOT NULL,      -- e.g. 快递 / 访客王*; no ID number is asked for
    valid_from       TIMESTAMPTZ NOT NULL,
    valid_to         TIMESTAMPTZ NOT NULL,
    door_ids         BIGINT[]    NOT NULL,
    issued_by        BIGINT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (valid_to > valid_from)
);
CREATE INDEX community_visitor_pass_compound ON community_visitor_pass (compound_id, valid_from);

-- access events: kept briefly (zhian.community.access-retention-days), purged in batches
CREATE TABLE community_access_event (
    id               BIGSERIAL PRIMARY KEY,
    compound_id      BIGINT      NOT NULL,
    device_id        VARCHAR(64) NOT NULL,
    device_event_id  VARCHAR(64) NOT NULL,
    occurred_at      TIMESTAMPTZ NOT NULL,
    direction        VARCHAR(3)  NOT NULL,
    credential_type  VARCHAR(8)  NOT NULL,
    resident_id      BIGINT,
    visitor_pass_id  BIGINT,
    result           VARCHAR(8)  NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX community_access_event_dedup ON community_access_event (device_id, device_event_id);
CREATE INDEX community_access_event_compound_time ON community_access_event (compound_id, occurred_at);
CREATE INDEX community_access_event_time ON community_access_event (occurred_at);
CREATE INDEX community_access_event_resident ON community_access_event (resident_id, occurred_at) WHERE resident_id IS NOT NULL;
CREATE INDEX community_access_event_pass ON community_access_event (visitor_pass_id) WHERE visitor_pass_id IS NOT NULL;

CREATE TABLE community_police_request (
    id           BIGSERIAL PRIMARY KEY,
    compound_id  BIGINT       NOT NULL REFERENCES community_compound (id),
    resident_id  BIGINT       NOT NULL REFERENCES community_resident (id),
    case_no      VARCHAR(50)  NOT NULL,
    purpose      VARCHAR(500) NOT NULL,
    window_from  TIMESTAMPTZ  NOT NULL,
    window_to    TIMESTAMPTZ  NOT NULL,
    requested_by BIGINT       NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    state        VARCHAR(10)  NOT NULL CHECK (state IN ('REQUESTED', 'APPROVED', 'REFUSED')),
    decided_by   BIGINT,
    decided_at   TIMESTAMPTZ,
    decision_note VARCHAR(500),
    expires_at   TIMESTAMPTZ
);

CREATE TABLE community_alarm (
    id           BIGSERIAL PRIMARY KEY,
    compound_id  BIGINT      NOT NULL REFERENCES community_compound (id),
    source       VARCHAR(10) NOT NULL,      -- PANEL or PAGE
    dedup_key    VARCHAR(100) NOT NULL UNIQUE,
    location     VARCHAR(200) NOT NULL,
    raised_at    TIMESTAMPTZ NOT NULL,
    raised_by    BIGINT,
    stage        VARCHAR(20) NOT NULL DEFAULT 'REQUESTED',
    alarm_id     BIGINT,
    stage_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX community_alarm_compound ON community_alarm (compound_id, raised_at);
