import type { RecordedEvent } from '@vigil/events';
import type { ReadOptions } from './event-store.port';

/** Applies direction, start revision and limit to a whole stream read forwards. */
export function readWindow(events: readonly RecordedEvent[], options: ReadOptions): RecordedEvent[] {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (options.direction === 'backwards') {
    const from = options.fromRevision ?? Number.POSITIVE_INFINITY;
    return events.filter((e) => e.revision <= from).reverse().slice(0, limit);
  }
  const from = options.fromRevision ?? 0;
  return events.filter((e) => e.revision >= from).slice(0, limit);
}
