import type { Observable } from 'rxjs';
import type { NewEvent, RecordedEvent } from '@vigil/events';

/** A stream: one aggregate of one tenant, e.g. { tenant: 'default', category: 'site', id: 'CERN-PROD' }. */
export interface StreamRef {
  tenant: string;
  category: string;
  id: string;
}

/** What the writer expects of the stream: optimistic concurrency. A revision is the last event's 0-based revision. */
export type ExpectedState = 'no-stream' | 'any' | 'exists' | { revision: number };

export interface AppendResult {
  /** Revision of the last appended event. */
  revision: number;
  /** Global position of the last appended event. */
  position: number;
}

export interface ReadOptions {
  direction?: 'forwards' | 'backwards';
  /** Start here (inclusive): the first revision forwards, the last revision backwards. */
  fromRevision?: number;
  limit?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: deliver events with a position strictly after it (omit for the beginning). */
  after?: number;
  /** Only these event types (the others are skipped without decoding their data). */
  types?: readonly string[];
  tenant?: string;
}

export interface EventStore {
  append(stream: StreamRef, events: readonly NewEvent[], expected: ExpectedState): Promise<AppendResult>;
  /** A missing stream reads as an empty array. */
  readStream(stream: StreamRef, options?: ReadOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live: every event after the checkpoint exactly once, in log order, until unsubscribed. */
  subscribeAll(options?: SubscribeOptions): Observable<RecordedEvent>;
  close(): Promise<void>;
}

export type ActualState = 'no-stream' | { revision: number };

/** The stream was not in the expected state: nothing was appended. HTTP answers 409. */
export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly stream: StreamRef,
    readonly expected: ExpectedState,
    readonly actual: ActualState,
  ) {
    super(`stream ${streamName(stream)}: expected ${describe(expected)}, found ${describe(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

const describe = (s: ExpectedState | ActualState): string => (typeof s === 'string' ? s : `revision ${s.revision}`);

export const streamName = (s: StreamRef): string => `${s.tenant}/${s.category}-${s.id}`;

/** Throws ConcurrencyError unless `actual` satisfies `expected`. Shared by every adapter. */
export function checkExpected(stream: StreamRef, expected: ExpectedState, actual: ActualState): void {
  const ok =
    expected === 'any' ||
    (expected === 'no-stream' && actual === 'no-stream') ||
    (expected === 'exists' && actual !== 'no-stream') ||
    (typeof expected === 'object' && actual !== 'no-stream' && actual.revision === expected.revision);
  if (!ok) throw new ConcurrencyError(stream, expected, actual);
}
