import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { catalog as defaultCatalog, commitFingerprint, encodeCommit, prepareEvents, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import { ensureEventsStream, SCHEMA_HEADER } from '../jetstream';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, subjectFor } from '../subject';
import type { EventFeed } from './kurrentdb-event-store';

/** KV bucket of relay checkpoints: key = relay name, value = last relayed commit position. */
export const RELAY_BUCKET = 'vigil_relay';

/** Where the relay reads: KurrentDbEventStore, or anything else that feeds events after a position. */
export interface RelaySource {
  feed(options: { after?: number }): EventFeed;
}

export interface KurrentDbRelayOptions {
  /** Checkpoint key: one per relayed KurrentDB cluster. */
  name?: string;
  bucket?: string;
  stream?: string;
  prefix?: string;
  catalog?: SchemaCatalog;
  /** The checkpoint is saved after this many acknowledged events, or after flushMs without one. */
  batchSize?: number;
  flushMs?: number;
}

/**
 * Forwards committed KurrentDB events to the JetStream events stream, one event per commit message,
 * so projectors read JetStream whichever store the commands write to. Delivery is at least once:
 * after a crash the events since the last checkpoint are sent again, and JetStream drops those
 * still inside its duplicate window (Nats-Msg-Id = event id).
 */
export class KurrentDbRelay {
  /** Settles when the relay stops: rejects when the feed or JetStream fails (restart it: it resumes). */
  readonly done: Promise<void>;
  private relayed: number | undefined;
  private saved: number | undefined;
  private unsaved = 0;
  private saving: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly js: JetStreamClient,
    private readonly kv: KV,
    private readonly feed: EventFeed,
    private readonly o: Required<Omit<KurrentDbRelayOptions, 'bucket' | 'stream'>>,
    private readonly fingerprint: string,
  ) {
    // Idle saves; a failure resurfaces at the next in-line flush, which ends the relay.
    this.timer = setInterval(() => void this.flush().catch(() => undefined), o.flushMs);
    this.done = this.run().finally(() => clearInterval(this.timer));
  }

  static async start(source: RelaySource, nc: NatsConnection, options: KurrentDbRelayOptions = {}): Promise<KurrentDbRelay> {
    const o = { name: 'kurrentdb', prefix: EVENTS_SUBJECT_PREFIX, catalog: defaultCatalog(), batchSize: 100, flushMs: 1000, ...options };
    await ensureEventsStream(nc, { name: options.stream ?? EVENTS_STREAM, prefix: o.prefix });
    const kv = await new Kvm(nc).create(options.bucket ?? RELAY_BUCKET);
    const after = await readCheckpoint(kv, o.name);
    return new KurrentDbRelay(jetstream(nc), kv, source.feed({ after }), o, commitFingerprint(o.catalog));
  }

  /** Stops reading, saves the checkpoint of what was relayed, and waits for the relay to end. */
  async stop(): Promise<void> {
    await this.feed.close();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      for await (const event of this.feed.events) {
        await this.publish(event);
        this.relayed = event.position;
        if (++this.unsaved >= this.o.batchSize) await this.flush();
      }
    } finally {
      await this.flush();
    }
  }

  /** Resolves once JetStream has acknowledged (stored or recognised as a duplicate) the event. */
  private async publish(e: RecordedEvent): Promise<void> {
    const stream = { tenant: e.tenant, category: e.category, id: e.streamId };
    const header = { commitId: e.eventId, tenant: e.tenant, category: e.category, streamId: e.streamId, firstRevision: e.revision, recordedAt: e.recordedAt };
    // The data was decoded into the current schema, so the commit carries it written with that schema.
    const { type, data, eventId, occurredAt, correlationId, causationId } = e;
    const payload = encodeCommit(this.o.catalog, header, prepareEvents(this.o.catalog, [{ type, data, eventId, occurredAt, correlationId, causationId }]));
    const headers = natsHeaders();
    headers.set(SCHEMA_HEADER, this.fingerprint);
    const subject = this.o.prefix + subjectFor(stream).slice(EVENTS_SUBJECT_PREFIX.length);
    await this.js.publish(subject, payload, { msgID: e.eventId, headers });
  }

  /** Saves are chained so a slow put never lands after a newer one; a failed put fails every later flush. */
  private flush(): Promise<void> {
    const position = this.relayed;
    if (position === undefined || position === this.saved) return this.saving;
    this.unsaved = 0;
    this.saving = this.saving.then(async () => {
      if (this.saved !== undefined && position <= this.saved) return;
      await this.kv.put(this.o.name, String(position));
      this.saved = position;
    });
    return this.saving;
  }
}

/** The last relayed position, or undefined for a relay that never ran. */
export async function readCheckpoint(kv: KV, name: string): Promise<number | undefined> {
  const entry = await kv.get(name);
  if (!entry || entry.operation !== 'PUT') return undefined;
  const position = Number(entry.string());
  if (!Number.isSafeInteger(position)) throw new Error(`relay checkpoint '${name}' is not a position: '${entry.string()}'`);
  return position;
}
