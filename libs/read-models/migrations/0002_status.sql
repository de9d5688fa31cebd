-- Status read models (issue 4). Key columns not applicable to a level hold ''.
-- level is one of metric|endpoint|service|function|group|supergroup.

-- One row per status change per level. The position is part of the key, so a
-- redelivered batch replaces its own rows on merge instead of adding rows;
-- read with FINAL (or GROUP BY the key) to see deduplicated rows before a merge.
CREATE TABLE IF NOT EXISTS status_history (
    tenant String,
    level String,
    supergroup String,
    endpoint_group String,
    function String,
    service String,
    hostname String,
    metric String,
    status String,
    previous_status String,
    since DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(since)
ORDER BY (tenant, level, supergroup, endpoint_group, function, service, hostname, metric, position);

-- The latest status per tenant, level and item: the highest position wins on merge.
-- Not partitioned, because ReplacingMergeTree only collapses rows within one partition.
-- Read with FINAL or argMax(status, position) GROUP BY the key columns.
CREATE TABLE IF NOT EXISTS status_current (
    tenant String,
    level String,
    supergroup String,
    endpoint_group String,
    function String,
    service String,
    hostname String,
    metric String,
    status String,
    since DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, level, supergroup, endpoint_group, function, service, hostname, metric);
