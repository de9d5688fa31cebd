import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER } from '@vigil/event-store';
import { hostProjector, type HostedProjector, type ProjectorOptions } from '../projector-host';
import { arProjection, type ArProjection, type ArProjectionOptions } from './ar.projection';
import { arSink } from './ar.sink';

export interface ArProjectorOptions extends ArProjectionOptions, ProjectorOptions {}

export interface HostedArProjector extends HostedProjector {
  projection: ArProjection;
}

/**
 * Starts continuous A/R. Its accumulators live in memory, so every start folds the log again from
 * its beginning: the durable consumer is recreated (rows are keyed by item, day and position, so
 * rewriting them changes nothing; past days write only their final rows).
 */
export async function hostArProjector(nc: NatsConnection, o: ArProjectorOptions): Promise<HostedArProjector> {
  const stream = o.stream ?? EVENTS_STREAM;
  const projection = arProjection(o);
  const database = o.clickhouse.database;
  const durable = `projector-${database ? `${database}-` : ''}${projection.name}-v${projection.version}`;
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.delete(stream, durable).catch(() => undefined);
  const source = { stream, filterSubject: `${o.prefix ?? EVENTS_SUBJECT_PREFIX}.>`, schemaHeader: SCHEMA_HEADER, maxEvents: o.maxEvents, maxWaitMs: o.maxWaitMs, database };
  return { ...hostProjector(nc, o.schemas, source, projection, arSink(o.clickhouse), o.onError), projection };
}
