import { map, type Observable } from 'rxjs';
import type { RecordedEvent } from '@vigil/events';

/**
 * A projection: batches of decoded events in, one write per batch out (in the same order). It may keep
 * state in memory; it never touches NATS or ClickHouse: the runtime acknowledges and commits.
 */
export interface Projection<W> {
  name: string;
  /** Bump when the code or read-model schema changes: the read model must then be rebuilt. */
  version: number;
  /** Event types it folds; the others are skipped undecoded. */
  types: readonly string[];
  project(batches: Observable<readonly RecordedEvent[]>): Observable<W>;
}

/** Commits a projection's write (idempotently: a redelivered batch must not change the result). */
export interface Sink<W> {
  write(write: W): Promise<void>;
}

/** A projection folding batches into in-memory state; a catch-up replay calls `applyBatch` and drops the write. */
export interface FoldingProjection<S, W> extends Projection<W> {
  state: S;
  applyBatch(events: readonly RecordedEvent[]): W;
}

/** The projection whose `project` maps each batch through `applyBatch`. */
export function foldingProjection<S, W>(p: Omit<FoldingProjection<S, W>, 'project'>): FoldingProjection<S, W> {
  return { ...p, project: (batches) => batches.pipe(map((events) => p.applyBatch(events))) };
}
