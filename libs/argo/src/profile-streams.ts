import { ConcurrencyError, type EventStore, type StreamRef } from '@vigil/event-store';
import type { RecordedEvent } from '@vigil/events';
import { isObject } from './argo-file';

/** Profiles, feeds and status settings live in the `profile` category, one stream per kind. */
export const PROFILE_CATEGORY = 'profile';

export const profileStream = (tenant: string, id: string): StreamRef => ({ tenant, category: PROFILE_CATEGORY, id });

/** JSON with object keys sorted at every depth, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Map) return sortKeys(Object.fromEntries(value));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** The last event of a profile stream (its current value), if any. */
export async function lastProfileEvent<T>(store: EventStore, stream: StreamRef): Promise<RecordedEvent<T> | undefined> {
  const [last] = await store.readStream(stream, { direction: 'backwards', limit: 1 });
  return last as RecordedEvent<T> | undefined;
}

/**
 * Appends `data` as the stream's next event unless the last one already says the same (`same`):
 * true when it appended. A concurrent writer may append first: re-read and compare again.
 */
export async function appendIfChanged<T extends object>(store: EventStore, stream: StreamRef, type: string, data: T, same: (last: T) => boolean, attempts = 3): Promise<boolean> {
  const last = await lastProfileEvent<T>(store, stream);
  if (last && same(last.data)) return false;
  try {
    await store.append(stream, [{ type, data }], last ? { revision: last.revision } : 'no-stream');
    return true;
  } catch (err) {
    if (err instanceof ConcurrencyError && attempts > 1) return appendIfChanged(store, stream, type, data, same, attempts - 1);
    throw err;
  }
}

/** A conditional write (If-Match): the stream must still be at `revision`, else ConcurrencyError and nothing appended. */
export async function appendIfChangedAt<T extends object>(store: EventStore, stream: StreamRef, type: string, data: T, same: (last: T) => boolean, revision: number): Promise<boolean> {
  const last = await lastProfileEvent<T>(store, stream);
  if (last?.revision !== revision) throw new ConcurrencyError(stream, { revision }, last ? { revision: last.revision } : 'no-stream');
  if (same(last.data)) return false;
  await store.append(stream, [{ type, data }], { revision });
  return true;
}
