-- MQTT messages a module's handler failed on repeatedly: kept for inspection instead of being dropped.
create table mqtt_dead_letter (
    id           bigserial primary key,
    subscription text        not null,
    topic        text        not null,
    payload      bytea       not null,
    error        text        not null,
    received_at  timestamptz not null,
    failed_at    timestamptz not null default now()
);
