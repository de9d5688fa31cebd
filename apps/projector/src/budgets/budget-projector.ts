import type { NatsConnection } from '@nats-io/transport-node';
import type { EventStore } from '@vigil/event-store';
import { budgetProjection, type BudgetWrite, type HostedProjector, type Sink } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { writeAlerts } from '../alerts/alert-projector';
import { hostRebuiltProjector, logSource, type LogProjectorOptions } from '../log-projector';

export type BudgetProjectorOptions = LogProjectorOptions;

/** Alerts first (deterministic ids: a redelivery is dropped), then rows keyed by position. */
export const budgetSink = (store: EventStore, clickhouse: ClickHouse): Sink<BudgetWrite> => ({
  write: async (w) => {
    await writeAlerts(store, clickhouse, w);
    if (w.budgetRows.length > 0) await clickhouse.insert('error_budgets', w.budgetRows);
  },
});

/**
 * Starts error-budget evaluation. Its state (budgets, rules, item statuses, minute buckets) is
 * rebuilt on start by folding silently what the durable consumer already acknowledged; then the
 * durable resumes.
 */
export function hostBudgetProjector(nc: NatsConnection, o: BudgetProjectorOptions): Promise<HostedProjector> {
  return hostRebuiltProjector(nc, logSource(o), budgetProjection(), budgetSink(o.store, o.clickhouse), o.onError);
}
