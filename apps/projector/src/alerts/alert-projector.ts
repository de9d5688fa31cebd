import type { NatsConnection } from '@nats-io/transport-node';
import { ALERT_CATEGORY } from '@vigil/domain';
import { eachLimited, type EventStore } from '@vigil/event-store';
import { alertProjection, type AlertWrite, type HostedProjector, type Sink } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { hostRebuiltProjector, logSource, type LogProjectorOptions } from '../log-projector';

export type AlertProjectorOptions = LogProjectorOptions;

/** Alerts first (deterministic ids: a redelivery is dropped), then rows keyed by position. */
export async function writeAlerts(store: EventStore, clickhouse: ClickHouse, w: AlertWrite): Promise<void> {
  await eachLimited(w.appends, APPEND_CONCURRENCY, (a) => store.append({ tenant: a.tenant, category: ALERT_CATEGORY, id: a.alertId }, a.events, 'any'));
  if (w.historyRows.length > 0) await clickhouse.insert('alerts_history', w.historyRows);
  if (w.currentRows.length > 0) await clickhouse.insert('alerts_current', w.currentRows);
}

/** Appends in flight at once: an alert storm is thousands of streams. */
const APPEND_CONCURRENCY = 64;

export const alertSink = (store: EventStore, clickhouse: ClickHouse): Sink<AlertWrite> => ({ write: (w) => writeAlerts(store, clickhouse, w) });

/**
 * Starts alert evaluation. Its state (rules, Nagios states, downtimes) is rebuilt on start by
 * folding silently what the durable consumer already acknowledged; then the durable resumes.
 */
export function hostAlertProjector(nc: NatsConnection, o: AlertProjectorOptions): Promise<HostedProjector> {
  return hostRebuiltProjector(nc, logSource(o), alertProjection(), alertSink(o.store, o.clickhouse), o.onError);
}
