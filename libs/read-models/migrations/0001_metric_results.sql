-- Every accepted probe result. ReplacingMergeTree keeps one row per result key
-- (the highest event position wins on merge), so a late duplicate is stored once;
-- read with FINAL or argMax(position) to see deduplicated rows before a merge.
-- Old-style "ReplacingMergeTree(position) PARTITION BY ... ORDER BY" runs on 18.16 and current servers.
CREATE TABLE IF NOT EXISTS metric_results (
    tenant String,
    timestamp DateTime,
    service String,
    hostname String,
    metric String,
    status String,
    monitoring_host String,
    summary String,
    message String,
    actual_data String,
    tags String,
    endpoint_group String,
    known_endpoint UInt8,
    event_id String,
    position UInt64,
    recorded_at DateTime
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (tenant, hostname, service, metric, timestamp, monitoring_host);
