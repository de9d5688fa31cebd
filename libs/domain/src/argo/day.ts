import { statusSecondsAr, supergroupFigures, type ArFigures, type SupergroupFigures } from './ar';
import type { AggregationProfile, ArgoDowntime, MetricProfile, MetricResult, Recomputation, StatusChange, ArgoEndpoint, ArgoGroup } from './model';
import type { Operations, StatusId } from './operations';
import { dayStatistics, type ArgoDayStatistics } from './statistics';
import type { ThresholdRules } from './threshold-rule';
import { aggregateTimelines, collapseTimeline, DAY_SECONDS, fillTimelinePeriod, timelineFromSamples, type ThresholdMark, type ArgoTimeline } from './timeline';
import { utcDayStart, periodInDay, TimestampSeconds } from './time';

/** Everything one day's computation reads, already parsed and topology-filtered. */
export interface ArgoDayInput {
  date: string;
  ops: Operations;
  aggregation: AggregationProfile;
  metricProfile: MetricProfile;
  endpoints: readonly ArgoEndpoint[];
  groups: readonly ArgoGroup[];
  results: readonly MetricResult[];
  previous: readonly MetricResult[];
  downtimes?: readonly ArgoDowntime[];
  thresholds?: ThresholdRules;
  recomputations?: readonly Recomputation[];
  /** Endpoint group → weight (e.g. HEPSPEC); absent means 0. */
  weights?: ReadonlyMap<string, number>;
  /** `service\u0000metric` pairs newly added to the profile: they start UNKNOWN, not MISSING. */
  newMetrics?: ReadonlySet<string>;
  /** Epoch seconds: downtimes are not filled beyond it. */
  now?: number;
}

export interface ArgoMetricItem {
  group: string;
  function: string;
  service: string;
  hostname: string;
  metric: string;
  /** Every result of the day (the first at 00:00:00), not collapsed. */
  timeline: ArgoTimeline;
  stats: ArgoDayStatistics;
}

export interface ArgoLevelItem {
  group: string;
  function?: string;
  service?: string;
  hostname?: string;
  timeline: ArgoTimeline;
  stats: ArgoDayStatistics;
  ar: ArFigures;
}

export interface SupergroupAr extends SupergroupFigures {
  supergroup: string;
}

export interface ArgoDayResult {
  metrics: ArgoMetricItem[];
  endpoints: ArgoLevelItem[];
  services: ArgoLevelItem[];
  groups: (ArgoLevelItem & { supergroup: string })[];
  supergroups: SupergroupAr[];
}

const SEP = '\u0000';

interface Building {
  group: string;
  service: string;
  hostname: string;
  metric: string;
  start: StatusId;
  times: number[];
  statuses: StatusId[];
  /** Only once some result has a mark (parallel to `times` from then on). */
  marks?: (ThresholdMark | undefined)[];
}

interface Judgement {
  status: StatusId;
  mark?: ThresholdMark;
}

/** The items of one (service, hostname, metric): one per endpoint group, in the topology's order. */
type Series = Building[];

/** service → hostname → metric → series: results find their items without building string keys. */
type SeriesIndex = Map<string, Map<string, Map<string, Series>>>;

/** ARGO's batch day: metric → endpoint → service → function → endpoint group → supergroup. */
export function computeArgoDay(input: ArgoDayInput): ArgoDayResult {
  const ctx = new DayContext(input);
  const items = ctx.expectedItems();
  const index = seriesIndex(items);
  ctx.carryPreviousDay(index);
  ctx.addTodaysResults(index);
  const metrics = ctx.metricTimelines(items);
  const endpoints = ctx.endpointTimelines(metrics);
  const services = ctx.serviceTimelines(endpoints);
  const groups = ctx.groupTimelines(services);
  return { metrics, endpoints, services, groups, supergroups: ctx.supergroups(groups) };
}

