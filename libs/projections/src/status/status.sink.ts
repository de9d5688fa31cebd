import type { EventStore } from '@vigil/event-store';
import type { ClickHouse } from '@vigil/read-models';
import type { Sink } from '../projection';
import type { StatusSnapshotStore } from './status-snapshot.store';
import { STATUS_CATEGORY, type StatusWrite } from './status.projection';

export interface StatusSinkOptions {
  store: EventStore;
  clickhouse: ClickHouse;
  /** Where snapshots go; without it, due snapshots are dropped (tests, one-off rebuilds). */
  snapshots?: StatusSnapshotStore;
}

/**
 * Commits a status write: the StatusChanged events first (deterministic ids: a redelivery is dropped
 * as a duplicate), then the rows (keyed by position: a redelivery replaces them), then the snapshot,
 * which is saved only once everything it reflects is committed.
 */
export const statusSink = (o: StatusSinkOptions): Sink<StatusWrite> => ({
  write: async (w) => {
    await Promise.all(w.statusChanges.map((a) => o.store.append({ tenant: a.tenant, category: STATUS_CATEGORY, id: a.streamId }, a.events, 'any')));
    if (w.historyRows.length > 0) await o.clickhouse.insert('status_history', w.historyRows);
    if (w.currentRows.length > 0) await o.clickhouse.insert('status_current', w.currentRows);
    if (w.snapshot && o.snapshots) await o.snapshots.save(w.snapshot);
  },
});
