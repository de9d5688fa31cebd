import type { AggregationProfile, DowntimeData, MetricProfile, OperationsProfile, ServiceData, SiteData, StatusInput, ThresholdRuleInput } from '@vigil/domain';
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
  'DowntimeDeclared',
  'DowntimeUpdated',
  'DowntimeCancelled',
  'DowntimeEndedEarly',
  'OperationsProfileSet',
  'AggregationProfileSet',
  'MetricProfileSet',
  'ThresholdsProfileSet',
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

export interface StatusTopologySnapshot {
  sites: [string, string][];
  services: [string, StatusServiceEntry][];
  downtimes: [string, StatusDowntimeEntry][];
}

/**
 * Maps one tenant's registry events to status engine inputs (the one place registry terms become
 * monitoring terms: site → endpoint group, NGI → supergroup, serviceType → service). A GOCDB
 * service is ARGO's endpoint (hostname × service type); GOCDB endpoints (URLs) do not change statuses.
 */
export class StatusTopology {
  private readonly ngiOf = new Map<string, string>();
  private readonly services = new Map<string, StatusServiceEntry>();
  private readonly downtimes = new Map<string, StatusDowntimeEntry>();

  static restore(s: StatusTopologySnapshot): StatusTopology {
    const t = new StatusTopology();
    for (const [site, ngi] of s.sites) t.ngiOf.set(site, ngi);
    for (const [id, e] of s.services) t.services.set(id, { ...e });
    for (const [id, d] of s.downtimes) t.downtimes.set(id, { services: [...d.services], data: { ...d.data } });
    return t;
  }

  snapshot(): StatusTopologySnapshot {
    return { sites: [...this.ngiOf], services: [...this.services], downtimes: [...this.downtimes] };
  }

  /** The engine inputs an event means (none for an event that changes nothing the engine sees). */
  inputs(e: RecordedEvent): StatusInput[] {
    const at = e.occurredAt;
    const eventId = e.eventId;
    switch (e.type) {
      case 'ProbeResultRecorded': {
        const d = e.data as ProbeResultRecorded;
        return [{ kind: 'result', eventId, timestamp: d.timestamp, service: d.service, hostname: d.hostname, metric: d.metric, status: d.status, actualData: d.actualData }];
      }
      case 'ClockTicked':
        return [{ kind: 'tick', eventId, at: (e.data as { at: number }).at }];
      case 'SiteRegistered':
      case 'SiteUpdated':
        return this.site(e.data as SiteData, eventId, at);
      case 'ServiceRegistered':
      case 'ServiceUpdated':
        return this.service(e.data as ServiceData, eventId, at);
      case 'ServiceRemoved':
        return this.removeService((e.data as { id: string }).id, eventId, at);
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
        return profile(e, (p) => ({ aggregation: p as AggregationProfile }));
      case 'MetricProfileSet':
        return profile(e, (p) => ({ metricProfile: p as MetricProfile }));
      case 'ThresholdsProfileSet':
        return profile(e, (p) => ({ thresholds: (Array.isArray(p) ? p : ((p as { rules?: ThresholdRuleInput[] }).rules ?? [])) as ThresholdRuleInput[] }));
      default:
        return [];
    }
  }

  private site(d: SiteData, eventId: string, at: number): StatusInput[] {
    const before = this.ngiOf.get(d.shortName);
    this.ngiOf.set(d.shortName, d.ngi);
    if (before === undefined || before === d.ngi) return [];
    // The site changed NGI: its endpoints follow (the engine moves the whole group on the first).
    return [...this.services.values()].filter((s) => s.site === d.shortName).map((s) => this.endpoint('upsert', s, eventId, at));
  }

  private service(d: ServiceData, eventId: string, at: number): StatusInput[] {
    const before = this.services.get(d.id);
    const next: StatusServiceEntry = { hostname: d.hostname, serviceType: d.serviceType, site: d.site, monitored: d.monitored, production: d.production };
    this.services.set(d.id, next);
    const out: StatusInput[] = [];
    // A move (another site, hostname or type) leaves the old place first.
    if (before && (before.site !== next.site || before.hostname !== next.hostname || before.serviceType !== next.serviceType)) out.push(this.endpoint('remove', before, eventId, at));
    out.push(this.endpoint('upsert', next, eventId, at));
    return out;
  }

  private removeService(id: string, eventId: string, at: number): StatusInput[] {
    const before = this.services.get(id);
    if (!before) return [];
    this.services.delete(id);
    return [this.endpoint('remove', before, eventId, at)];
  }

  private endpoint(op: 'upsert' | 'remove', s: StatusServiceEntry, eventId: string, at: number): StatusInput {
    return {
      kind: 'endpoint',
      op,
      eventId,
      at,
      endpointGroup: s.site,
      supergroup: this.ngiOf.get(s.site) ?? '',
      service: s.serviceType,
      hostname: s.hostname,
      monitored: s.monitored,
      tags: { monitored: s.monitored ? '1' : '0', production: s.production ? '1' : '0' },
    };
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

/** A profile event's JSON; an unreadable one changes nothing (the importer validates before appending). */
function profile(e: RecordedEvent, pick: (p: unknown) => Omit<Extract<StatusInput, { kind: 'profiles' }>, 'kind'>): StatusInput[] {
  try {
    const parsed: unknown = JSON.parse((e.data as { profile: string }).profile);
    return [{ kind: 'profiles', eventId: e.eventId, at: e.occurredAt, ...pick(parsed) }];
  } catch {
    return [];
  }
}