class DayContext {
  readonly start: number;
  private readonly ops: Operations;
  private readonly seconds = new TimestampSeconds();
  private readonly groupsOf = new Map<string, string[]>();
  private readonly supergroupOf = new Map<string, string>();
  private readonly functionsOf = new Map<string, { name: string; operation: string }[]>();
  private readonly serviceOp = new Map<string, string>();
  private readonly functionOp = new Map<string, string>();
  private readonly metricsOf = new Map<string, Set<string>>();
  /** Status name → its judgement without thresholds (shared: never mutated). */
  private readonly plainJudgement: Map<string, Judgement>;

  constructor(private readonly input: ArgoDayInput) {
    this.ops = input.ops;
    this.start = utcDayStart(input.date);
    this.plainJudgement = new Map(this.ops.states.map((name, status) => [name, { status }]));
    for (const g of input.groups) if (!this.supergroupOf.has(g.subgroup)) this.supergroupOf.set(g.subgroup, g.group);
    for (const f of input.aggregation.groups) {
      this.functionOp.set(f.name, f.operation);
      for (const s of f.services) {
        this.serviceOp.set(s.name, s.operation);
        this.functionsOf.set(s.name, [...(this.functionsOf.get(s.name) ?? []), f]);
      }
    }
    for (const s of input.metricProfile.services) {
      if (!this.serviceOp.has(s.service)) continue;
      this.metricsOf.set(s.service, new Set([...(this.metricsOf.get(s.service) ?? []), ...s.metrics]));
    }
    const restrictGroups = input.groups.length > 0;
    for (const e of input.endpoints) {
      if (restrictGroups && !this.supergroupOf.has(e.group)) continue;
      const key = e.service + SEP + e.hostname;
      const list = this.groupsOf.get(key) ?? [];
      if (!list.includes(e.group)) list.push(e.group);
      this.groupsOf.set(key, list);
    }
  }

  /** One item per (group, service, hostname, metric) the topology and metric profile expect. */
  expectedItems(): Map<string, Building> {
    const items = new Map<string, Building>();
    for (const [key, groups] of this.groupsOf) {
      const [service, hostname] = key.split(SEP);
      for (const metric of this.metricsOf.get(service) ?? []) {
        const isNew = this.input.newMetrics?.has(service + SEP + metric) ?? false;
        const start = isNew ? this.ops.unknown : this.ops.missing;
        for (const group of groups) {
          items.set(itemKey(group, service, hostname, metric), { group, service, hostname, metric, start, times: [], statuses: [] });
        }
      }
    }
    return items;
  }

  /** Yesterday's last result of each metric becomes its status at 00:00:00. */
  carryPreviousDay(index: SeriesIndex): void {
    const last = new Map<Series, { r: MetricResult; at: number }>();
    for (const r of this.input.previous) {
      const series = seriesOf(index, r);
      if (!series || this.monitoringSourceExcluded(r)) continue;
      const at = this.seconds.of(r.timestamp);
      const seen = last.get(series);
      if (!seen || at >= seen.at) last.set(series, { r, at });
    }
    for (const [series, { r }] of last) {
      for (const item of series) {
        const judged = this.judge(item.group, r);
        if (judged) item.start = judged.status;
      }
    }
  }

