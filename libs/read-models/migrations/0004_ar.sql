-- Continuous A/R read models (issue 5), folded from StatusChanged events and clock ticks.
-- Key columns not applicable to a level hold ''. level is endpoint|service|function|group|supergroup.
-- A day's row is rewritten while the day is open (final = 0: the day so far, until the last
-- tick) and written once more when it is final (final = 1, after the day's end plus the grace
-- period). The highest position wins on merge: read with FINAL or argMax(x, position).
-- Partitioned by month of the day: every version of a row sits in one partition.

-- Per level, item and day: ARGO's daily figures; -1 where undefined. Supergroup rows are the
-- weighted mean (w + 1) of their endpoint groups, -1 when no group has a value.
CREATE TABLE IF NOT EXISTS ar_daily (
    tenant String,
    level String,
    supergroup String,
    endpoint_group String,
    function String,
    service String,
    hostname String,
    day Date,
    availability Float64,
    reliability Float64,
    up Float64,
    unknown Float64,
    down Float64,
    final UInt8,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, level, supergroup, endpoint_group, function, service, hostname, day);

-- Per level, item, day and status: whole minutes in the status (each interval floored) and the
-- number of separate intervals.
CREATE TABLE IF NOT EXISTS status_statistics_daily (
    tenant String,
    level String,
    supergroup String,
    endpoint_group String,
    function String,
    service String,
    hostname String,
    day Date,
    status String,
    minutes UInt32,
    freq UInt32,
    final UInt8,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, level, supergroup, endpoint_group, function, service, hostname, day, status);

-- Per level, item and day: status changes within the day (flip-flops), for flapping trends.
CREATE TABLE IF NOT EXISTS flapping_daily (
    tenant String,
    level String,
    supergroup String,
    endpoint_group String,
    function String,
    service String,
    hostname String,
    day Date,
    flipflops UInt32,
    final UInt8,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, level, supergroup, endpoint_group, function, service, hostname, day);

-- Per level, item and month (its first day): ARGO's range formulas over the month's days so far
-- (days = how many); supergroups average their defined daily values. final once the month's
-- last day is final.
CREATE TABLE IF NOT EXISTS ar_monthly (
    tenant String,
    level String,
    supergroup String,
    endpoint_group String,
    function String,
    service String,
    hostname String,
    month Date,
    availability Float64,
    reliability Float64,
    up Float64,
    unknown Float64,
    down Float64,
    days UInt16,
    final UInt8,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
PARTITION BY toYear(month)
ORDER BY (tenant, level, supergroup, endpoint_group, function, service, hostname, month);
