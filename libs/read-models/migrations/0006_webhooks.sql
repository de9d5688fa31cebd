-- Alerts and webhook deliveries (issue 6).

-- One row per alert event (raised, re-notified, flapping start/stop, resolved). The position is
-- in the key, so a redelivered batch replaces its own rows on merge; read with FINAL.
CREATE TABLE IF NOT EXISTS alerts_history (
    tenant String,
    alert_id String,
    rule_id String,
    event String,
    level String,
    supergroup String,
    endpoint_group String,
    service String,
    hostname String,
    metric String,
    status String,
    previous_status String,
    since DateTime,
    at DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(at)
ORDER BY (tenant, alert_id, position);

-- The latest state of each alert: state is firing or resolved; the highest position wins on merge.
-- Not partitioned (ReplacingMergeTree collapses within a partition). Read with FINAL or argMax.
CREATE TABLE IF NOT EXISTS alerts_current (
    tenant String,
    alert_id String,
    rule_id String,
    state String,
    kind String,
    level String,
    supergroup String,
    endpoint_group String,
    service String,
    hostname String,
    metric String,
    status String,
    since DateTime,
    updated_at DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, alert_id);

-- Every delivery attempt: status 0 when no HTTP answer came (error says why); latency in ms.
CREATE TABLE IF NOT EXISTS webhook_attempts (
    tenant String,
    subscription_id String,
    webhook_id String,
    event_type String,
    url String,
    attempt UInt16,
    status UInt16,
    outcome String,
    latency_ms UInt32,
    error String,
    attempted_at DateTime
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(attempted_at)
ORDER BY (tenant, subscription_id, webhook_id, attempted_at);
