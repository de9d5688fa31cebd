import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { catalog, commitFingerprint, decodeCommit, type RecordedEvent } from '@vigil/events';
import { JetStreamEventStore, SCHEMA_HEADER } from '../jetstream';
import { MemoryEventStore } from '../memory/memory-event-store';
import { KurrentDbRelay, readCheckpoint, type RelaySource } from './kurrentdb-relay';

/** Stands in for KurrentDB: serves recorded events after the asked position, then idles like a live feed. */
function source(events: RecordedEvent[]): RelaySource & { asked: (number | undefined)[] } {
  const asked: (number | undefined)[] = [];
  return {
    asked,
    feed: ({ after }) => {
      asked.push(after);
      let stop = (): void => undefined;
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      return {
        events: (async function* () {
          yield* events.filter((e) => after === undefined || e.position > after);
          await stopped;
        })(),
        close: async () => stop(),
      };
    },
  };
}

const until = async (check: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
};

// The real local nats-server (infra/local/up.sh), with a stream and bucket of this run's own.
describe('KurrentDB relay to JetStream', () => {
  const run = randomUUID().slice(0, 8);
  const o = { stream: `VIGIL_TEST_RELAY_${run}`, prefix: `vigil.test-relay-${run}`, bucket: `vigil_relay_test_${run}`, flushMs: 50 };
  const ref = { tenant: 'default', category: 'clock', id: 'relay.example.org' };
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let recorded: RecordedEvent[];

  beforeAll(async () => {
    nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
    jsm = await jetstreamManager(nc);
    const memory = new MemoryEventStore();
    await memory.append(ref, [1, 2, 3].map((at) => ({ type: 'ClockTicked', data: { at }, correlationId: 'c' })), 'no-stream');
    recorded = await memory.readStream(ref);
  });

  afterAll(async () => {
    for (const name of [o.stream, `KV_${o.bucket}`]) await jsm?.streams.delete(name).catch(() => undefined);
    await nc?.close();
  });

  it('publishes each event as a one-event commit on its stream subject and saves the checkpoint', async () => {
    const relay = await KurrentDbRelay.start(source(recorded), nc, o);
    await until(async () => (await jsm.streams.info(o.stream)).state.messages === 3);
    await relay.stop();

    const msg = (await jsm.streams.getMessage(o.stream, { seq: 2 }))!;
    expect(msg.subject).toBe(`${o.prefix}.default.clock.relay%2Eexample%2Eorg`);
    expect(msg.header.get('Nats-Msg-Id')).toBe(recorded[1].eventId);
    expect(msg.header.get(SCHEMA_HEADER)).toBe(commitFingerprint(catalog()));
    const [event] = decodeCommit(catalog(), msg.data, msg.seq, msg.header.get(SCHEMA_HEADER));
    expect(event).toMatchObject({ eventId: recorded[1].eventId, type: 'ClockTicked', data: { at: 2 }, revision: 1, streamId: ref.id, correlationId: 'c' });

    const kv = await new Kvm(nc).open(o.bucket);
    expect(await readCheckpoint(kv, 'kurrentdb')).toBe(recorded[2].position);
  });

  it('lets the JetStream event store read the relayed stream back, revisions and data intact', async () => {
    const js = await JetStreamEventStore.open(nc, { stream: o.stream, prefix: o.prefix });
    const read = await js.readStream(ref);
    expect(read.map((e) => [e.revision, e.data])).toEqual([[0, { at: 1 }], [1, { at: 2 }], [2, { at: 3 }]]);
  });

  it('resumes after its checkpoint when restarted', async () => {
    const feed = source(recorded);
    const relay = await KurrentDbRelay.start(feed, nc, o);
    await relay.stop();
    expect(feed.asked).toEqual([recorded[2].position]);
  });

  it('does not duplicate events sent again after a lost checkpoint', async () => {
    const relay = await KurrentDbRelay.start(source(recorded), nc, { ...o, name: 'replayed-from-scratch' });
    await until(async () => (await new Kvm(nc).open(o.bucket).then((kv) => readCheckpoint(kv, 'replayed-from-scratch'))) === recorded[2].position);
    await relay.stop();
    expect((await jsm.streams.info(o.stream)).state.messages).toBe(3);
  });
});
