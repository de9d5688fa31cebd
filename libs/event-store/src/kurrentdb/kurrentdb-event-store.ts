import { Observable } from 'rxjs';
import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  KurrentDBClient,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type CommandError,
  type Filter,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import { catalog, type NewEvent, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import {
  ConcurrencyError,
  type AppendResult,
  type EventStore,
  type ExpectedState,
  type ReadOptions,
  type StreamRef,
  type SubscribeOptions,
} from '../event-store.port';
import { fromResolved, toEventData, type EventFilter } from './kurrentdb-codec';
import { toActualState, toStreamState } from './kurrentdb-expected-state';
import { fromCheckpoint, toPosition } from './kurrentdb-position';
import { toStreamName } from './kurrentdb-stream-name';

/** A pull-based catch-up subscription: the reader's pace throttles the server (gRPC flow control). */
export interface EventFeed {
  events: AsyncIterable<RecordedEvent>;
  close(): Promise<void>;
}

/**
 * Event store on KurrentDB (EventStoreDB). Streams are named `<category>-<tenant>~<id>` (see
 * toStreamName); events are binary (Avro data) with the envelope as JSON metadata; a position is the
 * event's commit position in KurrentDB's log (see toPosition for its precision limit).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly live = new Set<AllStreamSubscription>();

  constructor(
    private readonly client: KurrentDBClient,
    private readonly schemas: SchemaCatalog = catalog(),
  ) {}

  /** e.g. `kurrentdb://localhost:2113?tls=false`; the client connects lazily, on the first call. */
  static connect(connectionString: string, schemas?: SchemaCatalog): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), schemas);
  }

  async append(stream: StreamRef, events: readonly NewEvent[], expected: ExpectedState): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('nothing to append');
    const name = toStreamName(stream);
    const recordedAt = Date.now();
    // Encoding first: data that breaks its schema fails here, before anything reaches the server.
    const data = events.map((e) => toEventData(this.schemas, stream, e, recordedAt));
    try {
      const result = await this.client.appendToStream(name, data, { streamState: toStreamState(expected) });
      const revision = Number(result.nextExpectedRevision);
      // An idempotent retry may come back without a position: read it from the stored event.
      return { revision, position: toPosition(result.position?.commit) ?? (await this.positionAt(stream, revision)) };
    } catch (err) {
      throw isError(err, ErrorType.WRONG_EXPECTED_VERSION) ? new ConcurrencyError(stream, expected, toActualState(err.actualState)) : err;
    }
  }

  async readStream(stream: StreamRef, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    if (options.limit === 0 || (backwards && from !== undefined && from < 0)) return [];
    const fromRevision: ReadRevision = from === undefined || from < 0 ? (backwards ? END : START) : BigInt(from);
    const read = this.client.readStream(toStreamName(stream), {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision,
      maxCount: options.limit ?? Number.MAX_SAFE_INTEGER,
    });
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = fromResolved(this.schemas, resolved);
        if (event) out.push(event);
      }
    } catch (err) {
      if (isError(err, ErrorType.STREAM_NOT_FOUND)) return [];
      throw err;
    }
    return out;
  }

  subscribeAll(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      const subscription = this.subscribe(options);
      const filter = eventFilter(options);
      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        try {
          const event = fromResolved(this.schemas, resolved, filter);
          if (event) subscriber.next(event);
        } catch (err) {
          subscriber.error(err);
        }
      });
      subscription.on('error', (err) => subscriber.error(err));
      // 'close' also follows a release by close(): subscribers end rather than wait forever.
      subscription.on('close', () => subscriber.complete());
      return () => void this.release(subscription);
    });
  }

  /** subscribeAll as an async iterable, for consumers that must not be flooded (the relay). */
  feed(options: SubscribeOptions = {}): EventFeed {
    const subscription = this.subscribe(options);
    const filter = eventFilter(options);
    const { schemas, live } = this;
    const close = (): Promise<void> => this.release(subscription);
    async function* events(): AsyncGenerator<RecordedEvent> {
      try {
        for await (const resolved of subscription) {
          const event = fromResolved(schemas, resolved, filter);
          if (event) yield event;
        }
      } catch (err) {
        if (live.has(subscription)) throw err; // a released subscription is destroyed mid-read: not a failure
      } finally {
        await close();
      }
    }
    return { events: events(), close };
  }

  async close(): Promise<void> {
    await Promise.all([...this.live].map((s) => this.release(s)));
    await this.client.dispose();
  }

  private subscribe(options: SubscribeOptions): AllStreamSubscription {
    const subscription = this.client.subscribeToAll({ fromPosition: fromCheckpoint(options.after), filter: serverFilter(options.types) });
    this.live.add(subscription);
    return subscription;
  }

  private async release(subscription: AllStreamSubscription): Promise<void> {
    if (!this.live.delete(subscription)) return;
    await subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
  }

  private async positionAt(stream: StreamRef, revision: number): Promise<number> {
    const [event] = await this.readStream(stream, { fromRevision: revision, limit: 1 });
    if (!event) throw new Error(`KurrentDB acknowledged revision ${revision} of ${toStreamName(stream)} but it cannot be read`);
    return event.position;
  }
}

/** The server skips system events (`$`-types: links, projections' output) and, with `types`, all others. */
function serverFilter(types: readonly string[] | undefined): Filter {
  if (!types) return excludeSystemEvents();
  return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
}

/** The rest is checked client-side: tenant, and the checkpoint again in case the server's start was inclusive. */
const eventFilter = (o: SubscribeOptions): EventFilter => ({ types: o.types && new Set(o.types), tenant: o.tenant, after: o.after });

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isError<T extends ErrorType>(err: unknown, type: T): err is Extract<CommandError, { type: T }> {
  return err instanceof Error && isCommandError(err) && err.type === type;
}
