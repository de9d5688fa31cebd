import { evolveSite, initialSiteState, type CertificationStatus, type SiteData, type SiteEvent, type SiteState } from '@vigil/domain';
import type { EntityIndexDefinition } from '../shared/entity-index';
import { toIso } from '../shared/date-time';
import { categoryOf } from '../shared/registry-streams';

export const SITE_EVENT_TYPES: readonly SiteEvent['type'][] = ['SiteRegistered', 'SiteUpdated', 'SiteCertificationChanged', 'SiteRemoved'];

export interface CertificationChange {
  from: CertificationStatus;
  to: CertificationStatus;
  reason: string;
  at: string;
}

export interface SiteRecord {
  state: SiteState;
  certificationHistory: CertificationChange[];
}

export type SiteView = SiteData & { certificationStatus: CertificationStatus; certificationHistory: CertificationChange[] };

/** Sites by short name, with their certification history, as GET /api/v1/sites shows them. */
export const siteIndex: EntityIndexDefinition<SiteRecord, SiteView> = {
  entity: 'site',
  category: categoryOf('site'),
  types: SITE_EVENT_TYPES,
  evolve: (record = { state: initialSiteState(), certificationHistory: [] }, recorded) => {
    const event = recorded as unknown as SiteEvent;
    const state = evolveSite(record.state, event);
    if (event.type === 'SiteRegistered') return { state, certificationHistory: [] };
    if (event.type !== 'SiteCertificationChanged') return { ...record, state };
    const { from, to, reason } = event.data;
    return { state, certificationHistory: [...record.certificationHistory, { from, to, reason, at: toIso(recorded.recordedAt) }] };
  },
  exists: (record) => record.state.status === 'registered',
  present: ({ state, certificationHistory }) => {
    const { site, certificationStatus } = state as Extract<SiteState, { status: 'registered' }>;
    return { ...site, certificationStatus, certificationHistory };
  },
};
