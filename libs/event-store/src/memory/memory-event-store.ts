import { Observable, ReplaySubject, filter } from 'rxjs';
import { randomUUID } from 'node:crypto';
import { catalog, positionOf, type NewEvent, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import {
  checkExpected,
  streamName,
  type AppendResult,
  type EventStore,
  type ExpectedState,
  type ReadOptions,
  type StreamRef,
  type SubscribeOptions,
} from '../event-store.port';
import { readWindow } from '../read-window';

/** In-memory event store, for pure unit tests only. Data still goes through the Avro schemas. */
export class MemoryEventStore implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly log: RecordedEvent[] = [];
  private readonly feed = new ReplaySubject<RecordedEvent>();
  private readonly seen = new Map<string, RecordedEvent>();
  private sequence = 0;

  constructor(private readonly schemas: SchemaCatalog = catalog()) {}

  async append(stream: StreamRef, events: readonly NewEvent[], expected: ExpectedState): Promise<AppendResult> {
    const key = streamName(stream);
    const existing = this.streams.get(key) ?? [];
    const retried = events.every((e) => e.eventId && this.seen.has(e.eventId));
    if (retried) {
      const last = this.seen.get(events[events.length - 1].eventId!)!;
      return { revision: last.revision, position: last.position };
    }
    checkExpected(stream, expected, existing.length === 0 ? 'no-stream' : { revision: existing.length - 1 });
    const seq = ++this.sequence;
    const now = Date.now();
    const recorded = events.map((e, i): RecordedEvent => {
      const entry = this.schemas.get(e.type);
      // Round-trip through Avro so unit tests catch what the real stores would reject.
      const data = this.schemas.decode(entry.fingerprint, this.schemas.encode(e.type, e.data));
      return {
        eventId: e.eventId ?? randomUUID(),
        type: e.type,
        schemaVersion: entry.version,
        fingerprint: entry.fingerprint,
        ...stream,
        streamId: stream.id,
        occurredAt: e.occurredAt ?? now,
        recordedAt: now,
        correlationId: e.correlationId ?? null,
        causationId: e.causationId ?? null,
        data,
        revision: existing.length + i,
        position: positionOf(seq, i),
      };
    });
    this.streams.set(key, [...existing, ...recorded]);
    for (const r of recorded) {
      this.seen.set(r.eventId, r);
      this.log.push(r);
      this.feed.next(r);
    }
    const last = recorded[recorded.length - 1];
    return { revision: last.revision, position: last.position };
  }

  async readStream(stream: StreamRef, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    return readWindow(this.streams.get(streamName(stream)) ?? [], options);
  }

  subscribeAll(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    const types = options.types ? new Set(options.types) : undefined;
    return this.feed.pipe(
      filter((e) => e.position > (options.after ?? -1)),
      filter((e) => !types || types.has(e.type)),
      filter((e) => !options.tenant || e.tenant === options.tenant),
    );
  }

  async close(): Promise<void> {
    this.feed.complete();
  }
}
