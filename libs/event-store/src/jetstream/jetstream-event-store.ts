import { createHash } from 'node:crypto';
import { Observable } from 'rxjs';
import { DeliverPolicy, jetstream, JetStreamApiError, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { catalog as defaultCatalog, commitFingerprint, decodeCommit, encodeCommit, peekCommit, positionOf, prepareEvents, preparedSize, sequenceOf, type NewEvent, type PreparedEvent, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import { checkExpected, ConcurrencyError, type ActualState, type AppendResult, type EventStore, type ExpectedState, type ReadOptions, type StreamRef, type SubscribeOptions } from '../event-store.port';
import { readWindow } from '../read-window';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, subjectFor } from '../subject';
import { ensureEventsStream } from './events-stream';

/** Header carrying the Avro fingerprint of the commit schema the payload was written with. */
export const SCHEMA_HEADER = 'Vigil-Schema';
/** NATS' default max payload is 1 MB: leave room for headers. */
const MAX_COMMIT_BYTES = 900 * 1024;
const WRONG_LAST_SEQUENCE = 10071;

interface StreamTip {
  seq: number;
  revision: number;
  commitId: string;
  position: number;
}

export interface JetStreamEventStoreOptions {
  stream?: string;
  prefix?: string;
  catalog?: SchemaCatalog;
}

/**
 * Event store on JetStream: one message per commit on `<prefix>.<tenant>.<category>.<stream id>`.
 * Optimistic concurrency rides on Nats-Expected-Last-Subject-Sequence, retries on Nats-Msg-Id.
 */
export class JetStreamEventStore implements EventStore {
  private readonly tips = new Map<string, StreamTip>();
  private readonly fingerprint: string;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly streamName: string,
    private readonly prefix: string,
    private readonly schemas: SchemaCatalog,
  ) {
    this.fingerprint = commitFingerprint(schemas);
  }

  static async open(nc: NatsConnection, o: JetStreamEventStoreOptions = {}): Promise<JetStreamEventStore> {
    const name = o.stream ?? EVENTS_STREAM;
    const prefix = o.prefix ?? EVENTS_SUBJECT_PREFIX;
    const jsm = await ensureEventsStream(nc, { name, prefix });
    // A commit may be near 1 MB and the server busy: wait for the ack longer than the 5 s default.
    return new JetStreamEventStore(nc, jetstream(nc, { timeout: 30_000 }), jsm, name, prefix, o.catalog ?? defaultCatalog());
  }

  private subject(stream: StreamRef): string {
    return this.prefix + subjectFor(stream).slice(EVENTS_SUBJECT_PREFIX.length);
  }

  async append(stream: StreamRef, events: readonly NewEvent[], expected: ExpectedState): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('nothing to append');
    const chunks = split(prepareEvents(this.schemas, events));
    let result: AppendResult | undefined;
    let expectation = expected;
    for (const chunk of chunks) {
      result = await this.appendCommit(stream, chunk, expectation);
      expectation = { revision: result.revision };
    }
    return result!;
  }

  private header(stream: StreamRef, commitId: string, firstRevision: number) {
    return { commitId, tenant: stream.tenant, category: stream.category, streamId: stream.id, firstRevision, recordedAt: Date.now() };
  }

  private async appendCommit(stream: StreamRef, events: PreparedEvent[], expected: ExpectedState): Promise<AppendResult> {
    const subject = this.subject(stream);
    // Same event ids ⇒ same commit id ⇒ JetStream drops the retry as a duplicate.
    const commitId = createHash('sha256').update(events.map((e) => e.eventId).join(',')).digest('hex').slice(0, 32);
    for (let attempt = 0; ; attempt++) {
      const tip = attempt === 0 && this.tips.has(subject) ? this.tips.get(subject)! : await this.readTip(subject);
      if (tip?.commitId === commitId) return { revision: tip.revision, position: tip.position };
      checkExpected(stream, expected, tip ? { revision: tip.revision } : 'no-stream');
      const firstRevision = tip ? tip.revision + 1 : 0;
      const payload = encodeCommit(this.schemas, this.header(stream, commitId, firstRevision), events);
      const h = natsHeaders();
      h.set(SCHEMA_HEADER, this.fingerprint);
      try {
        const ack = await this.js.publish(subject, payload, { msgID: commitId, headers: h, expect: { lastSubjectSequence: tip?.seq ?? 0 } });
        if (ack.duplicate) {
          this.tips.delete(subject);
          const original = (await this.tipAt({ seq: ack.seq }))!;
          return { revision: original.revision, position: original.position };
        }
        const next = { seq: ack.seq, revision: firstRevision + events.length - 1, commitId, position: positionOf(ack.seq, events.length - 1) };
        this.tips.set(subject, next);
        return { revision: next.revision, position: next.position };
      } catch (err) {
        if (!(err instanceof JetStreamApiError && err.code === WRONG_LAST_SEQUENCE)) throw err;
        // Someone else appended: look again; a cached tip may just have been stale.
        this.tips.delete(subject);
        if (attempt >= 5) {
          const actual = await this.readTip(subject);
          throw new ConcurrencyError(stream, expected, actual ? { revision: actual.revision } : 'no-stream');
        }
      }
    }
  }

  private readTip(subject: string): Promise<StreamTip | null> {
    return this.tipAt({ last_by_subj: subject });
  }

  /** The tip a stored commit leaves its stream at: its sequence, last revision, id and position. */
  private async tipAt(query: { last_by_subj: string } | { seq: number }): Promise<StreamTip | null> {
    const msg = await this.jsm.streams.getMessage(this.streamName, query);
    if (!msg) return null;
    const c = peekCommit(this.schemas, msg.data, msg.header.get(SCHEMA_HEADER) || this.fingerprint);
    const n = c.eventIds.length;
    return { seq: msg.seq, revision: c.firstRevision + n - 1, commitId: c.commitId, position: positionOf(msg.seq, n - 1) };
  }

  private decode(m: JsMsg, types?: ReadonlySet<string>): RecordedEvent[] {
    return decodeCommit(this.schemas, m.data, m.seq, m.headers?.get(SCHEMA_HEADER) || this.fingerprint, types);
  }

  async readStream(stream: StreamRef, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    const subject = this.subject(stream);
    const tip = await this.readTip(subject);
    if (!tip) return [];
    const consumer = await this.js.consumers.get(this.streamName, { filter_subjects: subject, deliver_policy: DeliverPolicy.All });
    const events: RecordedEvent[] = [];
    try {
      const messages = await consumer.consume({ max_messages: 256 });
      for await (const m of messages) {
        events.push(...this.decode(m));
        if (m.seq >= tip.seq) break;
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    return readWindow(events, options);
  }

  subscribeAll(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    const after = options.after ?? -1;
    const types = options.types ? new Set(options.types) : undefined;
    const filter = `${this.prefix}.${options.tenant ?? '*'}.>`;
    return new Observable<RecordedEvent>((subscriber) => {
      let stopped = false;
      let stop: (() => void) | undefined;
      (async () => {
        const start = after < 0 ? { deliver_policy: DeliverPolicy.All } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: sequenceOf(after) };
        const consumer = await this.js.consumers.get(this.streamName, { filter_subjects: filter, ...start });
        const messages = await consumer.consume({ max_messages: 1024 });
        stop = () => messages.stop();
        if (stopped) stop();
        for await (const m of messages) {
          for (const e of this.decode(m, types)) if (e.position > after) subscriber.next(e);
        }
      })().catch((err) => subscriber.error(err));
      return () => {
        stopped = true;
        stop?.();
      };
    });
  }

  async close(): Promise<void> {
    this.tips.clear();
  }
}

/** Splits a batch whose commit would exceed NATS' max payload; each part stays atomic on its own. */
function split(events: PreparedEvent[]): PreparedEvent[][] {
  if (preparedSize(events) <= MAX_COMMIT_BYTES || events.length === 1) return [events];
  const half = Math.ceil(events.length / 2);
  return [...split(events.slice(0, half)), ...split(events.slice(half))];
}
