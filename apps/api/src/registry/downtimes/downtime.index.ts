import { evolveDowntime, initialDowntimeState, type DowntimeData, type DowntimeEvent, type DowntimeState } from '@vigil/domain';
import type { EntityIndexDefinition } from '../shared/entity-index';
import { toIso } from '../shared/date-time';
import { categoryOf } from '../shared/registry-streams';

export const DOWNTIME_EVENT_TYPES: readonly DowntimeEvent['type'][] = ['DowntimeDeclared', 'DowntimeUpdated', 'DowntimeCancelled', 'DowntimeEndedEarly'];

export type DowntimeView = Omit<DowntimeData, 'start' | 'end'> & { start: string; end: string; declaredAt: string };

export interface DowntimeRecord {
  state: DowntimeState;
  declaredAt: number;
}

type Declared = Extract<DowntimeState, { status: 'declared' }>;

/** Downtimes by id (cancelled ones are gone), listed by start, as GET /api/v1/downtimes shows them. */
export const downtimeIndex: EntityIndexDefinition<DowntimeRecord, DowntimeView> = {
  entity: 'downtime',
  category: categoryOf('downtime'),
  types: DOWNTIME_EVENT_TYPES,
  evolve: (record, recorded) => ({
    state: evolveDowntime(record?.state ?? initialDowntimeState(), recorded as unknown as DowntimeEvent),
    declaredAt: record?.declaredAt ?? recorded.recordedAt,
  }),
  exists: (record) => record.state.status === 'declared',
  present: (record) => {
    const d = (record.state as Declared).downtime;
    return { ...d, start: toIso(d.start), end: toIso(d.end), declaredAt: toIso(record.declaredAt) };
  },
  // Chronological: ISO instants of one format sort like the times they name.
  sortKey: (record, key) => `${toIso((record.state as Declared).downtime.start)} ${key}`,
};
