import { randomUUID } from 'node:crypto';
import { bufferTime, concatMap, debounceTime, filter, groupBy, mergeMap, Subject } from 'rxjs';
import type { NewEvent } from '@vigil/events';
import type { EventStore, StreamRef } from '@vigil/event-store';
import type { ProbeResultRecorded } from '@vigil/projections';
import { PROBE_SHARDS, shardOf, shardStreamId } from './shard';

export const PROBE_CATEGORY = 'probe';
export const PROBE_RESULT_RECORDED = 'ProbeResultRecorded';

export interface AppenderOptions {
  shards: number;
  /** A shard's submissions wait at most this long to be appended together... */
  maxWaitMs: number;
  /** ...or until this many submissions are waiting. */
  maxSubmissions: number;
  /** Events per append call (the JetStream adapter splits commits over 900 KB itself). */
  maxEventsPerAppend: number;
  /** Attempts per append: event ids are fixed beforehand, so a retry cannot store a result twice. */
  attempts: number;
}

export const DEFAULT_APPENDER: AppenderOptions = { shards: PROBE_SHARDS, maxWaitMs: 20, maxSubmissions: 64, maxEventsPerAppend: 4000, attempts: 3 };

interface Submission {
  tenant: string;
  shard: number;
  events: NewEvent<ProbeResultRecorded>[];
  settle(err?: unknown): void;
}

/** Groups of a shard that stay idle this long are closed, so quiet tenants hold no timers. */
const IDLE_GROUP_MS = 60_000;

/**
 * Appends probe results in batches: each tenant's results are spread over `shard-<n>` streams of the
 * `probe` category by hostname; a shard's submissions are buffered by count and time and appended one
 * batch after another (concatMap), while shards append in parallel. `append` resolves once every
 * result it was given is durable in the event store.
 */
export class ProbeResultAppender {
  private readonly input = new Subject<Submission>();
  appends = 0;
  events = 0;

  constructor(
    private readonly store: EventStore,
    private readonly o: AppenderOptions = DEFAULT_APPENDER,
  ) {
    this.input
      .pipe(
        groupBy((s) => `${s.tenant}/${s.shard}`, { duration: (g) => g.pipe(debounceTime(IDLE_GROUP_MS)) }),
        mergeMap((shard) =>
          shard.pipe(
            bufferTime(o.maxWaitMs, null, o.maxSubmissions),
            filter((batch) => batch.length > 0),
            concatMap((batch) => this.appendBatch(batch)),
          ),
        ),
      )
      .subscribe();
  }

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
    const parts = [...byShard].map(([shard, events]) => new Promise<void>((resolve, reject) => this.input.next({ tenant, shard, events, settle: (err) => (err ? reject(err) : resolve()) })));
    return Promise.all(parts).then(() => undefined);
  }

  private async appendBatch(batch: Submission[]): Promise<void> {
    const { tenant, shard } = batch[0];
    const stream: StreamRef = { tenant, category: PROBE_CATEGORY, id: shardStreamId(shard) };
    const events = batch.length === 1 ? batch[0].events : batch.flatMap((s) => s.events);
    try {
      for (let i = 0; i < events.length; i += this.o.maxEventsPerAppend) {
        await this.appendWithRetry(stream, events.slice(i, i + this.o.maxEventsPerAppend));
      }
    } catch (err) {
      for (const s of batch) s.settle(err);
      return;
    }
    for (const s of batch) s.settle();
  }

  private async appendWithRetry(stream: StreamRef, events: NewEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.append(stream, events, 'any');
        this.appends++;
        this.events += events.length;
        return;
      } catch (err) {
        if (attempt >= this.o.attempts) throw err;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }
}

const shared = new WeakMap<EventStore, ProbeResultAppender>();

/** One appender per event store in a process, so the HTTP and NATS paths share each shard's sequence. */
export function probeResultAppender(store: EventStore): ProbeResultAppender {
  let appender = shared.get(store);
  if (!appender) shared.set(store, (appender = new ProbeResultAppender(store)));
  return appender;
}
