import type { NatsConnection } from '@nats-io/transport-node';
import { ConcurrencyError, eachLimited, withRetries, type EventStore, type StreamRef } from '@vigil/event-store';
import type { NewEvent } from '@vigil/events';
import { alarmProjection, alarmRowsSink, type AlarmWrite, type HostedProjector, type Sink } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { hostRebuiltProjector, logSource, type LogProjectorOptions } from '../log-projector';

export type AlarmProjectorOptions = LogProjectorOptions;

/**
 * Appends only the events a stream does not hold yet (by event id), at its current revision: a
 * redelivered batch or a replay long after JetStream's duplicate window still appends nothing twice.
 */
export async function appendOnce(store: EventStore, stream: StreamRef, events: readonly NewEvent[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const held = await store.readStream(stream);
    const ids = new Set(held.map((e) => e.eventId));
    const missing = events.filter((e) => !ids.has(e.eventId!));
    if (missing.length === 0) return;
    try {
      await store.append(stream, missing, held.length === 0 ? 'no-stream' : { revision: held[held.length - 1].revision });
      return;
    } catch (err) {
      // Someone (an operator commenting a ticket) appended meanwhile: look again.
      if (!(err instanceof ConcurrencyError) || attempt >= 5) throw err;
    }
  }
}

/** Events first, then rows keyed by position (a redelivery rewrites the same rows). */
export const alarmSink = (store: EventStore, clickhouse: ClickHouse): Sink<AlarmWrite> => {
  const rows = alarmRowsSink(clickhouse);
  return {
    write: async (w) => {
      // Tickets first: an alarm's attachment names a ticket that then exists.
      for (const category of ['ticket', 'alarm'] as const) {
        const appends = w.appends.filter((a) => a.category === category);
        // A busy server times reads and appends out (it used to restart the projector): appendOnce is safe to rerun.
        await eachLimited(appends, 64, (a) => withRetries(4, 500, () => appendOnce(store, { tenant: a.tenant, category, id: a.id }, a.events)));
      }
      await rows.write(w);
    },
  };
};

/**
 * Starts the alarm workflow. Its state (topology, downtimes, statuses, alarms, open tickets) is
 * rebuilt on start by folding silently what the durable consumer already acknowledged; then the
 * durable resumes.
 */
export function hostAlarmProjector(nc: NatsConnection, o: AlarmProjectorOptions): Promise<HostedProjector> {
  return hostRebuiltProjector(nc, logSource(o), alarmProjection(), alarmSink(o.store, o.clickhouse), o.onError);
}
