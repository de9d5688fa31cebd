import { settingsInput, type AggregationProfile, type DowntimeData, type MetricProfile, type OperationsProfile, type ServiceData, type SiteData, type StatusInput, type StatusSettings, type ThresholdRuleInput } from '@vigil/domain';
import type { RecordedEvent } from '@vigil/events';
import type { ProbeResultRecorded } from '../metric-results/metric-results.projection';

/** Vigil event types the status engine follows. */
export const STATUS_INPUT_TYPES = [
  'ProbeResultRecorded',
  'ClockTicked',
  'SiteRegistered',
  'SiteUpdated',
  'ServiceRegistered',
  'ServiceUpdated',
  'ServiceRemoved',
  'ServiceGroupRegistered',
  'ServiceGroupUpdated',
  'ServiceGroupRemoved',
  'ServiceGroupMemberAdded',
  'ServiceGroupMemberRemoved',
  'DowntimeDeclared',
  'DowntimeUpdated',
  'DowntimeCancelled',
  'DowntimeEndedEarly',
  'OperationsProfileSet',
  'AggregationProfileSet',
  'MetricProfileSet',
  'ThresholdsProfileSet',
  'StatusSettingsSet',
] as const;

export interface StatusServiceEntry {
  hostname: string;
  serviceType: string;
  site: string;
  monitored: boolean;
  production: boolean;
}

export interface StatusDowntimeEntry {
  services: string[];
  data: DowntimeData;
}

export interface StatusServiceGroupEntry {
  monitored: boolean;
  services: string[];
}

/** Which registry groups are ARGO's endpoint groups: sites (under NGIs) or service groups. */
export type EndpointGroupType = 'sites' | 'servicegroups';

export interface StatusTopologySnapshot {
  sites: [string, string][];
  services: [string, StatusServiceEntry][];
  downtimes: [string, StatusDowntimeEntry][];
  serviceGroups?: [string, StatusServiceGroupEntry][];
  groupType?: EndpointGroupType;
}

type EndpointUpsert = Extract<StatusInput, { kind: 'endpoint' }>;

/**
 * Maps one tenant's registry events to status engine inputs (the one place registry terms become
 * monitoring terms). A GOCDB service is ARGO's endpoint (hostname × service type, serviceType →
 * service); GOCDB endpoints (URLs) do not change statuses. Endpoint groups are sites (supergroup:
 * their NGI) or, when the aggregation profile's `endpoint_group` is `servicegroups`, service groups
 * (no supergroup).
 */
export class StatusTopology {
  private readonly ngiOf = new Map<string, string>();
  private readonly services = new Map<string, StatusServiceEntry>();
  private readonly downtimes = new Map<string, StatusDowntimeEntry>();
  private readonly serviceGroups = new Map<string, StatusServiceGroupEntry>();
  private groupType: EndpointGroupType = 'sites';

  static restore(s: StatusTopologySnapshot): StatusTopology {
    const t = new StatusTopology();
    for (const [site, ngi] of s.sites) t.ngiOf.set(site, ngi);
    for (const [id, e] of s.services) t.services.set(id, { ...e });
    for (const [id, d] of s.downtimes) t.downtimes.set(id, { services: [...d.services], data: { ...d.data } });
    for (const [name, g] of s.serviceGroups ?? []) t.serviceGroups.set(name, { monitored: g.monitored, services: [...g.services] });
    t.groupType = s.groupType ?? 'sites';
    return t;
  }

  snapshot(): StatusTopologySnapshot {
    return { sites: [...this.ngiOf], services: [...this.services], downtimes: [...this.downtimes], serviceGroups: [...this.serviceGroups], groupType: this.groupType };
  }

