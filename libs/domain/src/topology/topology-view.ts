import { sameName } from '../shared/validation';
import type { CertificationStatus, TopologyEvent } from './topology.events';
import { DEFAULT_EXEMPT_SERVICE_TYPES } from './topology.events';

export interface ViewSite {
  shortName: string;
  ngi: string;
  certificationStatus: CertificationStatus;
}

export interface ViewService {
  id: string;
  hostname: string;
  serviceType: string;
  site: string;
  production: boolean;
  monitored: boolean;
}

export interface ViewEndpoint {
  id: string;
  service: string;
  name: string;
}

export interface ViewServiceGroup {
  name: string;
  services: readonly string[];
}

/**
 * A tenant's current topology, just enough to check rules that span streams (unique names,
 * existing parents, memberships). Built by folding every topology event with `evolveView`.
 */
export interface TopologyView {
  /** Service types that may be in production unmonitored. */
  readonly exemptServiceTypes: readonly string[];
  readonly ngis: ReadonlySet<string>;
  readonly sites: ReadonlyMap<string, ViewSite>;
  readonly services: ReadonlyMap<string, ViewService>;
  readonly endpoints: ReadonlyMap<string, ViewEndpoint>;
  readonly serviceGroups: ReadonlyMap<string, ViewServiceGroup>;
}

export const emptyTopologyView = (exemptServiceTypes: readonly string[] = DEFAULT_EXEMPT_SERVICE_TYPES): TopologyView => ({
  exemptServiceTypes,
  ngis: new Set(),
  sites: new Map(),
  services: new Map(),
  endpoints: new Map(),
  serviceGroups: new Map(),
});

interface Draft {
  exemptServiceTypes: readonly string[];
  ngis: Set<string>;
  sites: Map<string, ViewSite>;
  services: Map<string, ViewService>;
  endpoints: Map<string, ViewEndpoint>;
  serviceGroups: Map<string, ViewServiceGroup>;
}

const draftOf = (view: TopologyView): Draft => ({
  exemptServiceTypes: view.exemptServiceTypes,
  ngis: new Set(view.ngis),
  sites: new Map(view.sites),
  services: new Map(view.services),
  endpoints: new Map(view.endpoints),
  serviceGroups: new Map(view.serviceGroups),
});

/** Applies one topology event; the input view is left untouched. */
export const evolveView = (view: TopologyView, event: TopologyEvent): TopologyView => apply(draftOf(view), event);

/** Folds many events at once, copying the view only once (a tenant's full replay). */
export const buildTopologyView = (events: Iterable<TopologyEvent>, from: TopologyView = emptyTopologyView()): TopologyView => {
  const draft = draftOf(from);
  for (const event of events) apply(draft, event);
  return draft;
};

function apply(d: Draft, event: TopologyEvent): Draft {
  switch (event.type) {
    case 'NgiRegistered':
      d.ngis.add(event.data.name);
      return d;
    case 'NgiUpdated':
      return d;
    case 'NgiRemoved':
      d.ngis.delete(event.data.name);
      return d;
    case 'SiteRegistered': {
      const { shortName, ngi, certificationStatus } = event.data;
      d.sites.set(shortName, { shortName, ngi, certificationStatus });
      return d;
    }
    case 'SiteUpdated':
      return updateSite(d, event.data.shortName, { ngi: event.data.ngi });
    case 'SiteCertificationChanged':
      return updateSite(d, event.data.shortName, { certificationStatus: event.data.to });
    case 'SiteRemoved':
      d.sites.delete(event.data.shortName);
      return d;
    case 'ServiceRegistered':
    case 'ServiceUpdated': {
      // An update may move the service to another site: the entry simply takes the new site.
      const { id, hostname, serviceType, site, production, monitored } = event.data;
      d.services.set(id, { id, hostname, serviceType, site, production, monitored });
      return d;
    }
    case 'ServiceRemoved':
      return removeService(d, event.data.id);
    case 'EndpointAdded':
    case 'EndpointUpdated': {
      const { id, service, name } = event.data;
      d.endpoints.set(id, { id, service, name });
      return d;
    }
    case 'EndpointRemoved':
      d.endpoints.delete(event.data.id);
      return d;
    case 'ServiceGroupRegistered':
      d.serviceGroups.set(event.data.name, { name: event.data.name, services: event.data.services });
      return d;
    case 'ServiceGroupUpdated':
      return d;
    case 'ServiceGroupRemoved':
      d.serviceGroups.delete(event.data.name);
      return d;
    case 'ServiceGroupMemberAdded':
      return updateMembers(d, event.data.name, (services) => [...services, event.data.service]);
    case 'ServiceGroupMemberRemoved':
      return updateMembers(d, event.data.name, (services) => services.filter((s) => s !== event.data.service));
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function updateSite(d: Draft, shortName: string, patch: Partial<ViewSite>): Draft {
  const site = d.sites.get(shortName);
  if (site) d.sites.set(shortName, { ...site, ...patch });
  return d;
}

function updateMembers(d: Draft, name: string, change: (services: readonly string[]) => readonly string[]): Draft {
  const group = d.serviceGroups.get(name);
  if (group) d.serviceGroups.set(name, { ...group, services: change(group.services) });
  return d;
}

// A removed service takes its endpoints and its group memberships with it.
function removeService(d: Draft, id: string): Draft {
  d.services.delete(id);
  for (const endpoint of [...d.endpoints.values()]) if (endpoint.service === id) d.endpoints.delete(endpoint.id);
  for (const group of [...d.serviceGroups.values()]) {
    if (group.services.includes(id)) updateMembers(d, group.name, (services) => services.filter((s) => s !== id));
  }
  return d;
}

// Lookups used by the deciders. References (a site's NGI, a service's site) match exactly;
// uniqueness compares without case, as GOCDB does, so 'EXAMPLE-SITE' blocks 'Example-Site'.

export const ngiNameTaken = (view: TopologyView, name: string): boolean => [...view.ngis].some((n) => sameName(n, name));

export const siteNameTaken = (view: TopologyView, shortName: string): boolean =>
  [...view.sites.keys()].some((n) => sameName(n, shortName));

export const serviceGroupNameTaken = (view: TopologyView, name: string): boolean =>
  [...view.serviceGroups.keys()].some((n) => sameName(n, name));

export const findServiceByTypeAndHost = (view: TopologyView, serviceType: string, hostname: string): ViewService | undefined =>
  [...view.services.values()].find((s) => sameName(s.serviceType, serviceType) && sameName(s.hostname, hostname));

export const sitesOfNgi = (view: TopologyView, ngi: string): ViewSite[] => [...view.sites.values()].filter((s) => s.ngi === ngi);

export const servicesOfSite = (view: TopologyView, site: string): ViewService[] =>
  [...view.services.values()].filter((s) => s.site === site);
