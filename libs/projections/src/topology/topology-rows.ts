import type { RecordedEvent } from '@vigil/events';
import type { ServiceData, SiteData, SiteEvent, ServiceEvent } from '@vigil/domain';

/** A `topology_endpoints` row: an ARGO endpoint (service type on a host) in its endpoint group, from `valid_from`. */
export type TopologyEndpointRow = {
  tenant: string;
  endpoint_group: string;
  supergroup: string;
  service: string;
  hostname: string;
  monitored: number;
  tags: string;
  valid_from: Date;
  position: number;
  removed: number;
};

/** A `topology_groups` row: an endpoint group (a site: group_type SITES) in its supergroup (the NGI). */
export type TopologyGroupRow = {
  tenant: string;
  endpoint_group: string;
  group_type: string;
  supergroup: string;
  tags: string;
  valid_from: Date;
  position: number;
  removed: number;
};

export interface TopologyWrite {
  endpoints: TopologyEndpointRow[];
  groups: TopologyGroupRow[];
}

export const SITES = 'SITES';

/** What a change needs to know of earlier events: a site's NGI and tags, a service's endpoint key. */
export interface SiteEntry {
  ngi: string;
  tags: Record<string, string>;
}

export interface ServiceEntry {
  site: string;
  serviceType: string;
  hostname: string;
  monitored: boolean;
  tags: string;
}

export interface TenantTopology {
  sites: Map<string, SiteEntry>;
  services: Map<string, ServiceEntry>;
}

/** Per tenant. */
export type TopologyState = Map<string, TenantTopology>;

export const TOPOLOGY_EVENT_TYPES = [
  'SiteRegistered', 'SiteUpdated', 'SiteCertificationChanged', 'SiteRemoved',
  'ServiceRegistered', 'ServiceUpdated', 'ServiceRemoved',
] as const;

type Folded = Extract<SiteEvent | ServiceEvent, { type: (typeof TOPOLOGY_EVENT_TYPES)[number] }>;

// Tags as ARGO topology feeds carry them, plus info_ID (the registry id, for a restart's seed); keys in sorted order.
const siteTags = (d: SiteData, certification: string): Record<string, string> => ({
  certification, infrastructure: d.productionInfrastructure, scope: d.scopes.join(', '),
});

const serviceTags = (d: ServiceData): string =>
  JSON.stringify({ info_ID: d.id, monitored: flag(d.monitored), production: flag(d.production), scope: d.scopes.join(', ') });

const flag = (b: boolean): string => (b ? '1' : '0');

/** Folds one batch into rows, updating the state in place. */
export function topologyRows(state: TopologyState, events: readonly RecordedEvent[]): TopologyWrite {
  const write: TopologyWrite = { endpoints: [], groups: [] };
  for (const e of events) apply(tenantOf(state, e.tenant), e as RecordedEvent & Folded, write);
  return write;
}

function tenantOf(state: TopologyState, tenant: string): TenantTopology {
  let t = state.get(tenant);
  if (!t) state.set(tenant, (t = { sites: new Map(), services: new Map() }));
  return t;
}

interface Change {
  tenant: string;
  at: Date;
  position: number;
}

function apply(t: TenantTopology, e: RecordedEvent & Folded, write: TopologyWrite): void {
  const c: Change = { tenant: e.tenant, at: new Date(e.occurredAt), position: e.position };
  switch (e.type) {
    case 'SiteRegistered':
      return setSite(t, c, e.data.shortName, { ngi: e.data.ngi, tags: siteTags(e.data, e.data.certificationStatus) }, write);
    case 'SiteUpdated': {
      const certification = t.sites.get(e.data.shortName)?.tags.certification ?? '';
      return setSite(t, c, e.data.shortName, { ngi: e.data.ngi, tags: siteTags(e.data, certification) }, write);
    }
    case 'SiteCertificationChanged': {
      const site = t.sites.get(e.data.shortName);
      if (site) setSite(t, c, e.data.shortName, { ...site, tags: { ...site.tags, certification: e.data.to } }, write);
      return;
    }
    case 'SiteRemoved':
      return removeSite(t, c, e.data.shortName, write);
    case 'ServiceRegistered':
    case 'ServiceUpdated':
      return setService(t, c, e.data, write);
    case 'ServiceRemoved': {
      const service = t.services.get(e.data.id);
      if (service) write.endpoints.push(endpointRow(t, c, service, 1));
      t.services.delete(e.data.id);
      return;
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
}

function setSite(t: TenantTopology, c: Change, shortName: string, site: SiteEntry, write: TopologyWrite): void {
  const before = t.sites.get(shortName);
  t.sites.set(shortName, site);
  write.groups.push(groupRow(c, shortName, site, 0));
  // A site moving to another NGI moves its endpoints' supergroup with it.
  if (before && before.ngi !== site.ngi) for (const service of servicesOf(t, shortName)) write.endpoints.push(endpointRow(t, c, service, 0));
}

function removeSite(t: TenantTopology, c: Change, shortName: string, write: TopologyWrite): void {
  const site = t.sites.get(shortName);
  if (!site) return;
  for (const service of servicesOf(t, shortName)) write.endpoints.push(endpointRow(t, c, service, 1));
  write.groups.push(groupRow(c, shortName, site, 1));
  t.sites.delete(shortName);
}

function setService(t: TenantTopology, c: Change, d: ServiceData, write: TopologyWrite): void {
  const before = t.services.get(d.id);
  const after: ServiceEntry = { site: d.site, serviceType: d.serviceType, hostname: d.hostname, monitored: d.monitored, tags: serviceTags(d) };
  // A move or a renamed host/type is a different ARGO endpoint: the old one ends here.
  if (before && endpointKey(before) !== endpointKey(after)) write.endpoints.push(endpointRow(t, c, before, 1));
  t.services.set(d.id, after);
  write.endpoints.push(endpointRow(t, c, after, 0));
}

const endpointKey = (s: ServiceEntry): string => JSON.stringify([s.site, s.serviceType, s.hostname]);

const servicesOf = (t: TenantTopology, site: string): ServiceEntry[] => [...t.services.values()].filter((s) => s.site === site);

const endpointRow = (t: TenantTopology, c: Change, s: ServiceEntry, removed: number): TopologyEndpointRow => ({
  tenant: c.tenant,
  endpoint_group: s.site,
  supergroup: t.sites.get(s.site)?.ngi ?? '',
  service: s.serviceType,
  hostname: s.hostname,
  monitored: s.monitored ? 1 : 0,
  tags: s.tags,
  valid_from: c.at,
  position: c.position,
  removed,
});

const groupRow = (c: Change, shortName: string, site: SiteEntry, removed: number): TopologyGroupRow => ({
  tenant: c.tenant,
  endpoint_group: shortName,
  group_type: SITES,
  supergroup: site.ngi,
  tags: JSON.stringify(site.tags),
  valid_from: c.at,
  position: c.position,
  removed,
});
