import { evolveDowntime, initialDowntimeState, type DowntimeData, type DowntimeEvent, type DowntimeState, type TopologyView } from '@vigil/domain';
import type { EntityIndexDefinition } from '../shared/entity-index';
import { toIso } from '../shared/date-time';
import { categoryOf } from '../shared/registry-streams';

export const DOWNTIME_EVENT_TYPES: readonly DowntimeEvent['type'][] = ['DowntimeDeclared', 'DowntimeUpdated', 'DowntimeCancelled', 'DowntimeEndedEarly'];

export type DowntimeView = Omit<DowntimeData, 'start' | 'end'> & {
  start: string;
  end: string;
  /** NGI of the site now (null once the site is gone). */
  ngi: string | null;
  /** Distinct, sorted service types and hostnames of the affected services that still exist. */
  serviceTypes: string[];
  hostnames: string[];
  declaredAt: string;
  /** When the latest change was recorded. */
  updatedAt: string;
};

export interface DowntimeRecord {
  state: DowntimeState;
  declaredAt: number;
  updatedAt: number;
}

type Declared = Extract<DowntimeState, { status: 'declared' }>;

/** The downtime of a record GETs show (exists() said it is declared). */
export const declaredDowntime = (record: DowntimeRecord): DowntimeData => (record.state as Declared).downtime;

const distinctSorted = (values: string[]) => [...new Set(values)].sort();

/** The affected services as the topology knows them now. */
export function affectedServices(downtime: Pick<DowntimeData, 'services'>, topology: TopologyView) {
  return downtime.services.flatMap((id) => topology.services.get(id) ?? []);
}

/** Downtimes by id (cancelled ones are gone), listed by start, as GET /api/v1/downtimes shows them. */
export const downtimeIndex: EntityIndexDefinition<DowntimeRecord, DowntimeView> = {
  entity: 'downtime',
  category: categoryOf('downtime'),
  types: DOWNTIME_EVENT_TYPES,
  evolve: (record, recorded) => ({
    state: evolveDowntime(record?.state ?? initialDowntimeState(), recorded as unknown as DowntimeEvent),
    declaredAt: record?.declaredAt ?? recorded.recordedAt,
    updatedAt: recorded.recordedAt,
  }),
  exists: (record) => record.state.status === 'declared',
  present: (record, topology) => {
    const d = declaredDowntime(record);
    const services = affectedServices(d, topology);
    return {
      ...d,
      start: toIso(d.start),
      end: toIso(d.end),
      ngi: topology.sites.get(d.site)?.ngi ?? null,
      serviceTypes: distinctSorted(services.map((s) => s.serviceType)),
      hostnames: distinctSorted(services.map((s) => s.hostname)),
      declaredAt: toIso(record.declaredAt),
      updatedAt: toIso(record.updatedAt),
    };
  },
  // Chronological: ISO instants of one format sort like the times they name.
  sortKey: (record, key) => `${toIso(declaredDowntime(record).start)} ${key}`,
};
