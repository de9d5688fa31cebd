import { randomUUID } from 'node:crypto';
import { demoAggregationProfile, demoMetricProfile, generateHistory, generateTopology } from '@vigil/demo';
import type { EventStore } from '@vigil/event-store';
import type { NewEvent } from '@vigil/events';
import { loadTenantState, planImport, streamOf } from '@vigil/gocdb';
import { ProbeResultAppender, toProbeResult, type MetricData } from '@vigil/ingest';

export interface ReplayLogOptions {
  tenant: string;
  /** Hours of monitoring history ending at `end`. */
  hours: number;
  endpoints?: number;
  end?: number;
  seed?: number;
}

const MINUTE = 60_000;
/** Results appended per window, as ingest batches arrive; a clock tick per minute follows each window. */
const WINDOW = 10 * MINUTE;

/**
 * A deterministic log for replay tests, through the real write paths: the registry (NGIs, sites, services,
 * declared downtimes) as the GOCDB importer plans it, the demo's ARGO profiles, the demo history's probe
 * results in the ingest appender's sharded commits, metric-level StatusChanged events as a live status
 * projector appends them, and a ClockTicked per minute. Returns the number of events appended.
 */
export async function appendReplayLog(store: EventStore, o: ReplayLogOptions): Promise<number> {
  const end = o.end ?? Date.UTC(2026, 10, 1);
  const start = end - o.hours * 3_600_000;
  const topology = generateTopology({ seed: o.seed ?? 7, ngis: 3, sites: 12, endpoints: o.endpoints ?? 120 });
  const history = generateHistory(topology, { seed: o.seed ?? 7, start, end });
  const plan = planImport({ ...topology, serviceGroups: [], downtimes: history.downtimes }, await loadTenantState(store, { list: async () => [] }, o.tenant, []), start);
  for (const kind of ['ngi', 'site', 'service', 'serviceGroup', 'downtime'] as const) {
    await Promise.all(plan.appends.filter((a) => a.kind === kind).map((a) => store.append(streamOf(o.tenant, a.kind, a.key), a.events, 'no-stream')));
  }
  let events = plan.appends.reduce((n, a) => n + a.events.length, 0);
  for (const [id, type, profile] of [['metric-profile', 'MetricProfileSet', demoMetricProfile()], ['aggregation', 'AggregationProfileSet', demoAggregationProfile()]] as const) {
    await store.append({ tenant: o.tenant, category: 'profile', id }, [{ type, data: { name: profile.name, profile: JSON.stringify(profile), source: 'test' }, occurredAt: start }], 'any');
    events += 1;
  }
  const appender = new ProbeResultAppender(store);
  const changes = new StatusChanges(topology.sites.map((s) => [s.shortName, s.ngi]), topology.services.map((s) => [s.hostname, s.site]));
  let window: MetricData[] = [];
  let windowEnd = start + WINDOW;
  const flush = async () => {
    await appender.append(o.tenant, window.map((r) => toProbeResult(r, Date.parse(r.timestamp))));
    const taken = changes.take();
    if (taken.length > 0) await store.append({ tenant: o.tenant, category: 'status', id: 'shard-0' }, taken, 'any');
    for (let at = windowEnd - WINDOW + MINUTE; at <= windowEnd; at += MINUTE) await store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at }, occurredAt: at }], 'any');
    events += window.length + taken.length + WINDOW / MINUTE;
    window = [];
    windowEnd += WINDOW;
  };
  for (const r of history.results()) {
    while (Date.parse(r.timestamp) >= windowEnd) await flush();
    window.push(r);
    changes.see(r);
  }
  while (windowEnd <= end) await flush();
  return events;
}

/** Metric-level status changes of the results seen, as the live status projector would append them. */
class StatusChanges {
  private readonly last = new Map<string, string>();
  private readonly ngiOf: Map<string, string>;
  private readonly siteOf: Map<string, string>;
  private pending: NewEvent[] = [];

  constructor(sites: [string, string][], hosts: [string, string][]) {
    this.ngiOf = new Map(sites);
    this.siteOf = new Map(hosts);
  }

  see(r: MetricData): void {
    const key = `${r.hostname} ${r.service} ${r.metric}`;
    const previous = this.last.get(key) ?? 'MISSING';
    if (previous === r.status) return;
    this.last.set(key, r.status);
    const site = this.siteOf.get(r.hostname) ?? '';
    const since = Date.parse(r.timestamp);
    const data = { level: 'metric', supergroup: this.ngiOf.get(site) ?? '', endpointGroup: site, function: '', service: r.service, hostname: r.hostname, metric: r.metric, status: r.status, previousStatus: previous, since, triggerEventId: null };
    this.pending.push({ type: 'StatusChanged', data, eventId: randomUUID(), occurredAt: since });
  }

  take(): NewEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
