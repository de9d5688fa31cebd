import { describe, expect, it } from 'vitest';
import { MemoryEventStore, type EventStore } from '@vigil/event-store';
import type { NewEvent } from '@vigil/events';
import type { ProbeResultRecorded } from '@vigil/projections';
import { DEFAULT_APPENDER, ProbeResultAppender } from './probe-result-appender';
import { shardOf } from './shard';

const result = (i: number, host = `host${i % 20}.example.org`): ProbeResultRecorded => ({
  timestamp: 1_700_000_000_000 + i * 1000,
  service: 'webdav',
  hostname: host,
  metric: 'webdav-probe',
  status: 'OK',
  monitoringHost: null,
  summary: null,
  message: null,
  tags: null,
  actualData: null,
});

const probeStream = (shard: number) => ({ tenant: 't1', category: 'probe', id: `shard-${shard}` });

async function readAll(store: EventStore) {
  const all = await Promise.all([...Array(8).keys()].map((s) => store.readStream(probeStream(s))));
  return all.flat();
}

describe('probe-result appender', () => {
  it('stores every result once, in its hostname shard, in submission order', async () => {
    const store = new MemoryEventStore();
    const appender = new ProbeResultAppender(store);
    await Promise.all([appender.append('t1', [0, 1, 2, 3].map((i) => result(i, 'a.example.org'))), appender.append('t1', [4, 5].map((i) => result(i, 'a.example.org')))]);
    const events = await store.readStream(probeStream(shardOf('a.example.org')));
    expect(events.map((e) => (e.data as ProbeResultRecorded).timestamp)).toEqual([0, 1, 2, 3, 4, 5].map((i) => result(i).timestamp));
    expect(events.every((e) => e.type === 'ProbeResultRecorded' && e.occurredAt === (e.data as ProbeResultRecorded).timestamp)).toBe(true);
  });

  it('appends what arrives during an append together, rather than one append each', async () => {
    const store = new MemoryEventStore();
    const appender = new ProbeResultAppender(store);
    await Promise.all(Array.from({ length: 50 }, (_, i) => appender.append('t1', [result(i)])));
    expect(await readAll(store)).toHaveLength(50);
    expect(appender.appends).toBeLessThanOrEqual(16); // per shard: the first alone, then the rest at once
  });

  it('keeps appends within the configured size', async () => {
    const store = new MemoryEventStore();
    const appender = new ProbeResultAppender(store, { ...DEFAULT_APPENDER, shards: 1, maxEventsPerAppend: 100 });
    await appender.append('t1', Array.from({ length: 250 }, (_, i) => result(i)));
    expect(appender.appends).toBe(3);
  });

  it('retries a failed append with the same event ids, so nothing is stored twice', async () => {
    const memory = new MemoryEventStore();
    let calls = 0;
    const flaky: EventStore = Object.assign(Object.create(memory) as EventStore, {
      append: async (stream: never, events: readonly NewEvent[], expected: never) => {
        const r = await memory.append(stream, events, expected);
        if (++calls === 1) throw new Error('ack lost');
        return r;
      },
    });
    const appender = new ProbeResultAppender(flaky, { ...DEFAULT_APPENDER, shards: 1 });
    await appender.append('t1', [result(1), result(2)]);
    expect(calls).toBe(2);
    expect(await memory.readStream({ tenant: 't1', category: 'probe', id: 'shard-0' })).toHaveLength(2);
  });

  it('rejects when the store keeps failing, and keeps serving later appends', async () => {
    const memory = new MemoryEventStore();
    let down = true;
    const store: EventStore = Object.assign(Object.create(memory) as EventStore, {
      append: (...args: Parameters<EventStore['append']>) => (down ? Promise.reject(new Error('NATS is down')) : memory.append(...args)),
    });
    const appender = new ProbeResultAppender(store, { ...DEFAULT_APPENDER, attempts: 2 });
    await expect(appender.append('t1', [result(1)])).rejects.toThrow('NATS is down');
    down = false;
    await appender.append('t1', [result(2)]);
    expect(await readAll(memory)).toHaveLength(1);
  });
});
