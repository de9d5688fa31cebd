import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@vigil/events';
import { withRetries, type EventStore, type StreamRef } from '@vigil/event-store';
import type { ProbeResultRecorded } from '@vigil/projections';
import { PROBE_SHARDS, shardOf, shardStreamId } from './shard';

export const PROBE_CATEGORY = 'probe';
export const PROBE_RESULT_RECORDED = 'ProbeResultRecorded';

export interface AppenderOptions {
  shards: number;
  /** Events per append call (the JetStream adapter splits commits over 900 KB itself). */
  maxEventsPerAppend: number;
  /** Attempts per append: event ids are fixed beforehand, so a retry cannot store a result twice. */
  attempts: number;
}

export const DEFAULT_APPENDER: AppenderOptions = { shards: PROBE_SHARDS, maxEventsPerAppend: 2000, attempts: 3 };

interface Submission {
  events: NewEvent<ProbeResultRecorded>[];
  settle(err?: unknown): void;
}

/**
 * One shard stream's appends, strictly one after another. What arrives while an append runs is
 * appended together next (up to maxEventsPerAppend): batches grow with the load and a lone
 * result waits for no timer.
 */
class ShardWriter {
  private queue: Submission[] = [];
  private busy = false;

  constructor(
    private readonly stream: StreamRef,
    private readonly write: (stream: StreamRef, events: NewEvent[]) => Promise<void>,
    private readonly maxEvents: number,
  ) {}

  submit(s: Submission): void {
    this.queue.push(s);
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (this.queue.length > 0) {
      const batch = this.take();
      const events = batch.length === 1 ? batch[0].events : batch.flatMap((s) => s.events);
      try {
        for (let i = 0; i < events.length; i += this.maxEvents) await this.write(this.stream, events.slice(i, i + this.maxEvents));
        for (const s of batch) s.settle();
      } catch (err) {
        for (const s of batch) s.settle(err);
      }
    }
    this.busy = false;
  }

  private take(): Submission[] {
    let n = 0;
    let count = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n].events.length <= this.maxEvents)) count += this.queue[n++].events.length;
    return this.queue.splice(0, n);
  }
}

/**
 * Appends probe results in batches: each tenant's results are spread over `shard-<n>` streams of the
 * `probe` category by hostname; each shard appends sequentially, shards in parallel. `append`
 * resolves once every result it was given is durable in the event store.
 */
export class ProbeResultAppender {
  private readonly writers = new Map<string, ShardWriter>();
  appends = 0;
  events = 0;

  constructor(
    private readonly store: EventStore,
    private readonly o: AppenderOptions = DEFAULT_APPENDER,
  ) {}

  append(tenant: string, results: readonly ProbeResultRecorded[]): Promise<void> {
    if (results.length === 0) return Promise.resolve();
    const byShard = new Map<number, NewEvent<ProbeResultRecorded>[]>();
    for (const data of results) {
      const shard = shardOf(data.hostname, this.o.shards);
      let events = byShard.get(shard);
      if (!events) byShard.set(shard, (events = []));
      // The id is fixed here so that a retried append is recognised as the same commit.
      events.push({ type: PROBE_RESULT_RECORDED, data, eventId: randomUUID(), occurredAt: data.timestamp });
    }
    const parts = [...byShard].map(
      ([shard, events]) => new Promise<void>((resolve, reject) => this.writer(tenant, shard).submit({ events, settle: (err) => (err ? reject(err) : resolve()) })),
    );
    return Promise.all(parts).then(() => undefined);
  }

  private writer(tenant: string, shard: number): ShardWriter {
    const key = `${tenant}/${shard}`;
    let w = this.writers.get(key);
    if (!w) this.writers.set(key, (w = new ShardWriter({ tenant, category: PROBE_CATEGORY, id: shardStreamId(shard) }, (s, e) => this.appendWithRetry(s, e), this.o.maxEventsPerAppend)));
    return w;
  }

  private async appendWithRetry(stream: StreamRef, events: NewEvent[]): Promise<void> {
    await withRetries(this.o.attempts, 100, () => this.store.append(stream, events, 'any'));
    this.appends++;
    this.events += events.length;
  }
}

const shared = new WeakMap<EventStore, ProbeResultAppender>();

/** One appender per event store in a process, so the HTTP and NATS paths share each shard's sequence. */
export function probeResultAppender(store: EventStore): ProbeResultAppender {
  let appender = shared.get(store);
  if (!appender) shared.set(store, (appender = new ProbeResultAppender(store)));
  return appender;
}
