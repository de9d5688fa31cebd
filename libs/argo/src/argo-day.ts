import {
  computeArgoDay,
  Operations,
  selectEndpoints,
  selectGroups,
  ThresholdRules,
  timestampOf,
  type ArgoDayResult,
  type ArgoDayStatistics,
  type ArgoTimeline,
  type ArFigures,
} from '@vigil/domain';
import {
  readAggregation,
  readDowntimes,
  readEndpoints,
  readGroups,
  readMetricData,
  readMetricProfile,
  readOperations,
  readRecomputations,
  readReport,
  readThresholds,
  readWeights,
} from './readers';

/** The files of one `vigil argo day` run. */
export interface ArgoDayFiles {
  metricData: string;
  previousDay: string;
  config: string;
  operations: string;
  aggregation: string;
  metricProfile: string;
  topologyEndpoints: string;
  topologyGroups: string;
  downtimes?: string;
  thresholds?: string;
  recomputations?: string;
  weights?: string;
}

export type Row = Record<string, string | number | null | object>;

/** Output file name → rows. */
export type ArgoDayOutput = Record<string, Row[]>;

/** Reads the files and computes the day (now: epoch seconds, to stop downtimes at the present). */
export async function runArgoDay(date: string, files: ArgoDayFiles, now?: number): Promise<ArgoDayOutput> {
  const opt = <T>(file: string | undefined, read: (f: string) => Promise<T>) => (file ? read(file) : Promise.resolve(undefined));
  const [report, opsProfile, aggregation, metricProfile, endpoints, groups, results, previous, downtimes, thresholds, recomputations, weights] =
    await Promise.all([
      readReport(files.config),
      readOperations(files.operations),
      readAggregation(files.aggregation),
      readMetricProfile(files.metricProfile),
      readEndpoints(files.topologyEndpoints),
      readGroups(files.topologyGroups),
      readMetricData(files.metricData),
      readMetricData(files.previousDay),
      opt(files.downtimes, readDowntimes),
      opt(files.thresholds, readThresholds),
      opt(files.recomputations, readRecomputations),
      opt(files.weights, readWeights),
    ]);
  const result = computeArgoDay({
    date,
    ops: new Operations(opsProfile),
    aggregation,
    metricProfile,
    endpoints: selectEndpoints(endpoints, report.filterTags, report.endpointGroupType),
    groups: selectGroups(groups, report.filterTags),
    results,
    previous,
    downtimes,
    thresholds: thresholds && new ThresholdRules(thresholds),
    recomputations,
    weights,
    now,
  });
  return formatDay(date, new Operations(opsProfile).states, result);
}

/** The output contract: status, statistics and A/R rows per level. */
export function formatDay(date: string, states: readonly string[], r: ArgoDayResult): ArgoDayOutput {
  const metricKeys = (m: ArgoDayResult['metrics'][number]) => ({ group: m.group, service: m.service, hostname: m.hostname, metric: m.metric });
  const endpointKeys = (e: ArgoDayResult['endpoints'][number]) => ({ group: e.group, service: e.service ?? '', hostname: e.hostname ?? '' });
  const serviceKeys = (s: ArgoDayResult['services'][number]) => ({ group: s.group, service: s.service ?? '' });
  const groupKeys = (g: ArgoDayResult['groups'][number]) => ({ group: g.group });
  return {
    'status_metric.json': r.metrics.flatMap((m) => statusRows(date, states, { group: m.group, function: m.function, service: m.service, hostname: m.hostname, metric: m.metric }, m.timeline)),
    'status_endpoint.json': r.endpoints.flatMap((e) => statusRows(date, states, { group: e.group, function: e.function ?? '', service: e.service ?? '', hostname: e.hostname ?? '' }, e.timeline)),
    'status_service.json': r.services.flatMap((s) => statusRows(date, states, { group: s.group, function: s.function ?? '', service: s.service ?? '' }, s.timeline)),
    'status_group.json': r.groups.flatMap((g) => statusRows(date, states, { group: g.group }, g.timeline)),
    'statistics_metric.json': r.metrics.map((m) => statisticsRow(states, metricKeys(m), m.stats)),
    'statistics_endpoint.json': r.endpoints.map((e) => statisticsRow(states, endpointKeys(e), e.stats)),
    'statistics_service.json': r.services.map((s) => statisticsRow(states, serviceKeys(s), s.stats)),
    'statistics_group.json': r.groups.map((g) => statisticsRow(states, groupKeys(g), g.stats)),
    'ar_endpoint.json': r.endpoints.map((e) => arRow(endpointKeys(e), e.ar)),
    'ar_service.json': r.services.map((s) => arRow(serviceKeys(s), s.ar)),
    'ar_group.json': r.groups.map((g) => arRow({ ...groupKeys(g), supergroup: g.supergroup }, g.ar)),
    'ar_supergroup.json': r.supergroups.map((s) => ({ ...s })),
  };
}

function statusRows(date: string, states: readonly string[], keys: Row, tl: ArgoTimeline): Row[] {
  return tl.t.map((t, i) => {
    const row: Row = { ...keys, status: states[tl.s[i]], timestamp: timestampOf(date, t) };
    const mark = tl.marks?.[i];
    if (mark) Object.assign(row, { rule_applied: mark.ruleApplied, actual_data: mark.actualData, ogstatus: mark.ogStatus });
    return row;
  });
}

function statisticsRow(states: readonly string[], keys: Row, stats: ArgoDayStatistics): Row {
  return {
    ...keys,
    flipflops: stats.flipflops,
    statistics: stats.statistics.map((s) => ({ status: states[s.status], duration: s.duration, freq: s.freq })),
  };
}

function arRow(keys: Row, ar: ArFigures): Row {
  return { ...keys, availability: ar.availability, reliability: ar.reliability, up: ar.up, unknown: ar.unknown, down: ar.down };
}
