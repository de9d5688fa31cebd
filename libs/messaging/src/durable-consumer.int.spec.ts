import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray, type Observable } from 'rxjs';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { catalog } from '@vigil/events';
import { JetStreamEventStore, SCHEMA_HEADER } from '@vigil/event-store';
import { natsUrl, randomRun, until } from '@vigil/testing';
import { durableBatches, LostDeliveriesError } from './durable-consumer';
import type { EventBatch } from './event-batch';

const run = randomRun();
const stream = `VIGIL_TEST_DURABLE_${run}`;
const prefix = `vigil.test-durable-${run}`;
const durable = `projector-test-${run}`;
let nc: NatsConnection;
let store: JetStreamEventStore;

const tick = (at: number) => store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at }, eventId: randomUUID() }], 'any');

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
  store = await JetStreamEventStore.open(nc, { stream, prefix });
});

afterAll(async () => {
  await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
  await nc.drain();
});

describe('durable batches', { timeout: 60_000 }, () => {
  it('a projector restarted after a stop mid-batch gets the unacknowledged messages again first, in log order', async () => {
    for (let i = 1; i <= 3; i++) await tick(i * 60_000);
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add(stream, { durable_name: durable, filter_subject: `${prefix}.>`, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(60_000), max_ack_pending: 20_000 });
    // The stopped projector: took messages 1 and 2, acknowledged only the first.
    const taken = await (await jetstream(nc).consumers.get(stream, durable)).fetch({ max_messages: 2, expires: 2_000 });
    for await (const m of taken) if (m.seq === 1) m.ack();
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 4; i <= 5; i++) await tick(i * 60_000);

    const batches = durableBatches(nc, { stream, durable, filterSubject: `${prefix}.>`, maxEvents: 1, maxWaitMs: 10, maxInFlight: 10, catalog: catalog(), schemaHeader: SCHEMA_HEADER });
    // Without the reset, message 2 would come back only after the 60 s ack_wait, behind 3, 4 and 5.
    const received = await firstValueFrom(batches.pipe(take(4), toArray()));
    for (const b of received) b.ack();
    expect(received.map((b) => b.lastSequence)).toEqual([2, 3, 4, 5]);
    expect(received.map((b) => (b.events[0].data as { at: number }).at)).toEqual([120_000, 180_000, 240_000, 300_000]);
  });

  it('takes no more messages while its batches wait to be acknowledged, however they were flushed (memory stays bounded)', async () => {
    const name = `${durable}-behind`;
    const jsm = await jetstreamManager(nc);
    const first = (await jsm.streams.info(stream)).state.last_seq;
    await jsm.consumers.add(stream, { durable_name: name, filter_subject: `${prefix}.>`, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: first + 1, ack_wait: nanos(60_000), max_ack_pending: 20_000 });
    const held: EventBatch[] = [];
    // A sink that never finishes: no batch is acknowledged. Batches end on time here (maxEvents is never reached).
    const projector = durableBatches(nc, { stream, durable: name, filterSubject: `${prefix}.>`, maxEvents: 1_000_000, maxWaitMs: 10, maxInFlight: 1, catalog: catalog(), schemaHeader: SCHEMA_HEADER }).subscribe((b) => held.push(b));
    for (let i = 0; i < 300; i++) {
      await tick((1_000 + i) * 60_000);
      if (i % 30 === 0) await new Promise((r) => setTimeout(r, 60));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const info = await jsm.consumers.info(stream, name);
    projector.unsubscribe();
    // One batch in flight, at most one more flushed while it waited; the rest stays on the server.
    expect(held.length).toBeLessThanOrEqual(2);
    expect(info.num_pending).toBeGreaterThan(0);
    expect(info.num_ack_pending).toBeLessThan(300);
  });

  it('stops on a delivery that never arrived (a connection cut drops it) rather than pass it by; the restart gets it first, in log order', async () => {
    const name = `${durable}-lost`;
    const jsm = await jetstreamManager(nc);
    const first = (await jsm.streams.info(stream)).state.last_seq;
    await jsm.consumers.add(stream, { durable_name: name, filter_subject: `${prefix}.>`, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: first + 1, ack_wait: nanos(60_000), max_ack_pending: 20_000 });
    const open = () => durableBatches(nc, { stream, durable: name, filterSubject: `${prefix}.>`, maxEvents: 1, maxWaitMs: 10, maxInFlight: 10, catalog: catalog(), schemaHeader: SCHEMA_HEADER });
    const seen: number[] = [];
    let failure: unknown;
    const projector = open().subscribe({ next: (b) => (seen.push(b.lastSequence), b.ack()), error: (err: unknown) => (failure = err) });
    await new Promise((r) => setTimeout(r, 300));
    // A delivery that goes elsewhere and is never acknowledged: what the projector sees when the server
    // wrote a message to a connection it then cut.
    const astray = await (await jetstream(nc).consumers.get(stream, name)).fetch({ max_messages: 1, expires: 3_000 });
    const lost: number[] = [];
    const taking = (async () => { for await (const m of astray) lost.push(m.seq); })();
    for (let i = 1; i <= 5; i++) await tick(i * 60_000);
    await taking;
    await until(() => failure, (f) => f !== undefined);
    projector.unsubscribe();
    expect(lost).toHaveLength(1);
    expect(failure).toBeInstanceOf(LostDeliveriesError);
    expect(seen.every((s) => s < lost[0])).toBe(true);

    const rest = await collect(open(), first + 5 - (seen.at(-1) ?? first));
    expect([...seen, ...rest]).toEqual([1, 2, 3, 4, 5].map((i) => first + i));
  });
});

async function collect(batches: Observable<EventBatch>, count: number): Promise<number[]> {
  const received = await firstValueFrom(batches.pipe(take(count), toArray()));
  for (const b of received) b.ack();
  return received.map((b) => b.lastSequence);
}
