import { describe, it, expect } from 'vitest';
import { Subject, lastValueFrom, map, scan } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';
import type { EventBatch } from '@vigil/messaging';
import type { Projection } from './projection';
import { runProjector } from './projector-runtime';

const event = (position: number): RecordedEvent =>
  ({ position, type: 'ClockTicked', data: { at: position } }) as unknown as RecordedEvent;

function batch(positions: number[], acked: number[]): EventBatch {
  return { events: positions.map(event), lastSequence: positions[positions.length - 1], messages: positions.length, ack: () => acked.push(...positions) };
}

// Keeps state across batches, like the status engine: a running count of events seen.
const counter: Projection<number> = {
  name: 'counter',
  version: 1,
  types: ['ClockTicked'],
  project: (batches) => batches.pipe(scan((n, events) => n + events.length, 0)),
};

describe('projector runtime', () => {
  it('acknowledges a batch only after the sink committed its write, in order', async () => {
    const source = new Subject<EventBatch>();
    const acked: number[] = [];
    const written: number[] = [];
    const ackedWhenWritten: number[] = [];
    const running = runProjector(source, counter, {
      write: async (n) => {
        ackedWhenWritten.push(acked.length);
        written.push(n);
      },
    });
    const done = lastValueFrom(running.done, { defaultValue: undefined });
    source.next(batch([1, 2], acked));
    source.next(batch([3], acked));
    source.complete();
    await done;
    expect(written).toEqual([2, 3]);
    expect(ackedWhenWritten).toEqual([0, 2]); // each batch still unacked while its write ran
    expect(acked).toEqual([1, 2, 3]);
    expect(running.stats.events).toBe(3);
    expect(running.stats.lastSequence).toBe(3);
  });

  it('leaves a batch unacknowledged when the sink fails, so it is redelivered', async () => {
    const source = new Subject<EventBatch>();
    const acked: number[] = [];
    const running = runProjector(source, { ...counter, project: (b) => b.pipe(map((e) => e.length)) }, {
      write: async () => {
        throw new Error('ClickHouse is down');
      },
    });
    const done = lastValueFrom(running.done, { defaultValue: undefined });
    source.next(batch([1], acked));
    await expect(done).rejects.toThrow('ClickHouse is down');
    expect(acked).toEqual([]);
  });
});
