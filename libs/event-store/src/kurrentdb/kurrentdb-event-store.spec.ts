import { describe, it, expect } from 'vitest';
import { firstValueFrom, take, timeout } from 'rxjs';
import { eventStoreContract } from '../event-store.contract';
import { ConcurrencyError } from '../event-store.port';
import { FakeKurrentDbClient } from './fake-kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The adapter's own logic against a modelled server; the real server runs in kurrentdb-event-store.int.spec.ts.
eventStoreContract('kurrentdb adapter on a fake client', async () => new KurrentDbEventStore(new FakeKurrentDbClient().asClient()));

describe('KurrentDB event store on a fake client', () => {
  const stream = { tenant: 'default', category: 'clock', id: 'c-1' };
  const tick = (at: number) => ({ type: 'ClockTicked', data: { at } });

  it('reports the revision the stream is really at when an append conflicts', async () => {
    const store = new KurrentDbEventStore(new FakeKurrentDbClient().asClient());
    await store.append(stream, [tick(1), tick(2)], 'no-stream');
    const err = await store.append(stream, [tick(3)], { revision: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ expected: { revision: 0 }, actual: { revision: 1 } });
  });

  it('stops the server subscription when the subscriber unsubscribes, and on close', async () => {
    const client = new FakeKurrentDbClient();
    const store = new KurrentDbEventStore(client.asClient());
    await store.append(stream, [tick(1)], 'no-stream');
    await firstValueFrom(store.subscribeAll().pipe(take(1), timeout(2000)));
    expect(client.subscriptions).toBe(0);
    store.subscribeAll().subscribe();
    const feed = store.feed();
    expect(client.subscriptions).toBe(2);
    await store.close();
    expect(client.subscriptions).toBe(0);
    expect(await feed.events[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
  });

  it('feeds events one at a time to a consumer that pulls them', async () => {
    const store = new KurrentDbEventStore(new FakeKurrentDbClient().asClient());
    await store.append(stream, [tick(1), tick(2), tick(3)], 'no-stream');
    const [first] = await store.readStream(stream);
    const feed = store.feed({ after: first.position });
    const seen: unknown[] = [];
    for await (const e of feed.events) {
      seen.push(e.data);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([{ at: 2 }, { at: 3 }]);
  });
});
