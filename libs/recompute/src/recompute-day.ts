import {
  aggregateTimelines,
  computeArgoDay,
  dayStatistics,
  Operations,
  statusSecondsAr,
  ThresholdRules,
  type ArFigures,
  type ArgoDayResult,
  type ArgoDayStatistics,
  type ArgoDowntime,
  type ArgoEndpoint,
  type ArgoGroup,
  type ArgoTimeline,
  type Recomputation,
} from '@vigil/domain';
import type { ArDailyRow, FlappingRow, StatusStatisticsRow } from '@vigil/projections';
import type { DayBasis } from './day-history';

/** One day's replacement rows: ar_daily, status_statistics_daily and flapping_daily. */
export interface DayRows {
  daily: ArDailyRow[];
  statistics: StatusStatisticsRow[];
  flapping: FlappingRow[];
}

/**
 * Recomputed rows outrank every live row (positions are sequence × 10,000 + index, far below) and
 * among themselves the later trigger wins. Still below 2^53, so exact as a JSON number.
 */
export const RECOMPUTED_POSITION_BASE = 4_000_000_000_000_000;

/** ARGO's batch day over a rebuilt basis, with the recomputations in force, as read-model rows. */
export function recomputeDay(tenant: string, basis: DayBasis, recomputations: readonly Recomputation[], position: number): DayRows {
  const ops = new Operations(basis.profiles.operations);
  const { endpoints, groups } = argoTopology(basis);
  const result = computeArgoDay({
    date: basis.day,
    ops,
    aggregation: basis.profiles.aggregation,
    metricProfile: basis.profiles.metricProfile,
    endpoints,
    groups,
    results: basis.results,
    previous: basis.previous,
    downtimes: argoDowntimes(basis),
    thresholds: basis.profiles.thresholds.length > 0 ? new ThresholdRules(basis.profiles.thresholds) : undefined,
    recomputations,
    weights: basis.weights,
  });
  return dayRows(tenant, basis, ops, result, position);
}

/** Registry topology in ARGO's terms, as the status projection places it (monitored endpoints only). */
export function argoTopology(basis: DayBasis): { endpoints: ArgoEndpoint[]; groups: ArgoGroup[] } {
  const t = basis.topology;
  const services = new Map(t.services);
  const endpoints: ArgoEndpoint[] = [];
  const groups = new Map<string, ArgoGroup>();
  const tags = (s: { monitored: boolean; production: boolean }) => ({ monitored: s.monitored ? '1' : '0', production: s.production ? '1' : '0' });
  if ((t.groupType ?? 'sites') === 'sites') {
    const ngiOf = new Map(t.sites);
    for (const s of services.values()) {
      if (!s.monitored) continue;
      endpoints.push({ group: s.site, type: 'SITES', service: s.serviceType, hostname: s.hostname, tags: tags(s) });
      groups.set(s.site, { group: ngiOf.get(s.site) ?? '', type: 'NGI', subgroup: s.site });
    }
  } else {
    for (const [name, g] of t.serviceGroups ?? []) {
      for (const id of g.services) {
        const s = services.get(id);
        if (!s || !s.monitored || !g.monitored) continue;
        endpoints.push({ group: name, type: 'SERVICEGROUPS', service: s.serviceType, hostname: s.hostname, tags: tags(s) });
        groups.set(name, { group: '', type: 'PROJECT', subgroup: name });
      }
    }
  }
  return { endpoints, groups: [...groups.values()] };
}

/** Scheduled outages only, as the status engine (and ARGO) count them. */
function argoDowntimes(basis: DayBasis): ArgoDowntime[] {
  const services = new Map(basis.topology.services);
  const out: ArgoDowntime[] = [];
  for (const [, d] of basis.topology.downtimes) {
    if (d.data.severity !== 'OUTAGE' || d.data.classification !== 'SCHEDULED') continue;
    for (const id of d.services) {
      const s = services.get(id);
      if (s) out.push({ hostname: s.hostname, service: s.serviceType, start_time: new Date(d.data.start).toISOString(), end_time: new Date(d.data.end).toISOString() });
    }
  }
  return out;
}

interface Keys {
  supergroup: string;
  endpoint_group: string;
  function: string;
  service: string;
  hostname: string;
}

function dayRows(tenant: string, basis: DayBasis, ops: Operations, r: ArgoDayResult, position: number): DayRows {
  const rows: DayRows = { daily: [], statistics: [], flapping: [] };
  const day = basis.day;
  const supergroupOf = new Map(r.groups.map((g) => [g.group, g.supergroup]));
  const add = (level: string, keys: Keys, stats: ArgoDayStatistics, ar?: ArFigures) => {
    const base = { tenant, level, ...keys, day, final: 1, position };
    if (ar) rows.daily.push({ ...base, ...ar });
    for (const s of stats.statistics) rows.statistics.push({ ...base, status: ops.name(s.status), minutes: s.duration, freq: s.freq });
    rows.flapping.push({ ...base, flipflops: stats.flipflops });
  };
  const sg = (group: string) => supergroupOf.get(group) ?? '';
  for (const e of r.endpoints) add('endpoint', { supergroup: sg(e.group), endpoint_group: e.group, function: e.function ?? '', service: e.service ?? '', hostname: e.hostname ?? '' }, e.stats, e.ar);
  for (const s of r.services) add('service', { supergroup: sg(s.group), endpoint_group: s.group, function: s.function ?? '', service: s.service ?? '', hostname: '' }, s.stats, s.ar);
  for (const f of functionTimelines(basis, ops, r)) add('function', { supergroup: sg(f.group), endpoint_group: f.group, function: f.name, service: '', hostname: '' }, f.stats, statusSecondsAr(ops, f.stats.seconds));
  for (const g of r.groups) add('group', { supergroup: g.supergroup, endpoint_group: g.group, function: '', service: '', hostname: '' }, g.stats, g.ar);
  const n = ops.states.length;
  for (const s of r.supergroups) {
    const members = r.groups.filter((g) => g.supergroup === s.supergroup).map((g) => g.timeline);
    const stats = dayStatistics(aggregateTimelines(members, ops, basis.profiles.aggregation.profile_operation), n);
    const figures = { availability: s.availability ?? -1, reliability: s.reliability ?? -1, up: s.up ?? -1, unknown: s.unknown ?? -1, down: s.down ?? -1 };
    add('supergroup', { supergroup: s.supergroup, endpoint_group: '', function: '', service: '', hostname: '' }, stats, figures);
  }
  return rows;
}

/** The function level (not in the batch result): services of one aggregation group within an endpoint group. */
function functionTimelines(basis: DayBasis, ops: Operations, r: ArgoDayResult): { group: string; name: string; stats: ArgoDayStatistics }[] {
  const out: { group: string; name: string; stats: ArgoDayStatistics }[] = [];
  const groups = [...new Set(r.services.map((s) => s.group))];
  for (const group of groups) {
    const services = r.services.filter((s) => s.group === group);
    for (const f of basis.profiles.aggregation.groups) {
      const names = new Set(f.services.map((s) => s.name));
      const members: ArgoTimeline[] = services.filter((s) => names.has(s.service ?? '')).map((s) => s.timeline);
      if (members.length > 0) out.push({ group, name: f.name, stats: dayStatistics(aggregateTimelines(members, ops, f.operation), ops.states.length) });
    }
  }
  return out;
}
