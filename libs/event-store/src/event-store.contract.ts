import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { firstValueFrom, take, toArray, timeout } from 'rxjs';
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@vigil/events';
import { ConcurrencyError, type EventStore, type StreamRef } from './event-store.port';

const tick = (at: number, eventId?: string): NewEvent => ({ type: 'ClockTicked', data: { at }, eventId });

/**
 * The behaviour every event-store adapter must show. Each run uses its own tenant so it can share
 * a server with other runs.
 */
export function eventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`${name} event store contract`, () => {
    let store: EventStore;
    const tenant = `t${randomUUID().slice(0, 8)}`;
    const stream = (id: string = randomUUID().slice(0, 8)): StreamRef => ({ tenant, category: 'clock', id });

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('appends to a new stream and reads the events back in order with their data and envelope', async () => {
      const s = stream();
      const res = await store.append(s, [tick(1), tick(2), tick(3)], 'no-stream');
      expect(res.revision).toBe(2);
      const read = await store.readStream(s);
      expect(read.map((e) => e.data)).toEqual([{ at: 1 }, { at: 2 }, { at: 3 }]);
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(read[2].position).toBe(res.position);
      expect(read[0]).toMatchObject({ type: 'ClockTicked', tenant, category: 'clock', streamId: s.id, schemaVersion: 1 });
      expect(read[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(read[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    });

    it('keeps order within a stream across many appends, forwards and backwards', async () => {
      const s = stream();
      let revision = -1;
      for (let i = 0; i < 20; i++) {
        const expected = revision < 0 ? 'no-stream' : { revision };
        revision = (await store.append(s, [tick(i)], expected)).revision;
      }
      const forwards = await store.readStream(s);
      expect(forwards.map((e) => (e.data as { at: number }).at)).toEqual([...Array(20).keys()]);
      const backwards = await store.readStream(s, { direction: 'backwards', limit: 3 });
      expect(backwards.map((e) => e.revision)).toEqual([19, 18, 17]);
      const window = await store.readStream(s, { fromRevision: 5, limit: 2 });
      expect(window.map((e) => e.revision)).toEqual([5, 6]);
      expect(forwards.every((e, i) => i === 0 || e.position > forwards[i - 1].position)).toBe(true);
    });

    it('reads a missing stream as empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('rejects a conflicting append with a typed error and appends nothing', async () => {
      const s = stream();
      await store.append(s, [tick(1)], 'no-stream');
      await expect(store.append(s, [tick(2)], 'no-stream')).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(s, [tick(2), tick(3)], { revision: 5 })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(stream(), [tick(2)], 'exists')).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream(s)).map((e) => e.data)).toEqual([{ at: 1 }]);
      await store.append(s, [tick(4)], { revision: 0 });
      await store.append(s, [tick(5)], 'exists');
      await store.append(s, [tick(6)], 'any');
      expect((await store.readStream(s)).map((e) => e.data)).toEqual([{ at: 1 }, { at: 4 }, { at: 5 }, { at: 6 }]);
    });

    it('lets exactly one of two concurrent writers at the same revision win', async () => {
      const s = stream();
      await store.append(s, [tick(0)], 'no-stream');
      const results = await Promise.allSettled([store.append(s, [tick(1)], { revision: 0 }), store.append(s, [tick(2)], { revision: 0 })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('does not duplicate a retried append with the same event ids', async () => {
      const s = stream();
      const events = [tick(1, randomUUID()), tick(2, randomUUID())];
      const first = await store.append(s, events, 'no-stream');
      const retry = await store.append(s, events, 'no-stream');
      expect(retry).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('rejects data that breaks its schema and appends nothing', async () => {
      const s = stream();
      await expect(store.append(s, [tick(1), { type: 'ClockTicked', data: { at: 'noon' } }], 'any')).rejects.toThrow(/ClockTicked/);
      expect(await store.readStream(s)).toEqual([]);
    });

    it('catches up from a checkpoint, then goes live, seeing every later event exactly once', async () => {
      const s1 = stream();
      const s2 = stream();
      const checkpoint = (await store.append(s1, [tick(1), tick(2)], 'no-stream')).position;
      await store.append(s2, [tick(3)], 'no-stream');
      await store.append(s1, [tick(4)], 'exists');
      const seen = firstValueFrom(store.subscribeAll({ after: checkpoint, tenant }).pipe(take(4), toArray(), timeout(10_000)));
      await new Promise((r) => setTimeout(r, 200));
      await store.append(s2, [tick(5), tick(6)], 'exists');
      const events = await seen;
      expect(events.map((e) => (e.data as { at: number }).at)).toEqual([3, 4, 5, 6]);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
      expect(events.every((e, i) => i === 0 || e.position > events[i - 1].position)).toBe(true);
    });

    it('filters a subscription by event type', async () => {
      const s = stream();
      const start = (await store.append(s, [tick(0)], 'no-stream')).position;
      await store.append(
        { tenant, category: 'status', id: 'x' },
        [{ type: 'StatusChanged', data: { level: 'metric', supergroup: '', endpointGroup: 'SITE', function: '', service: 'CREAM-CE', hostname: 'h', metric: 'm', status: 'CRITICAL', previousStatus: 'OK', since: 5 } }],
        'any',
      );
      await store.append(s, [tick(7)], 'exists');
      const only = await firstValueFrom(store.subscribeAll({ after: start, tenant, types: ['ClockTicked'] }).pipe(take(1), timeout(10_000)));
      expect(only.data).toEqual({ at: 7 });
    });
  });
}
