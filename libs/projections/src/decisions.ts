import { sequenceOf, type NewEvent, type RecordedEvent } from '@vigil/events';

/** State folded from the log: `sequence` is the last message it applied. */
export interface FoldedState {
  sequence: number;
}

/**
 * Feeds a batch to the state in log order. Batches hold whole messages: one at or below the
 * sequence folded before this batch was applied already (a redelivery) and is skipped.
 */
export function foldBatch(state: FoldedState, events: readonly RecordedEvent[], apply: (e: RecordedEvent) => void): void {
  const floor = state.sequence;
  for (const e of events) {
    const sequence = sequenceOf(e.position);
    if (sequence <= floor) continue;
    apply(e);
    state.sequence = sequence;
  }
}

/** A stream's decided events, appended together. */
export type StreamAppend<S extends object> = S & { events: NewEvent[] };

/** Decided events grouped per stream (key: tenant/category/id), streams in the order first decided. */
export class AppendCollector<S extends object> {
  private readonly streams = new Map<string, StreamAppend<S>>();

  /** Adds `event` to the stream `key`; `stream` names it the first time. */
  add(key: string, stream: S, event: NewEvent): void {
    let append = this.streams.get(key);
    if (!append) this.streams.set(key, (append = { ...stream, events: [] }));
    append.events.push(event);
  }

  list(): StreamAppend<S>[] {
    return [...this.streams.values()];
  }
}

/** The event a decision appends, caused by the log event that triggered it. */
export const decidedEvent = (trigger: RecordedEvent, event: { type: string; data: unknown }, eventId: string, at: number): NewEvent => ({
  type: event.type,
  data: event.data,
  eventId,
  occurredAt: at,
  causationId: trigger.eventId,
});
