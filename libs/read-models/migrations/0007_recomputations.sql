-- Recomputations (issue 5): one row per recomputation, its latest state (highest position wins).
-- request holds the RecomputationRequested data as JSON (what the recompute worker applies).
CREATE TABLE IF NOT EXISTS recomputations (
    tenant String,
    id String,
    status String,
    reason String,
    requester String,
    start_time DateTime,
    end_time DateTime,
    request String,
    days String,
    error String,
    requested_at DateTime,
    updated_at DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, id);