  /** The engine inputs an event means (none for an event that changes nothing the engine sees). */
  inputs(e: RecordedEvent): StatusInput[] {
    const at = e.occurredAt;
    const eventId = e.eventId;
    const change = (ids: Iterable<string>, mutate: () => void) => this.change([...ids], mutate, eventId, at);
    switch (e.type) {
      case 'ProbeResultRecorded': {
        const d = e.data as ProbeResultRecorded;
        return [{ kind: 'result', eventId, timestamp: d.timestamp, service: d.service, hostname: d.hostname, metric: d.metric, status: d.status, actualData: d.actualData }];
      }
      case 'ClockTicked':
        return [{ kind: 'tick', eventId, at: (e.data as { at: number }).at }];
      case 'SiteRegistered':
      case 'SiteUpdated': {
        const d = e.data as SiteData;
        return change(this.servicesOfSite(d.shortName), () => this.ngiOf.set(d.shortName, d.ngi));
      }
      case 'ServiceRegistered':
      case 'ServiceUpdated': {
        const d = e.data as ServiceData;
        const next = { hostname: d.hostname, serviceType: d.serviceType, site: d.site, monitored: d.monitored, production: d.production };
        return change([d.id], () => this.services.set(d.id, next));
      }
      case 'ServiceRemoved': {
        const id = (e.data as { id: string }).id;
        return change([id], () => {
          this.services.delete(id);
          for (const g of this.serviceGroups.values()) g.services = g.services.filter((s) => s !== id);
        });
      }
      case 'ServiceGroupRegistered': {
        const d = e.data as { name: string; monitored: boolean; services: string[] };
        return change(d.services, () => this.serviceGroups.set(d.name, { monitored: d.monitored, services: [...d.services] }));
      }
      case 'ServiceGroupUpdated': {
        const d = e.data as { name: string; monitored: boolean };
        const g = this.serviceGroups.get(d.name);
        return g ? change(g.services, () => (g.monitored = d.monitored)) : [];
      }
      case 'ServiceGroupRemoved': {
        const name = (e.data as { name: string }).name;
        return change(this.serviceGroups.get(name)?.services ?? [], () => this.serviceGroups.delete(name));
      }
      case 'ServiceGroupMemberAdded':
      case 'ServiceGroupMemberRemoved': {
        const d = e.data as { name: string; service: string };
        const g = this.serviceGroups.get(d.name);
        if (!g) return [];
        const add = e.type === 'ServiceGroupMemberAdded';
        return change([d.service], () => (g.services = add ? [...new Set([...g.services, d.service])] : g.services.filter((s) => s !== d.service)));
      }
      case 'DowntimeDeclared':
      case 'DowntimeUpdated':
        return this.downtime(e.data as DowntimeData, eventId, at);
      case 'DowntimeCancelled':
        return this.cancelDowntime((e.data as { id: string }).id, eventId, at);
      case 'DowntimeEndedEarly': {
        const { id, end } = e.data as { id: string; end: number };
        const known = this.downtimes.get(id);
        return known ? this.downtime({ ...known.data, end }, eventId, at) : [];
      }
      case 'OperationsProfileSet':
        return profile(e, (p) => ({ operations: p as OperationsProfile }));
      case 'AggregationProfileSet':
        return this.aggregation(e);
      case 'MetricProfileSet':
        return profile(e, (p) => ({ metricProfile: p as MetricProfile }));
      case 'ThresholdsProfileSet':
        return profile(e, (p) => ({ thresholds: (Array.isArray(p) ? p : ((p as { rules?: ThresholdRuleInput[] }).rules ?? [])) as ThresholdRuleInput[] }));
      case 'StatusSettingsSet':
        return [settingsInput(e.data as StatusSettings, eventId, at)];
      default:
        return [];
    }
  }

