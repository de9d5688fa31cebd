import { describe, it, expect } from 'vitest';
import { MINUTE } from '@vigil/domain';
import { MemoryEventStore } from '../memory/memory-event-store';
import { CLOCK_STREAM, lastTickedMinute, tick } from './clock-ticker';

const ats = async (store: MemoryEventStore) => (await store.readStream(CLOCK_STREAM)).map((e) => (e.data as { at: number }).at);

describe('clock ticker', () => {
  it('appends one tick per whole minute, at the minute', async () => {
    const store = new MemoryEventStore();
    const m = await tick(store, 10 * MINUTE + 5_000, undefined);
    expect(m).toBe(10);
    expect(await ats(store)).toEqual([10 * MINUTE]);
  });

  it('catches up the minutes missed while nothing ticked, bounded', async () => {
    const store = new MemoryEventStore();
    await tick(store, 10 * MINUTE, undefined);
    await tick(store, 13 * MINUTE + 1, 10);
    expect(await ats(store)).toEqual([10, 11, 12, 13].map((m) => m * MINUTE));
    await tick(store, 1000 * MINUTE, 13, 3);
    expect((await ats(store)).slice(-3)).toEqual([998, 999, 1000].map((m) => m * MINUTE));
  });

  it('ticks a minute once even when two tickers run', async () => {
    const store = new MemoryEventStore();
    await Promise.all([tick(store, 20 * MINUTE, 19), tick(store, 20 * MINUTE, 19)]);
    expect(await ats(store)).toEqual([20 * MINUTE]);
    expect(await lastTickedMinute(store)).toBe(20);
  });
});
