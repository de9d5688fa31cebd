-- Error budgets (issue 6): each budget's figures over its window as of the last clock tick (or
-- its last change), folded from StatusChanged events and ticks by the budgets projector.
-- availability, consumed and remaining are NULL while nothing is known in the window. consumed
-- is the share of the budget spent ((1 - availability) / (1 - target); above 1 when overspent),
-- remaining = 1 - consumed. burn_rates is a JSON array, one object per burn-rate window pair:
-- {severity, longWindow, shortWindow, factor, longBurnRate, shortBurnRate, firing, alertId, since}
-- (windows as "1h", since in ms). firing holds the ids of the open burn-rate alerts.
-- removed = 1 once the budget is removed. The highest position wins on merge: read with FINAL.
CREATE TABLE IF NOT EXISTS error_budgets (
    tenant String,
    budget_id String,
    name String,
    rule_id String,
    objective String,
    target Float64,
    window_minutes UInt32,
    availability Nullable(Float64),
    consumed Nullable(Float64),
    remaining Nullable(Float64),
    good_ms UInt64,
    valid_ms UInt64,
    burn_rates String,
    firing Array(String),
    removed UInt8,
    evaluated_at DateTime,
    position UInt64
) ENGINE = ReplacingMergeTree(position)
ORDER BY (tenant, budget_id);
