-- Operations Portal alarms and tickets (issue 6, part 2), written by the alarms projector.

-- One row per alarm event (RAISED, ATTACHED to a ticket, CLEARED). position is the trigger's
-- position × 10 + the event's order within it, so a redelivered batch replaces its own rows on merge.
CREATE TABLE IF NOT EXISTS alarms_history (
    tenant String,
    alarm_id String,
    event String,
    site String,
    ngi String,
    service String,
    hostname String,
    status String,
    ticket_id String,
    reason String,
    at DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(at)
ORDER BY (tenant, alarm_id, position);

-- The latest state of each alarm: state is open or cleared; the highest position wins on merge.
CREATE TABLE IF NOT EXISTS alarms_current (
    tenant String,
    alarm_id String,
    state String,
    site String,
    ngi String,
    service_id String,
    service String,
    hostname String,
    status String,
    ticket_id String,
    reason String,
    raised_at DateTime,
    cleared_at Nullable(DateTime),
    updated_at DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, alarm_id);

-- Every ticket (opened by people or for alarms), its latest state: what the oversight view reads.
CREATE TABLE IF NOT EXISTS tickets_current (
    tenant String,
    ticket_id String,
    site String,
    ngi String,
    state String,
    step String,
    deadline DateTime,
    expires_at DateTime,
    opened_at DateTime,
    closed_at Nullable(DateTime),
    alarms UInt32,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, ticket_id);

-- Registry downtimes as they stand (cancelled = 1 once withdrawn): the oversight view's long ones.
CREATE TABLE IF NOT EXISTS downtimes_current (
    tenant String,
    downtime_id String,
    site String,
    severity String,
    start_time DateTime,
    end_time DateTime,
    cancelled UInt8,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, downtime_id);
