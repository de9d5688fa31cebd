import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { ALERT_CATEGORY } from '@vigil/domain';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER, type EventStore } from '@vigil/event-store';
import type { SchemaCatalog } from '@vigil/events';
import { hostProjector, readLog, type HostedProjector, type Sink } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { budgetProjection, type BudgetWrite } from './budget.projection';

export interface BudgetProjectorOptions {
  store: EventStore;
  clickhouse: ClickHouse;
  schemas: SchemaCatalog;
  stream?: string;
  /** Subject prefix of the events stream (default `vigil.events`). */
  prefix?: string;
  maxWaitMs?: number;
  onError: (err: unknown) => void;
}

/** Alerts first (deterministic ids: a redelivery is dropped), then rows keyed by position. */
export const budgetSink = (store: EventStore, clickhouse: ClickHouse): Sink<BudgetWrite> => ({
  write: async (w) => {
    await Promise.all(w.appends.map((a) => store.append({ tenant: a.tenant, category: ALERT_CATEGORY, id: a.alertId }, a.events, 'any')));
    if (w.historyRows.length > 0) await clickhouse.insert('alerts_history', w.historyRows);
    if (w.currentRows.length > 0) await clickhouse.insert('alerts_current', w.currentRows);
    if (w.budgetRows.length > 0) await clickhouse.insert('error_budgets', w.budgetRows);
  },
});

/**
 * Starts error-budget evaluation. Its state (budgets, rules, item statuses, minute buckets) is
 * rebuilt on start by folding silently what the durable consumer already acknowledged; then the
 * durable resumes.
 */
export async function hostBudgetProjector(nc: NatsConnection, o: BudgetProjectorOptions): Promise<HostedProjector> {
  const stream = o.stream ?? EVENTS_STREAM;
  const filterSubject = `${o.prefix ?? EVENTS_SUBJECT_PREFIX}.>`;
  const projection = budgetProjection();
  const scope = o.clickhouse.database ? `${o.clickhouse.database}-` : '';
  const durable = `projector-${scope}${projection.name}-v${projection.version}`;
  const jsm = await jetstreamManager(nc);
  const acked = await jsm.consumers
    .info(stream, durable)
    .then((i) => i.ack_floor.stream_seq)
    .catch(async () => {
      await jsm.consumers.add(stream, { durable_name: durable, filter_subject: filterSubject, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(60_000), max_ack_pending: 20_000 });
      return 0;
    });
  if (acked > 0) {
    for await (const batch of readLog(nc, { stream, filterSubject, schemaHeader: SCHEMA_HEADER, schemas: o.schemas, types: projection.types, startSequence: 1, through: acked })) projection.applyBatch(batch.events);
  }
  const source = { stream, filterSubject, schemaHeader: SCHEMA_HEADER, maxWaitMs: o.maxWaitMs, database: o.clickhouse.database };
  return hostProjector(nc, o.schemas, source, projection, budgetSink(o.store, o.clickhouse), o.onError);
}
