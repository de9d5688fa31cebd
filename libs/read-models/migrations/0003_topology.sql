-- Monitoring topology kept from registry events: one row per change of an item,
-- valid from the event time of the change, so both current and as-of reads work:
--   current: argMax(col, (valid_from, position)) GROUP BY the item, keep removed = 0;
--   as of T: the same with WHERE valid_from <= T.
-- A redelivered event has the same key and collapses on merge (highest position wins).
-- Not partitioned: an item's history must stay in one partition to collapse.

-- Endpoints (ARGO group_endpoints): a service type on a host in an endpoint group (a site).
CREATE TABLE IF NOT EXISTS topology_endpoints (
    tenant String,
    endpoint_group String,
    supergroup String,
    service String,
    hostname String,
    monitored UInt8,
    tags String,
    valid_from DateTime,
    position UInt64,
    removed UInt8
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, endpoint_group, service, hostname, valid_from);

-- Endpoint groups (ARGO group_groups): a site (group_type SITES) in its supergroup (an NGI).
CREATE TABLE IF NOT EXISTS topology_groups (
    tenant String,
    endpoint_group String,
    group_type String,
    supergroup String,
    tags String,
    valid_from DateTime,
    position UInt64,
    removed UInt8
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, group_type, endpoint_group, valid_from);