  addTodaysResults(index: SeriesIndex): void {
    const results = this.input.results;
    const { series, seriesOfResult, at } = this.todaysSeries(index);
    // Counting sort by second of the day: the same order as a stable sort by time.
    const perSecond = new Int32Array(DAY_SECONDS + 1);
    for (let i = 0; i < results.length; i++) if (seriesOfResult[i] >= 0) perSecond[at[i] + 1]++;
    for (let sec = 1; sec <= DAY_SECONDS; sec++) perSecond[sec] += perSecond[sec - 1];
    const order = new Int32Array(perSecond[DAY_SECONDS]);
    for (let i = 0; i < results.length; i++) if (seriesOfResult[i] >= 0) order[perSecond[at[i]]++] = i;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const r = results[i];
      if (this.monitoringSourceExcluded(r)) continue;
      // Threshold rules may differ per group; without them every group judges a result alike.
      const perGroup = this.input.thresholds !== undefined && !!r.actualData;
      const plain = perGroup ? undefined : this.plainJudgement.get(r.status);
      if (!perGroup && !plain) continue;
      for (const item of series[seriesOfResult[i]]) {
        const judged = plain ?? this.judge(item.group, r);
        if (judged) addSample(item, at[i], judged.status, judged.mark);
      }
    }
  }

  /**
   * Each of today's results' second of the day and series (-1: another day, or nothing expects
   * it), in file order, where results of one series often follow each other.
   */
  private todaysSeries(index: SeriesIndex): { series: Series[]; seriesOfResult: Int32Array; at: Int32Array } {
    const results = this.input.results;
    const at = new Int32Array(results.length);
    const seriesOfResult = new Int32Array(results.length);
    const series: Series[] = [];
    const numbers = new Map<Series, number>();
    let last: MetricResult | undefined;
    let lastNumber = -1;
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      // Every timestamp is parsed: a malformed one fails the day even where nothing expects it.
      const second = this.seconds.of(r.timestamp) - this.start;
      if (!last || r.metric !== last.metric || r.hostname !== last.hostname || r.service !== last.service) {
        const found = seriesOf(index, r);
        lastNumber = found ? (numbers.get(found) ?? numbers.set(found, series.push(found) - 1).get(found)!) : -1;
        last = r;
      }
      const inDay = second >= 0 && second < DAY_SECONDS;
      at[i] = inDay ? second : 0;
      seriesOfResult[i] = inDay ? lastNumber : -1;
    }
    return { series, seriesOfResult, at };
  }

  metricTimelines(items: Map<string, Building>): ArgoMetricItem[] {
    const out: ArgoMetricItem[] = [];
    const n = this.ops.states.length;
    for (const b of items.values()) {
      let tl = timelineFromSamples(b.start, b.times, b.statuses, b.marks);
      tl = this.excludeMetrics(tl, pick(b));
      tl = this.applyChanges(tl, b, 'metric');
      out.push({ ...pick(b), function: this.functionName(b.service), timeline: tl, stats: dayStatistics(tl, n, true) });
    }
    return out;
  }

  endpointTimelines(metrics: ArgoMetricItem[]): ArgoLevelItem[] {
    const byEndpoint = groupBy(metrics, (m) => m.group + SEP + m.service + SEP + m.hostname);
    const out: ArgoLevelItem[] = [];
    for (const list of byEndpoint.values()) {
      const first = list[0];
      let tl = aggregateTimelines(list.map((m) => collapseTimeline(m.timeline)), this.ops, this.input.aggregation.metric_operation);
      tl = this.applyDowntimes(tl, first.hostname, first.service);
      const keys = { group: first.group, function: first.function, service: first.service, hostname: first.hostname };
      tl = this.applyChanges(tl, keys, 'endpoint');
      out.push(this.level(keys, tl));
    }
    return out;
  }

  serviceTimelines(endpoints: ArgoLevelItem[]): ArgoLevelItem[] {
    const byService = groupBy(endpoints, (e) => e.group + SEP + e.service);
    const out: ArgoLevelItem[] = [];
    for (const list of byService.values()) {
      const first = list[0];
      const service = first.service as string;
      let tl = aggregateTimelines(list.map((e) => e.timeline), this.ops, this.serviceOp.get(service) as string);
      const keys = { group: first.group, function: first.function, service };
      tl = this.applyChanges(tl, keys, 'service');
      out.push(this.level(keys, tl));
    }
    return out;
  }

  /** Functions with at least one service in the group, combined with `profile_operation`. */
  groupTimelines(services: ArgoLevelItem[]): (ArgoLevelItem & { supergroup: string })[] {
    const out: (ArgoLevelItem & { supergroup: string })[] = [];
    for (const [group, list] of groupBy(services, (s) => s.group)) {
      const functions: ArgoTimeline[] = [];
      for (const f of this.input.aggregation.groups) {
        const members = list.filter((s) => (this.functionsOf.get(s.service as string) ?? []).some((x) => x.name === f.name));
        if (members.length > 0) functions.push(aggregateTimelines(members.map((s) => s.timeline), this.ops, f.operation));
      }
      let tl = aggregateTimelines(functions, this.ops, this.input.aggregation.profile_operation);
      tl = this.applyChanges(tl, { group }, 'group');
      const item = this.level({ group }, tl);
      item.ar = this.groupAr(group, tl);
      out.push({ ...item, supergroup: this.supergroupOf.get(group) ?? '' });
    }
    return out;
  }

  supergroups(groups: (ArgoLevelItem & { supergroup: string })[]): SupergroupAr[] {
    const out: SupergroupAr[] = [];
    for (const [supergroup, list] of groupBy(groups, (g) => g.supergroup)) {
      if (!supergroup) continue;
      out.push({ supergroup, ...supergroupFigures(list.map((g) => ({ ar: g.ar, weight: this.input.weights?.get(g.group) ?? 0 }))) });
    }
    return out;
  }

  private level(keys: Omit<ArgoLevelItem, 'timeline' | 'stats' | 'ar'>, tl: ArgoTimeline): ArgoLevelItem {
    const stats = dayStatistics(tl, this.ops.states.length);
    return { ...keys, timeline: tl, stats, ar: this.ar(stats) };
  }

  private ar(stats: ArgoDayStatistics): ArFigures {
    return statusSecondsAr(this.ops, stats.seconds);
  }

  /** Excluded groups count as unknown in their period, for A/R only (as ARGO does). */
  private groupAr(group: string, tl: ArgoTimeline): ArFigures {
    let excluded = tl;
    for (const rec of this.input.recomputations ?? []) {
      if (!rec.exclude?.includes(group) || !this.coversDate(rec)) continue;
      const [from, to] = periodInDay(this.seconds, this.start, rec.start_time, rec.end_time);
      excluded = fillTimelinePeriod(excluded, from, to, this.ops.unknown, 60);
    }
    return excluded === tl ? this.ar(dayStatistics(tl, this.ops.states.length)) : this.ar(dayStatistics(excluded, this.ops.states.length));
  }

  private applyDowntimes(tl: ArgoTimeline, hostname: string, service: string): ArgoTimeline {
    let out = tl;
    for (const d of this.downtimesOf().get(service + SEP + hostname) ?? []) {
      let [from, to] = periodInDay(this.seconds, this.start, d.start_time, d.end_time);
      if (this.input.now !== undefined) to = Math.min(to, this.input.now - this.start);
      out = fillTimelinePeriod(out, from, to, this.ops.down, 60);
    }
    return out;
  }

  private downtimeIndex?: Map<string, ArgoDowntime[]>;
  private downtimesOf(): Map<string, ArgoDowntime[]> {
    this.downtimeIndex ??= groupBy(this.input.downtimes ?? [], (d) => d.service + SEP + d.hostname);
    return this.downtimeIndex;
  }

  /** Matching metrics read EXCLUDED over the period; their status resumes a second after it. */
  private excludeMetrics(tl: ArgoTimeline, b: ReturnType<typeof pick>): ArgoTimeline {
    let out = tl;
    for (const rec of this.input.recomputations ?? []) {
      for (const ex of rec.exclude_metrics ?? []) {
        if (!matches(ex, b)) continue;
        const [from, to] = periodInDay(this.seconds, this.start, rec.start_time, rec.end_time);
        out = fillTimelinePeriod(out, from, to, this.ops.excluded, 1, false);
      }
    }
    return out;
  }

  /** `applied_status_changes` force a state at the most specific level they name. */
  private applyChanges(tl: ArgoTimeline, keys: Partial<Record<'group' | 'service' | 'hostname' | 'metric', string>>, level: string): ArgoTimeline {
    let out = tl;
    for (const rec of this.input.recomputations ?? []) {
      for (const ch of rec.applied_status_changes ?? []) {
        if (changeLevel(ch) !== level || !matches(ch, keys) || !this.ops.has(ch.status)) continue;
        const [from, to] = periodInDay(this.seconds, this.start, ch.start_time ?? rec.start_time, ch.end_time ?? rec.end_time);
        out = fillTimelinePeriod(out, from, to, this.ops.id(ch.status), 1, level !== 'metric');
      }
    }
    return out;
  }

  private coversDate(rec: Recomputation): boolean {
    return rec.start_time.slice(0, 10) <= this.input.date && this.input.date <= rec.end_time.slice(0, 10);
  }

  private monitoringSourceExcluded(r: MetricResult): boolean {
    if (!r.monitoringHost) return false;
    for (const rec of this.input.recomputations ?? []) {
      for (const m of rec.exclude_monitoring_source ?? []) {
        if (m.host !== r.monitoringHost) continue;
        const t = this.seconds.of(r.timestamp);
        if (t >= this.seconds.of(m.start_time) && t <= this.seconds.of(m.end_time)) return true;
      }
    }
    return false;
  }

  /** The result's status after thresholds; undefined for a status the profile does not know. */
  private judge(group: string, r: MetricResult): Judgement | undefined {
    const plain = this.plainJudgement.get(r.status);
    if (!plain) return undefined;
    const thresholds = this.input.thresholds;
    if (!thresholds || !r.actualData) return plain;
    const outcome = thresholds.evaluate(group, r.hostname, r.metric, r.actualData, (a, b) =>
      this.ops.name(this.ops.combine('AND', this.ops.id(a), this.ops.id(b))),
    );
    if (!outcome || !this.ops.has(outcome.status)) return { status: this.ops.id(r.status) };
    return {
      status: this.ops.id(outcome.status),
      mark: { ruleApplied: outcome.ruleApplied, actualData: r.actualData, ogStatus: r.status },
    };
  }

  private functionName(service: string): string {
    return this.functionsOf.get(service)?.[0]?.name ?? '';
  }
}

