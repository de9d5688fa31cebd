import type { Subscription } from 'rxjs';
import type { NatsConnection } from '@nats-io/transport-node';
import type { SchemaCatalog } from '@vigil/events';
import type { ClickHouse } from '@vigil/read-models';
import { durableBatches } from '@vigil/messaging';
import type { Projection, Sink } from './projection';
import { runProjector, type RunningProjector } from './projector-runtime';

export interface ProjectorSource {
  stream: string;
  /** e.g. `vigil.events.*.probe.*`: nats-server 2.9 takes one filter per consumer. */
  filterSubject: string;
  schemaHeader: string;
  maxEvents?: number;
  maxWaitMs?: number;
  /** Read-model database the projector writes to: its checkpoint (durable) belongs to that database. */
  database?: string;
}

/** What a projector writing to ClickHouse is started with (the events stream and prefix default to Vigil's). */
export interface ProjectorOptions {
  clickhouse: ClickHouse;
  schemas: SchemaCatalog;
  stream?: string;
  /** Subject prefix of the events stream (default `vigil.events`). */
  prefix?: string;
  maxEvents?: number;
  maxWaitMs?: number;
  onError: (err: unknown) => void;
}

export interface HostedProjector extends RunningProjector {
  name: string;
  durable: string;
  subscription: Subscription;
}

/** Runs one projection on its own durable consumer (named by projection and version, so a new version starts afresh). */
export function hostProjector<W>(nc: NatsConnection, schemas: SchemaCatalog, source: ProjectorSource, projection: Projection<W>, sink: Sink<W>, onError: (err: unknown) => void): HostedProjector {
  const durable = `projector-${source.database ? `${source.database}-` : ''}${projection.name}-v${projection.version}`;
  const batches = durableBatches(nc, {
    stream: source.stream,
    durable,
    filterSubject: source.filterSubject,
    maxEvents: source.maxEvents ?? 50_000,
    maxWaitMs: source.maxWaitMs ?? 50,
    maxInFlight: 2,
    types: projection.types,
    catalog: schemas,
    schemaHeader: source.schemaHeader,
  });
  const running = runProjector(batches, projection, sink);
  const subscription = running.done.subscribe({ error: onError });
  return { ...running, name: projection.name, durable, subscription };
}
