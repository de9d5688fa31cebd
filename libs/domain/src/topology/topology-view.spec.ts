import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider';
import { serviceGroupStreamId, serviceStreamId, siteStreamId, ngiStreamId } from './stream-ids';
import { buildTopologyView, emptyTopologyView, evolveView, servicesOfSite } from './topology-view';
import { endpointAdded, ngiRegistered, sampleTopology, serviceRegistered, siteRegistered } from './topology.fixtures';
import type { TopologyEvent } from './topology.events';

const groupOf = (services: string[]): TopologyEvent => ({
  type: 'ServiceGroupRegistered',
  data: { name: 'TIER1', description: '', monitored: true, services },
});

describe('topology view', () => {
  it('shows a moved service under its new site only', () => {
    const view = evolveView(sampleTopology(), { type: 'ServiceUpdated', data: { ...serviceRegistered().data, site: 'OTHER-SITE' } });
    expect(servicesOfSite(view, 'EXAMPLE-SITE').map((s) => s.id)).toEqual(['2G0']);
    expect(servicesOfSite(view, 'OTHER-SITE').map((s) => s.id).sort()).toEqual(['1G0', '3G0']);
  });

  it('drops a removed service from its endpoints and its service groups', () => {
    const view = buildTopologyView([groupOf(['1G0', '3G0']), { type: 'ServiceRemoved', data: { id: '1G0' } }], sampleTopology());
    expect(view.services.has('1G0')).toBe(false);
    expect([...view.endpoints.keys()]).toEqual(['3']);
    expect(view.serviceGroups.get('TIER1')?.services).toEqual(['3G0']);
  });

  it('tracks certification status and NGI moves of sites', () => {
    const view = buildTopologyView(
      [
        { type: 'SiteCertificationChanged', data: { shortName: 'EXAMPLE-SITE', from: 'Certified', to: 'Suspended', reason: 'r' } },
        { type: 'SiteUpdated', data: { ...siteRegistered().data, ngi: 'NGI_YY' } },
      ],
      sampleTopology(),
    );
    expect(view.sites.get('EXAMPLE-SITE')).toEqual({ shortName: 'EXAMPLE-SITE', ngi: 'NGI_YY', certificationStatus: 'Suspended' });
  });

  it('tracks service group membership', () => {
    const view = buildTopologyView(
      [groupOf(['1G0']), { type: 'ServiceGroupMemberAdded', data: { name: 'TIER1', service: '3G0' } }, { type: 'ServiceGroupMemberRemoved', data: { name: 'TIER1', service: '1G0' } }],
      sampleTopology(),
    );
    expect(view.serviceGroups.get('TIER1')?.services).toEqual(['3G0']);
  });

  it('forgets removed NGIs, sites and groups', () => {
    const view = buildTopologyView(
      [ngiRegistered(), siteRegistered(), groupOf([]), { type: 'SiteRemoved', data: { shortName: 'EXAMPLE-SITE' } }, { type: 'NgiRemoved', data: { name: 'NGI_XX' } }, { type: 'ServiceGroupRemoved', data: { name: 'TIER1' } }],
    );
    expect([view.ngis.size, view.sites.size, view.serviceGroups.size]).toEqual([0, 0, 0]);
  });

  it('leaves the view it evolves untouched', () => {
    const before = sampleTopology();
    evolveView(before, { type: 'ServiceRemoved', data: { id: '1G0' } });
    expect(before.services.has('1G0')).toBe(true);
    expect(before.endpoints.has('1')).toBe(true);
  });

  it('builds the same view in bulk as event by event', () => {
    const events: TopologyEvent[] = [ngiRegistered(), siteRegistered(), serviceRegistered(), endpointAdded()];
    expect(buildTopologyView(events)).toEqual(fold(evolveView, emptyTopologyView(), events));
  });

  it('names one stream per entity', () => {
    expect([ngiStreamId('NGI_XX'), siteStreamId('EXAMPLE-SITE'), serviceStreamId('1G0'), serviceGroupStreamId('TIER1')]).toEqual([
      'ngi-NGI_XX',
      'site-EXAMPLE-SITE',
      'service-1G0',
      'service-group-TIER1',
    ]);
  });
});
