import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { ConcurrencyError, EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER, type EventStore, type StreamRef } from '@vigil/event-store';
import type { NewEvent, SchemaCatalog } from '@vigil/events';
import { hostProjector, readLog, type HostedProjector, type Sink } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { alarmProjection, type AlarmWrite } from './alarm.projection';

export interface AlarmProjectorOptions {
  store: EventStore;
  clickhouse: ClickHouse;
  schemas: SchemaCatalog;
  stream?: string;
  /** Subject prefix of the events stream (default `vigil.events`). */
  prefix?: string;
  maxWaitMs?: number;
  onError: (err: unknown) => void;
}

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

/** The tables the alarms projector writes (what a rebuild replaces). */
export const ALARM_TABLES = ['alarms_history', 'alarms_current', 'tickets_current', 'downtimes_current'] as const;

/** Rows only: for a rebuild from the log, whose alarm and ticket events are already there. */
export const alarmRowsSink = (clickhouse: ClickHouse): Sink<AlarmWrite> => ({
  write: async (w) => {
    if (w.historyRows.length > 0) await clickhouse.insert('alarms_history', w.historyRows);
    if (w.currentRows.length > 0) await clickhouse.insert('alarms_current', w.currentRows);
    if (w.ticketRows.length > 0) await clickhouse.insert('tickets_current', w.ticketRows);
    if (w.downtimeRows.length > 0) await clickhouse.insert('downtimes_current', w.downtimeRows);
  },
});

/** Events first, then rows keyed by position (a redelivery rewrites the same rows). */
export const alarmSink = (store: EventStore, clickhouse: ClickHouse): Sink<AlarmWrite> => {
  const rows = alarmRowsSink(clickhouse);
  return {
    write: async (w) => {
      // Tickets first: an alarm's attachment names a ticket that then exists.
      for (const category of ['ticket', 'alarm'] as const) {
        const appends = w.appends.filter((a) => a.category === category);
        await Promise.all(appends.map((a) => appendOnce(store, { tenant: a.tenant, category, id: a.id }, a.events)));
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
export async function hostAlarmProjector(nc: NatsConnection, o: AlarmProjectorOptions): Promise<HostedProjector> {
  const stream = o.stream ?? EVENTS_STREAM;
  const filterSubject = `${o.prefix ?? EVENTS_SUBJECT_PREFIX}.>`;
  const projection = alarmProjection();
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
  return hostProjector(nc, o.schemas, source, projection, alarmSink(o.store, o.clickhouse), o.onError);
}
