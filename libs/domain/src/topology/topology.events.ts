// Topology events: each type name is its Avro record name (schemas/topology/*.avsc) and each
// `data` holds exactly that record's fields. Keep both in step.

export const CERTIFICATION_STATUSES = ['Candidate', 'Uncertified', 'Certified', 'Suspended', 'Closed'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];

export type ProductionInfrastructure = 'Production' | 'Test';

/** A site contact (vigil.topology.SiteContact). */
export interface SiteContact {
  role: string;
  email: string;
  name: string | null;
}

export interface NgiData {
  name: string;
  email: string;
  rodEmail: string | null;
  helpdeskEmail: string | null;
  securityEmail: string | null;
  scopes: string[];
}

export interface SiteData {
  shortName: string;
  officialName: string;
  ngi: string;
  country: string;
  timezone: string;
  domain: string;
  productionInfrastructure: ProductionInfrastructure;
  scopes: string[];
  contacts: SiteContact[];
}

export interface ServiceData {
  id: string;
  hostname: string;
  serviceType: string;
  site: string;
  production: boolean;
  monitored: boolean;
  beta: boolean;
  notify: boolean;
  url: string | null;
  scopes: string[];
}

export interface EndpointData {
  service: string;
  id: string;
  name: string;
  url: string;
  interfaceName: string;
  monitored: boolean;
}

export interface ServiceGroupData {
  name: string;
  description: string;
  monitored: boolean;
}

export type NgiEvent =
  | { type: 'NgiRegistered'; data: NgiData }
  | { type: 'NgiUpdated'; data: NgiData }
  | { type: 'NgiRemoved'; data: { name: string } };

export type SiteEvent =
  | { type: 'SiteRegistered'; data: SiteData & { certificationStatus: CertificationStatus } }
  | { type: 'SiteUpdated'; data: SiteData }
  | { type: 'SiteCertificationChanged'; data: { shortName: string; from: CertificationStatus; to: CertificationStatus; reason: string } }
  | { type: 'SiteRemoved'; data: { shortName: string } };

export type ServiceEvent =
  | { type: 'ServiceRegistered'; data: ServiceData }
  /** Also a move: `site` may differ from the service's previous site. */
  | { type: 'ServiceUpdated'; data: ServiceData }
  | { type: 'ServiceRemoved'; data: { id: string } }
  | { type: 'EndpointAdded'; data: EndpointData }
  | { type: 'EndpointUpdated'; data: EndpointData }
  | { type: 'EndpointRemoved'; data: { service: string; id: string } };

export type ServiceGroupEvent =
  | { type: 'ServiceGroupRegistered'; data: ServiceGroupData & { services: string[] } }
  | { type: 'ServiceGroupUpdated'; data: ServiceGroupData }
  | { type: 'ServiceGroupRemoved'; data: { name: string } }
  | { type: 'ServiceGroupMemberAdded'; data: { name: string; service: string } }
  | { type: 'ServiceGroupMemberRemoved'; data: { name: string; service: string } };

export type TopologyEvent = NgiEvent | SiteEvent | ServiceEvent | ServiceGroupEvent;

/** Service types allowed in production without monitoring (GOCDB's exemptions). */
export const DEFAULT_EXEMPT_SERVICE_TYPES: readonly string[] = ['VOMS', 'emi.ARGUS', 'org.squid-cache.Squid'];
