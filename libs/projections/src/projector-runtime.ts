import { concatMap, map, share, zip, type Observable } from 'rxjs';
import type { EventBatch } from '@vigil/messaging';
import type { Projection, Sink } from './projection';
import { ProjectorStats } from './projector-stats';

export interface RunningProjector {
  stats: ProjectorStats;
  /** Completes when the source completes; errors when the sink fails (nothing is acked then). */
  done: Observable<void>;
}

/**
 * Wires a batch source through a projection into a sink. A batch is acknowledged only after the
 * sink has committed the write made from it, so a crash redelivers it and idempotent sinks absorb that.
 */
export function runProjector<W>(source: Observable<EventBatch>, projection: Projection<W>, sink: Sink<W>): RunningProjector {
  const stats = new ProjectorStats();
  const batches = source.pipe(share());
  const writes = projection.project(batches.pipe(map((b) => b.events)));
  const done = zip(batches, writes).pipe(
    concatMap(async ([batch, write]) => {
      await sink.write(write);
      batch.ack();
      stats.record(batch.events.length, batch.lastSequence);
    }),
  );
  return { stats, done };
}
