import { PassThrough } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type KurrentDBClient,
  type Position,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';

type Stored = AllStreamResolvedEvent & { event: NonNullable<AllStreamResolvedEvent['event']> };

/**
 * An in-process stand-in for the KurrentDB client, modelling the server as the adapter assumes it
 * behaves (exclusive subscription starts, commit = prepare position per event, idempotent retries
 * answered without a position). It tests the adapter's own logic, never the server's real behaviour.
 */
export class FakeKurrentDbClient {
  private readonly log: Stored[] = [];
  private readonly streams = new Map<string, Stored[]>();
  private readonly live = new Set<{ out: PassThrough; accepts: (e: Stored) => boolean }>();
  private offset = 1000n;

  asClient(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  async appendToStream(name: string, events: EventData[], { streamState = ANY }: AppendToStreamOptions = {}): Promise<AppendResult> {
    const stream = this.streams.get(name) ?? [];
    const current = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    const retried = stream.findIndex((s) => s.event.id === events[0].id);
    if (retried >= 0 && events.every((e, i) => stream[retried + i]?.event.id === e.id)) {
      return { success: true, nextExpectedRevision: BigInt(retried + events.length - 1), position: undefined };
    }
    const ok =
      streamState === ANY ||
      (streamState === NO_STREAM && current === NO_STREAM) ||
      (streamState === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof streamState === 'bigint' && streamState === current);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: name, expected: streamState, current });
    const stored = events.map((e, i) => this.store(name, e, stream.length + i));
    this.streams.set(name, [...stream, ...stored]);
    for (const s of stored) for (const sub of this.live) if (sub.accepts(s)) sub.out.write(s);
    const position = stored[stored.length - 1].event.position;
    return { success: true, nextExpectedRevision: BigInt(stream.length + stored.length - 1), position };
  }

  readStream(name: string, o: ReadStreamOptions = {}): AsyncIterableIterator<Stored> {
    const stream = this.streams.get(name);
    const backwards = o.direction === BACKWARDS;
    return (async function* () {
      if (!stream) throw new StreamNotFoundError(undefined, name);
      const from = typeof o.fromRevision === 'bigint' ? Number(o.fromRevision) : backwards ? Infinity : 0;
      const window = backwards ? stream.filter((s) => Number(s.event.revision) <= from).reverse() : stream.filter((s) => Number(s.event.revision) >= from);
      yield* window.slice(0, Number(o.maxCount ?? Number.MAX_SAFE_INTEGER));
    })();
  }

  subscribeToAll(o: SubscribeToAllOptions = {}): AllStreamSubscription {
    const from = typeof o.fromPosition === 'object' ? o.fromPosition.commit : -1n;
    const regex = o.filter && 'regex' in o.filter ? new RegExp(o.filter.regex) : undefined;
    const accepts = (s: Stored): boolean => s.event.position.commit > from && (!regex || regex.test(s.event.type));
    const out = new PassThrough({ objectMode: true });
    const sub = { out, accepts };
    this.live.add(sub);
    setImmediate(() => this.log.filter(accepts).forEach((s) => out.write(s)));
    return Object.assign(out, {
      unsubscribe: async () => {
        this.live.delete(sub);
      },
    }) as unknown as AllStreamSubscription;
  }

  get subscriptions(): number {
    return this.live.size;
  }

  async dispose(): Promise<void> {
    this.live.clear();
  }

  private store(streamId: string, e: EventData, revision: number): Stored {
    const position: Position = { commit: this.offset, prepare: this.offset };
    this.offset += 100n + BigInt((e.data as Uint8Array).length);
    const event = {
      streamId,
      id: e.id,
      isJson: false as const,
      revision: BigInt(revision),
      type: e.type,
      created: new Date(),
      data: Uint8Array.from(e.data as Uint8Array),
      metadata: JSON.parse(JSON.stringify(e.metadata)),
      position,
    };
    const stored = { event, commitPosition: position.commit } as Stored;
    this.log.push(stored);
    return stored;
  }
}
