import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RecordedEvent, SchemaCatalog } from '@vigil/events';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER, type EventStore } from '@vigil/event-store';
import { hostProjector, readLog, type HostedProjector, type Projection, type Sink } from '@vigil/projections';
import { consumerInfoOrNull, projectorConsumerConfig } from '@vigil/messaging';
import type { ClickHouse } from '@vigil/read-models';

/** A projection without snapshots: its state is folded again from the log on every start. */
export interface RebuiltProjection<W> extends Projection<W> {
  /** Folds a batch of the log silently on start (whatever it returns is dropped). */
  applyBatch(events: readonly RecordedEvent[]): unknown;
}

/** Where a projector reads the log. */
export interface LogSource {
  schemas: SchemaCatalog;
  stream: string;
  /** Subject prefix of the events stream. */
  prefix: string;
  /** Scopes the durable name (a test's or replay's own database). */
  database?: string;
  maxWaitMs?: number;
}

/** What the alert, alarm and budget projectors are started with. */
export interface LogProjectorOptions {
  store: EventStore;
  clickhouse: ClickHouse;
  schemas: SchemaCatalog;
  stream?: string;
  /** Subject prefix of the events stream (default `vigil.events`). */
  prefix?: string;
  maxWaitMs?: number;
  onError: (err: unknown) => void;
}

export const logSource = (o: LogProjectorOptions): LogSource => ({
  schemas: o.schemas,
  stream: o.stream ?? EVENTS_STREAM,
  prefix: o.prefix ?? EVENTS_SUBJECT_PREFIX,
  database: o.clickhouse.database,
  maxWaitMs: o.maxWaitMs,
});

export const durableName = (source: LogSource, name: string, version: number): string => `projector-${source.database ? `${source.database}-` : ''}${name}-v${version}`;

/** The durable's acknowledged floor; a missing durable is created to read from the start (floor 0). */
export async function ackFloor(nc: NatsConnection, source: LogSource, durable: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  // Only a durable known to be missing is created: a timed-out request (busy server) fails the start, which is retried.
  const info = await consumerInfoOrNull(jsm, source.stream, durable);
  if (info) return info.ack_floor.stream_seq;
  await jsm.consumers.add(source.stream, projectorConsumerConfig(durable, `${source.prefix}.>`));
  return 0;
}

/**
 * Folds silently what the durable already acknowledged (`acked`, by default its ack floor), then
 * hosts the projection from there: a restart rebuilds the state and writes nothing twice.
 */
export async function hostRebuiltProjector<W>(nc: NatsConnection, source: LogSource, projection: RebuiltProjection<W>, sink: Sink<W>, onError: (err: unknown) => void, acked?: number): Promise<HostedProjector> {
  const filterSubject = `${source.prefix}.>`;
  const floor = acked ?? (await ackFloor(nc, source, durableName(source, projection.name, projection.version)));
  if (floor > 0) {
    for await (const batch of readLog(nc, { stream: source.stream, filterSubject, schemaHeader: SCHEMA_HEADER, schemas: source.schemas, types: projection.types, startSequence: 1, through: floor })) projection.applyBatch(batch.events);
  }
  return hostProjector(nc, source.schemas, { stream: source.stream, filterSubject, schemaHeader: SCHEMA_HEADER, maxWaitMs: source.maxWaitMs, database: source.database }, projection, sink, onError);
}
