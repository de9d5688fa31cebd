import { randomBytes } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { commitFingerprint, decodeCommit, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER } from '@vigil/event-store';
import { consumerInfoOrNull } from '@vigil/messaging';
import type { Projection } from './projection';
import type { ProjectorOptions, ProjectorSource } from './projector-host';
import { TOPOLOGY_EVENT_TYPES } from './topology/topology-rows';

/** The event-store categories that hold the topology events (sites and services: see the registry streams). */
export const REGISTRY_CATEGORIES = ['site', 'service'] as const;

export interface RegistryLogOptions {
  stream: string;
  /** Subject prefix of the events stream. */
  prefix: string;
  schemas: SchemaCatalog;
  schemaHeader: string;
}

export interface RegistryLog {
  /** Topology events in log order. */
  events: RecordedEvent[];
  /** Stream sequence read through: every topology event up to it is in `events`. */
  through: number;
}

const TYPES: ReadonlySet<string> = new Set(TOPOLOGY_EVENT_TYPES);

/**
 * Every topology event of the log up to its current end, without reading the probe results around
 * them: one consumer per registry category (nats-server 2.9 takes one filter each), merged by sequence.
 */
export const readRegistryLog = (nc: NatsConnection, o: RegistryLogOptions): Promise<RegistryLog> => startRead(nc, o).log;

interface Read {
  through: Promise<number>;
  log: Promise<RegistryLog>;
}

const underWay = new WeakMap<NatsConnection, Map<string, Read>>();

/**
 * The registry log as a projector resuming from its durable needs it: through at least what the durable
 * delivered before (`delivered`), whose redeliveries may come after newer messages. The metric-results
 * and topology projectors start together: a read under way that reaches that far serves both.
 */
export async function registryLogFor(nc: NatsConnection, o: RegistryLogOptions, delivered: number): Promise<RegistryLog> {
  let reads = underWay.get(nc);
  if (!reads) underWay.set(nc, (reads = new Map()));
  const key = `${o.stream}\u0000${o.prefix}`;
  const pending = reads.get(key);
  if (pending && (await pending.through.catch(() => -1)) >= delivered) return pending.log;
  const read = startRead(nc, o);
  reads.set(key, read);
  const forget = () => reads.get(key) === read && reads.delete(key);
  read.log.then(forget, forget);
  return read.log;
}

function startRead(nc: NatsConnection, o: RegistryLogOptions): Read {
  const through = jetstreamManager(nc).then(async (jsm) => (await jsm.streams.info(o.stream)).state.last_seq);
  const log = through.then(async (last) => {
    const parts = await Promise.all(REGISTRY_CATEGORIES.map((category) => readCategory(nc, o, `${o.prefix}.*.${category}.>`, last)));
    return { events: parts.flat().sort((a, b) => a.position - b.position), through: last };
  });
  return { through, log };
}

/** An ephemeral consumer tells how many messages match before the first fetch, so an empty category costs no fetch timeout. */
async function readCategory(nc: NatsConnection, o: RegistryLogOptions, filter: string, through: number): Promise<RecordedEvent[]> {
  const jsm = await jetstreamManager(nc);
  const name = `registry-log-${randomBytes(6).toString('hex')}`;
  const info = await jsm.consumers.add(o.stream, { name, filter_subject: filter, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, mem_storage: true, inactive_threshold: nanos(30_000) });
  const fallback = commitFingerprint(o.schemas);
  const events: RecordedEvent[] = [];
  try {
    const consumer = await jetstream(nc).consumers.get(o.stream, name);
    for (let left = info.num_pending; left > 0; ) {
      const messages = await consumer.fetch({ max_messages: Math.min(left, 1_000), expires: 5_000 });
      let received = 0;
      for await (const m of messages) {
        received++;
        // Messages appended after the read began belong to the live consumer.
        if (m.seq > through) return events;
        events.push(...decodeCommit(o.schemas, m.data, m.seq, m.headers?.get(o.schemaHeader) || fallback, TYPES));
      }
      if (received === 0) throw new Error(`registry log: ${left} messages of ${filter} not delivered`);
      left -= received;
    }
    return events;
  } finally {
    await jsm.consumers.delete(o.stream, name).catch(() => undefined);
  }
}

/** What the metric-results and topology projectors are started with. */
export type RegistryProjectorOptions = ProjectorOptions;

/** Where such a projector reads: the whole log (nats-server 2.9 takes one filter), its checkpoint scoped to its database. */
/** The durable a hosted projection reads through, as hostProjector names it, and how far it has delivered. */
export async function durableOf(nc: NatsConnection, source: ProjectorSource, projection: Projection<unknown>): Promise<{ durable: string; acked: number; delivered: number }> {
  const durable = `projector-${source.database ? `${source.database}-` : ''}${projection.name}-v${projection.version}`;
  const info = await consumerInfoOrNull(await jetstreamManager(nc), source.stream, durable);
  return { durable, acked: info?.ack_floor.stream_seq ?? 0, delivered: info?.delivered.stream_seq ?? 0 };
}

export function registryProjectorSource(o: RegistryProjectorOptions): ProjectorSource & RegistryLogOptions {
  const prefix = o.prefix ?? EVENTS_SUBJECT_PREFIX;
  return { stream: o.stream ?? EVENTS_STREAM, prefix, filterSubject: `${prefix}.>`, schemaHeader: SCHEMA_HEADER, schemas: o.schemas, maxEvents: o.maxEvents, maxWaitMs: o.maxWaitMs, database: o.clickhouse.database };
}
