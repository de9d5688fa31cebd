import { MINUTE } from '@vigil/domain';
import type { EventStore, StreamRef } from '../event-store.port';

/** Ticks are platform-wide: every tenant's projections read them from this stream. */
export const CLOCK_STREAM: StreamRef = { tenant: '_system', category: 'clock', id: 'minutes' };

/** The event id of a minute's tick: the same in every process, so concurrent tickers append it once. */
export const tickEventId = (minute: number): string => {
  const hex = minute.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
};

/**
 * Appends one ClockTicked per whole minute up to `now`, catching up missed minutes (at most `maxCatchUp`)
 * after downtime, so time-driven state (freshness, downtimes, deadlines) replays identically.
 */
export async function tick(store: EventStore, now: number, last: number | undefined, maxCatchUp = 60): Promise<number> {
  const current = Math.floor(now / MINUTE);
  const from = last === undefined ? current : Math.max(last + 1, current - maxCatchUp + 1);
  for (let minute = from; minute <= current; minute++) {
    await store.append(CLOCK_STREAM, [{ type: 'ClockTicked', data: { at: minute * MINUTE }, eventId: tickEventId(minute), occurredAt: minute * MINUTE }], 'any');
  }
  return current;
}

/** The last minute already ticked, read back from the clock stream (undefined when it never ticked). */
export async function lastTickedMinute(store: EventStore): Promise<number | undefined> {
  const [last] = await store.readStream(CLOCK_STREAM, { direction: 'backwards', limit: 1 });
  return last ? Math.floor((last.data as { at: number }).at / MINUTE) : undefined;
}
