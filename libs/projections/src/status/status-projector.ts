import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER, type EventStore } from '@vigil/event-store';
import { commitFingerprint, decodeCommit, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import type { ClickHouse } from '@vigil/read-models';
import { consumerInfoOrNull, projectorConsumerConfig, PULL_MAX_MESSAGES } from '@vigil/messaging';
import { hostProjector, type HostedProjector } from '../projector-host';
import { StatusSnapshotStore } from './status-snapshot.store';
import { STATUS_PROJECTION_VERSION, statusProjection, type StatusProjection, type StatusProjectionOptions } from './status.projection';
import { statusSink } from './status.sink';

export interface StatusProjectorOptions extends Omit<StatusProjectionOptions, 'from'> {
  store: EventStore;
  clickhouse: ClickHouse;
  schemas: SchemaCatalog;
  snapshots?: StatusSnapshotStore;
  stream?: string;
  /** Subject prefix of the events stream (default `vigil.events`). */
  prefix?: string;
  maxEvents?: number;
  maxWaitMs?: number;
  onError: (err: unknown) => void;
  /** Told what went wrong without stopping the projector (a snapshot not saved). */
  onWarn?: (message: string) => void;
}

export interface HostedStatusProjector extends HostedProjector {
  projection: StatusProjection;
}

/**
 * Starts the status projection from its last snapshot. Events after the snapshot that the durable
 * consumer already acknowledged are replayed silently first (their writes are committed), then the
 * durable consumer resumes where it stopped.
 */
export async function hostStatusProjector(nc: NatsConnection, o: StatusProjectorOptions): Promise<HostedStatusProjector> {
  const stream = o.stream ?? EVENTS_STREAM;
  const filterSubject = `${o.prefix ?? EVENTS_SUBJECT_PREFIX}.>`;
  // Checkpoint and snapshot belong to the read-model database the projector writes to.
  const scope = o.clickhouse.database ? `${o.clickhouse.database}-` : '';
  const snapshots = o.snapshots ?? (await StatusSnapshotStore.open(nc, { name: `${scope}status-v${STATUS_PROJECTION_VERSION}` }));
  const from = await snapshots.load();
  const projection = statusProjection({ ...o, from });
  const durable = `projector-${scope}${projection.name}-v${projection.version}`;
  const acked = await prepareDurable(nc, stream, durable, filterSubject, projection.state.sequence);
  if (acked > projection.state.sequence) await replay(nc, o.schemas, stream, filterSubject, projection, acked);
  const sink = statusSink({ store: o.store, clickhouse: o.clickhouse, snapshots, onWarn: o.onWarn });
  const source = { stream, filterSubject, schemaHeader: SCHEMA_HEADER, maxEvents: o.maxEvents, maxWaitMs: o.maxWaitMs, database: o.clickhouse.database };
  return { ...hostProjector(nc, o.schemas, source, projection, sink, o.onError), projection };
}

/** The durable's acknowledged sequence; a missing durable is created to start right after the snapshot. */
async function prepareDurable(nc: NatsConnection, stream: string, durable: string, filterSubject: string, snapshotSequence: number): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const info = await consumerInfoOrNull(jsm, stream, durable);
  if (info) return info.ack_floor.stream_seq;
  await jsm.consumers.add(stream, projectorConsumerConfig(durable, filterSubject, snapshotSequence));
  return snapshotSequence;
}

/** Folds messages after the snapshot up to `through` into the state, dropping their writes. */
async function replay(nc: NatsConnection, schemas: SchemaCatalog, stream: string, filterSubject: string, projection: StatusProjection, through: number): Promise<void> {
  const types = new Set(projection.types);
  const fallback = commitFingerprint(schemas);
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: filterSubject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: projection.state.sequence + 1 });
  const messages = await consumer.consume({ max_messages: PULL_MAX_MESSAGES });
  let batch: RecordedEvent[] = [];
  for await (const m of messages) {
    batch.push(...decodeCommit(schemas, m.data, m.seq, m.headers?.get(SCHEMA_HEADER) || fallback, types));
    const done = m.seq >= through || m.info.pending === 0;
    if (batch.length >= 10_000 || done) {
      projection.applyBatch(batch);
      batch = [];
    }
    if (done) break;
  }
  await messages.close();
}
