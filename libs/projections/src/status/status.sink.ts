import { withRetries, type EventStore } from '@vigil/event-store';
import type { ClickHouse } from '@vigil/read-models';
import type { Sink } from '../projection';
import type { StatusSnapshotStore } from './status-snapshot.store';
import { STATUS_CATEGORY, type StatusWrite } from './status.projection';

export interface StatusSinkOptions {
  store: EventStore;
  clickhouse: ClickHouse;
  /** Where snapshots go; without it, due snapshots are dropped (tests, one-off rebuilds). */
  snapshots?: StatusSnapshotStore;
  /** Told when a snapshot could not be saved (the projector goes on: the next one is due soon). */
  onWarn?: (message: string) => void;
}

/** A busy server may time out an append it did store: see withRetries. */
const APPEND_ATTEMPTS = 4;

/**
 * Commits a status write: the StatusChanged events (deterministic ids: a redelivery is dropped as a
 * duplicate) and the rows (keyed by position: a redelivery replaces them) at the same time, since
 * each is idempotent on its own and the batch is acknowledged only after all of them; then the
 * snapshot, which is saved only once everything it reflects is committed.
 */
export const statusSink = (o: StatusSinkOptions): Sink<StatusWrite> => ({
  write: async (w) => {
    const commits: Promise<unknown>[] = w.statusChanges.map((a) => withRetries(APPEND_ATTEMPTS, 500, () => o.store.append({ tenant: a.tenant, category: STATUS_CATEGORY, id: a.streamId }, a.events, 'any')));
    // status_current first in line: it is what readers wait for.
    if (w.currentRows.length > 0) commits.push(o.clickhouse.insert('status_current', w.currentRows));
    if (w.historyRows.length > 0) commits.push(o.clickhouse.insert('status_history', w.historyRows));
    await Promise.all(commits);
    // Only a shortcut for restarts, and saved crash-safe (manifest last): a busy server timing it out stops nothing.
    if (w.snapshot && o.snapshots) await o.snapshots.save(w.snapshot).catch((err: unknown) => o.onWarn?.(`status snapshot at sequence ${w.snapshot!.sequence} not saved: ${err instanceof Error ? err.message : String(err)}`));
  },
});