  /** A new aggregation profile; when it names another kind of endpoint group, every endpoint moves. */
  private aggregation(e: RecordedEvent): StatusInput[] {
    const [input] = profile(e, (p) => ({ aggregation: p as AggregationProfile }));
    if (!input || input.kind !== 'profiles' || !input.aggregation) return [];
    const type: EndpointGroupType = String((input.aggregation as { endpoint_group?: string }).endpoint_group ?? '').toLowerCase() === 'servicegroups' ? 'servicegroups' : 'sites';
    if (type === this.groupType) return [input];
    const ids = [...this.services.keys()];
    const leaving = ids.flatMap((id) => this.placements(id, e.eventId, e.occurredAt)).map((p) => ({ ...p, op: 'remove' as const }));
    this.groupType = type;
    return [...leaving, input, ...ids.flatMap((id) => this.placements(id, e.eventId, e.occurredAt))];
  }

  /** Applies a registry change and says how the endpoints of the services it touches moved. */
  private change(ids: string[], mutate: () => void, eventId: string, at: number): StatusInput[] {
    const before = ids.flatMap((id) => this.placements(id, eventId, at));
    mutate();
    const after = ids.flatMap((id) => this.placements(id, eventId, at));
    const still = new Set(after.map(placementKey));
    const gone = before.filter((p) => !still.has(placementKey(p))).map((p) => ({ ...p, op: 'remove' as const }));
    return [...gone, ...after];
  }

  /** Where a service sits in the status tree now: one endpoint per endpoint group holding it. */
  private placements(id: string, eventId: string, at: number): EndpointUpsert[] {
    const s = this.services.get(id);
    if (!s) return [];
    const tags = { monitored: s.monitored ? '1' : '0', production: s.production ? '1' : '0' };
    const base = { kind: 'endpoint' as const, op: 'upsert' as const, eventId, at, service: s.serviceType, hostname: s.hostname, tags };
    if (this.groupType === 'sites') return [{ ...base, endpointGroup: s.site, supergroup: this.ngiOf.get(s.site) ?? '', monitored: s.monitored }];
    const out: EndpointUpsert[] = [];
    for (const [name, g] of this.serviceGroups) if (g.services.includes(id)) out.push({ ...base, endpointGroup: name, supergroup: '', monitored: s.monitored && g.monitored });
    return out;
  }

  private servicesOfSite(site: string): string[] {
    return [...this.services].filter(([, s]) => s.site === site).map(([id]) => id);
  }

  /** One engine downtime per affected service, keyed `<downtime id>/<service id>`. */
  private downtime(d: DowntimeData, eventId: string, at: number): StatusInput[] {
    const out = this.cancelDowntime(d.id, eventId, at).filter((x) => x.kind === 'downtime' && !d.services.includes(x.id.slice(d.id.length + 1)));
    this.downtimes.set(d.id, { services: [...d.services], data: d });
    for (const serviceId of d.services) {
      const s = this.services.get(serviceId);
      if (!s) continue;
      const { severity, classification, start, end } = d;
      out.push({ kind: 'downtime', op: 'upsert', eventId, at, id: `${d.id}/${serviceId}`, hostname: s.hostname, service: s.serviceType, start, end, severity, classification });
    }
    return out;
  }

  private cancelDowntime(id: string, eventId: string, at: number): StatusInput[] {
    const known = this.downtimes.get(id);
    if (!known) return [];
    this.downtimes.delete(id);
    const { severity, classification, start, end } = known.data;
    return known.services.map((serviceId) => ({
      kind: 'downtime' as const,
      op: 'remove' as const,
      eventId,
      at,
      id: `${id}/${serviceId}`,
      hostname: '',
      service: '',
      start,
      end,
      severity,
      classification,
    }));
  }
}

const placementKey = (p: EndpointUpsert): string => `${p.endpointGroup}\u0000${p.service}\u0000${p.hostname}`;

/** A profile event's JSON; an unreadable one changes nothing (the importer validates before appending). */
function profile(e: RecordedEvent, pick: (p: unknown) => Omit<Extract<StatusInput, { kind: 'profiles' }>, 'kind'>): StatusInput[] {
  try {
    const parsed: unknown = JSON.parse((e.data as { profile: string }).profile);
    return [{ kind: 'profiles', eventId: e.eventId, at: e.occurredAt, ...pick(parsed) }];
  } catch {
    return [];
  }
}