function changeLevel(ch: StatusChange): string {
  if (ch.metric) return 'metric';
  if (ch.hostname) return 'endpoint';
  if (ch.service) return 'service';
  return 'group';
}

function matches(filter: Partial<Record<'group' | 'service' | 'hostname' | 'metric', string | undefined>>, keys: Partial<Record<string, string>>): boolean {
  for (const field of ['group', 'service', 'hostname', 'metric'] as const) {
    const want = filter[field];
    if (want !== undefined && want !== null && want !== keys[field]) return false;
  }
  return true;
}

function seriesIndex(items: Map<string, Building>): SeriesIndex {
  const index: SeriesIndex = new Map();
  for (const b of items.values()) {
    let hosts = index.get(b.service);
    if (!hosts) index.set(b.service, (hosts = new Map()));
    let metrics = hosts.get(b.hostname);
    if (!metrics) hosts.set(b.hostname, (metrics = new Map()));
    const series = metrics.get(b.metric);
    if (series) series.push(b);
    else metrics.set(b.metric, [b]);
  }
  return index;
}

function seriesOf(index: SeriesIndex, r: MetricResult): Series | undefined {
  return index.get(r.service)?.get(r.hostname)?.get(r.metric);
}

function addSample(b: Building, at: number, status: StatusId, mark: ThresholdMark | undefined): void {
  if (mark && !b.marks) b.marks = new Array<ThresholdMark | undefined>(b.times.length).fill(undefined);
  b.times.push(at);
  b.statuses.push(status);
  b.marks?.push(mark);
}

function itemKey(group: string, service: string, hostname: string, metric: string): string {
  return group + SEP + service + SEP + hostname + SEP + metric;
}

function pick(b: Building) {
  return { group: b.group, service: b.service, hostname: b.hostname, metric: b.metric };
}

function groupBy<T>(list: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const bucket = out.get(k);
    if (bucket) bucket.push(x);
    else out.set(k, [x]);
  }
  return out;
}
