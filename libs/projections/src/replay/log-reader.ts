import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { commitFingerprint, decodeCommit, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import { PULL_MAX_MESSAGES, retryTransient } from '@vigil/messaging';

export interface LogBatch {
  events: RecordedEvent[];
  lastSequence: number;
  messages: number;
}

export interface LogReadOptions {
  stream: string;
  filterSubject: string;
  schemaHeader: string;
  schemas: SchemaCatalog;
  /** Decoded types (others are skipped undecoded); all when omitted. */
  types?: readonly string[];
  startSequence: number;
  /** Stop after this sequence; without it, stop once caught up with the log. */
  through?: number;
  maxEvents?: number;
  /** A batch ends at each of these sequences, so what comes before one and what comes after never share a batch. */
  splitAt?: number | readonly number[];
  signal?: AbortSignal;
}

/**
 * Reads the log with an ordered (ephemeral, unacknowledged) consumer: it never touches a projector's
 * durable checkpoint. Yields batches of whole messages in sequence order.
 */
export async function* readLog(nc: NatsConnection, o: LogReadOptions): AsyncGenerator<LogBatch> {
  if (o.through !== undefined && o.through < o.startSequence) return;
  const types = o.types ? new Set(o.types) : undefined;
  const fallback = commitFingerprint(o.schemas);
  // Large batches: few, large ClickHouse inserts (each insert is a part to merge).
  const max = o.maxEvents ?? 20_000;
  const splits = new Set(typeof o.splitAt === 'number' ? [o.splitAt] : (o.splitAt ?? []));
  const open = (from: number) =>
    // Creating the consumer is a request that can time out under load: retried rather than failing a long replay.
    retryTransient(() => jetstream(nc).consumers.get(o.stream, { filter_subjects: o.filterSubject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from }));
  let next = Math.max(1, o.startSequence);
  let consumer = await open(next);
  let failures = 0;
  let batch: LogBatch = { events: [], lastSequence: 0, messages: 0 };
  for (;;) {
    if (o.signal?.aborted) return;
    let received = 0;
    let done = false;
    try {
      // 512 at a time (~130 MB of ingest commits) got a busy reader's connection cut as a slow consumer.
      const messages = await consumer.fetch({ max_messages: PULL_MAX_MESSAGES, expires: 1_000 });
      for await (const m of messages) {
        received++;
        if (o.through !== undefined && m.seq > o.through) {
          done = true;
          break;
        }
        batch.events.push(...decodeCommit(o.schemas, m.data, m.seq, m.headers?.get(o.schemaHeader) || fallback, types));
        batch.lastSequence = m.seq;
        batch.messages++;
        next = m.seq + 1;
        failures = 0;
        done = m.seq === o.through || m.info.pending === 0;
        if (batch.events.length >= max || splits.has(m.seq) || done) {
          yield batch;
          batch = { events: [], lastSequence: 0, messages: 0 };
        }
        if (done || o.signal?.aborted) break;
      }
    } catch (err) {
      // A pull disturbed (a reconnect, its consumer gone: "consumer not found") ends with an error, and what it
      // had buffered is lost with it: read on from the first message not taken, with a new consumer.
      if (++failures > 5) throw err;
      await consumer.delete().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 250 * failures));
      consumer = await open(next);
      continue;
    }
    if (done || received === 0) break;
  }
  if (batch.messages > 0) yield batch;
}

/** The log's last sequence now (0 when empty). */
export async function lastSequence(nc: NatsConnection, stream: string): Promise<number> {
  return (await (await jetstreamManager(nc)).streams.info(stream)).state.last_seq;
}

/** The first sequence stored at or after `time` (last + 1 when none is). */
export async function sequenceAtTime(nc: NatsConnection, stream: string, filterSubject: string, time: Date): Promise<number> {
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: filterSubject, deliver_policy: DeliverPolicy.StartTime, opt_start_time: time.toISOString() });
  const messages = await consumer.fetch({ max_messages: 1, expires: 1_000 });
  for await (const m of messages) return m.seq;
  return (await lastSequence(nc, stream)) + 1;
}
