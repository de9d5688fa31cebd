// Test-only builders of topology events and views (not exported from the index).
import type { EndpointData, NgiData, ServiceData, SiteData, TopologyEvent, CertificationStatus } from './topology.events';
import type { TopologyView } from './topology-view';
import { buildTopologyView } from './topology-view';

type Of<T extends TopologyEvent['type']> = Extract<TopologyEvent, { type: T }>;

export const ngiRegistered = (over: Partial<NgiData> = {}): Of<'NgiRegistered'> => ({
  type: 'NgiRegistered',
  data: { name: 'NGI_XX', email: 'ops@ngi.example.org', rodEmail: null, helpdeskEmail: null, securityEmail: null, scopes: ['EGI'], ...over },
});

export const siteRegistered = (over: Partial<SiteData & { certificationStatus: CertificationStatus }> = {}): Of<'SiteRegistered'> => ({
  type: 'SiteRegistered',
  data: {
    shortName: 'EXAMPLE-SITE',
    officialName: 'Example Site',
    ngi: 'NGI_XX',
    country: 'Italy',
    timezone: 'Europe/Rome',
    domain: 'example.org',
    productionInfrastructure: 'Production',
    scopes: ['EGI'],
    contacts: [],
    certificationStatus: 'Certified',
    ...over,
  },
});

export const serviceRegistered = (over: Partial<ServiceData> = {}): Of<'ServiceRegistered'> => ({
  type: 'ServiceRegistered',
  data: {
    id: '1G0',
    hostname: 'ce01.example.org',
    serviceType: 'org.opensciencegrid.htcondorce',
    site: 'EXAMPLE-SITE',
    production: true,
    monitored: true,
    beta: false,
    notify: true,
    url: null,
    scopes: ['EGI'],
    ...over,
  },
});

export const endpointAdded = (over: Partial<EndpointData> = {}): Of<'EndpointAdded'> => ({
  type: 'EndpointAdded',
  data: {
    service: '1G0',
    id: '1',
    name: 'main',
    url: 'https://ce01.example.org:9619',
    interfaceName: 'org.opensciencegrid.htcondorce',
    monitored: true,
    ...over,
  },
});

export const viewOf = (...events: TopologyEvent[]): TopologyView => buildTopologyView(events);

/**
 * NGI_XX with EXAMPLE-SITE (services 1G0 with endpoints 1 and 2, and 2G0) and OTHER-SITE (service 3G0
 * with endpoint 3).
 */
export const sampleTopology = (): TopologyView =>
  viewOf(
    ngiRegistered(),
    siteRegistered(),
    siteRegistered({ shortName: 'OTHER-SITE', officialName: 'Other Site' }),
    serviceRegistered(),
    endpointAdded(),
    endpointAdded({ id: '2', name: 'secondary', url: 'https://ce01.example.org:9620' }),
    serviceRegistered({ id: '2G0', hostname: 'bdii.example.org', serviceType: 'Site-BDII' }),
    serviceRegistered({ id: '3G0', hostname: 'se.other.org', serviceType: 'SRM', site: 'OTHER-SITE' }),
    endpointAdded({ service: '3G0', id: '3', name: 'srm', url: 'srm://se.other.org:8446', interfaceName: 'SRM' }),
  );
