/**
 * A month of generated ARGO monitoring for the real EGI topology (../shared/fixtures/argo/egi):
 * every endpoint runs 5 metrics per service type, one result per metric per hour, with statuses
 * drawn from a seeded hash so any day can be generated alone (in a worker) and always the same.
 */
import path from 'node:path';
import { ArgoMonthRunner, readAggregation, readEndpoints, readGroups, readOperations, type ArgoMonthInputs } from '@vigil/argo';
import { ContinuousAr, DAY_MS, type ArgoEndpoint, type MetricProfile, type MetricResult, type StatusChangedData, type StatusLevel } from '@vigil/domain';
import { SeededRandom } from '@vigil/demo';
import type { BenchReport } from './bench-report';

export const EGI_DIR = path.resolve(__dirname, '../../../shared/fixtures/argo/egi');
export const METRICS_PER_TYPE = 5;
const STATUSES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

export const metricNames = (service: string): string[] => Array.from({ length: METRICS_PER_TYPE }, (_, i) => `${service}-probe-${i + 1}`);

/** The shared inputs of every day: EGI topology, ap1, the EGI operations profile and a generated metric profile. */
export async function egiMonthInputs(): Promise<ArgoMonthInputs> {
  const [operations, aggregation, endpoints, groups] = await Promise.all([
    readOperations(path.join(EGI_DIR, 'EGI-algorithm.json')),
    readAggregation(path.join(EGI_DIR, 'ap1.json')),
    readEndpoints(path.join(EGI_DIR, 'group_endpoints_v2.avro')),
    readGroups(path.join(EGI_DIR, 'group_groups_v2.avro')),
  ]);
  const services = aggregation.groups.flatMap((f) => f.services.map((s) => s.name));
  const metricProfile: MetricProfile = { services: services.map((service) => ({ service, metrics: metricNames(service) })) };
  return { operations, aggregation, metricProfile, endpoints, groups };
}

/** `count` consecutive dates from `first` (YYYY-MM-DD). */
export function datesFrom(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

export interface GeneratedDayOptions {
  seed: number;
  /** Only the first `endpoints` endpoints (small runs in tests); default all. */
  endpoints?: number;
}

/** Distinct endpoints (service, hostname) of the topology, in file order. */
let endpointCache: Promise<ArgoEndpoint[]> | undefined;
function egiEndpoints(): Promise<ArgoEndpoint[]> {
  endpointCache ??= readEndpoints(path.join(EGI_DIR, 'group_endpoints_v2.avro')).then((list) => {
    const seen = new Set<string>();
    return list.filter((e) => {
      const key = `${e.service}\u0000${e.hostname}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  });
  return endpointCache;
}

/** One day's results: for each endpoint and metric, 24 hourly results at a fixed minute and second of its own. */
export async function generateDay(date: string, o: GeneratedDayOptions): Promise<MetricResult[]> {
  const endpoints = (await egiEndpoints()).slice(0, o.endpoints);
  const dayIndex = Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  const stamps = new Array<string | undefined>(86_400);
  const stamp = (second: number) => (stamps[second] ??= new Date((dayIndex * 86_400 + second) * 1000).toISOString().slice(0, 19) + 'Z');
  const out: MetricResult[] = [];
  for (let ei = 0; ei < endpoints.length; ei++) {
    const { service, hostname } = endpoints[ei];
    const metrics = metricNames(service);
    for (let mi = 0; mi < metrics.length; mi++) {
      const series = ei * METRICS_PER_TYPE + mi;
      const offset = hash(o.seed, series, 0, 0) % 3600;
      // A few series are flaky: they change status far more often than the rest.
      const flaky = hash(o.seed, series, 0, 1) % 20 === 0;
      for (let hour = 0; hour < 24; hour++) {
        const status = statusOf(hash(o.seed, series, dayIndex, hour + 2), flaky);
        out.push({ timestamp: stamp(hour * 3600 + offset), service, hostname, metric: metrics[mi], status });
      }
    }
  }
  return out;
}

function statusOf(h: number, flaky: boolean): string {
  const x = h % 1000;
  const bad = flaky ? 400 : 40;
  if (x >= bad) return STATUSES[0];
  return STATUSES[1 + (x % 3)];
}

/** A 32-bit mix of the seed and three integers (stateless: any day is generated alone). */
function hash(seed: number, a: number, b: number, c: number): number {
  let h = mix((seed ^ 0x9e3779b9) >>> 0, a);
  h = mix(h, b);
  return mix(h, c) >>> 0;
}

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const days = new Map<string, Promise<MetricResult[]>>();

/**
 * The runner's day source (see ArgoDaySource): a day's results and the day before's. Keeps the
 * last generated days so consecutive days in one worker share the same arrays.
 */
export async function generatedArgoDay(date: string, o: GeneratedDayOptions): Promise<{ results: MetricResult[]; previous: MetricResult[] }> {
  const before = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const of = (d: string) => {
    const key = `${d} ${o.seed} ${o.endpoints}`;
    let p = days.get(key);
    if (!p) days.set(key, (p = generateDay(d, o)));
    return p;
  };
  const [previous, results] = await Promise.all([of(before), of(date)]);
  // Only the day just generated is needed again (as the next day's previous one).
  for (const key of days.keys()) if (!key.startsWith(date)) days.delete(key);
  return { results, previous };
}

const SEED = 20240301;
const FIRST_DAY = '2024-03-01';
const DAYS = Number(process.env.BENCH_AR_DAYS ?? 30);
const elapsed = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * ar.batch.month and ar.batch.rate: the month through ArgoMonthRunner (one worker per core). The
 * workers generate their days before the clock starts; the figure is the computation alone.
 */
export async function benchArBatch(report: BenchReport): Promise<void> {
  const dates = datesFrom(FIRST_DAY, DAYS);
  const runner = await ArgoMonthRunner.open({ inputs: await egiMonthInputs(), dates, source: { module: __filename, name: 'generatedArgoDay', options: { seed: SEED } } });
  try {
    const start = process.hrtime.bigint();
    const days = await runner.run();
    const wall = elapsed(start);
    if (days.length !== DAYS || days.some((d) => d.metrics.length === 0 || d.supergroups.length === 0)) throw new Error('ar.batch: a day came back without results');
    report.absolute('ar.batch.month', wall, 's', 'lower', 60);
    report.absolute('ar.batch.rate', runner.results / wall, 'results/s', 'higher');
    report.note(`ar.batch: ${DAYS} days × ${(runner.results / DAYS).toLocaleString('en')} results (${runner.results.toLocaleString('en')}), ${runner.workers} workers, ${days[0].metrics.length.toLocaleString('en')} metric items a day`);
  } finally {
    await runner.close();
  }
}

/** ar.continuous: the month's status changes of every A/R level folded into ContinuousAr, with a clock tick each minute. */
export async function benchArContinuous(report: BenchReport): Promise<void> {
  const from = Date.parse(`${FIRST_DAY}T00:00:00Z`);
  const until = from + DAYS * DAY_MS + 2 * 3_600_000;
  const changes = statusChanges(await egiMonthInputs(), from, DAYS, SEED);
  const ar = new ContinuousAr();
  let finalDays = 0;
  const start = process.hrtime.bigint();
  let next = 0;
  for (let t = from; t <= until; t += 60_000) {
    while (next < changes.length && changes[next].since <= t) ar.apply(changes[next++]);
    finalDays += ar.tick(t).days.length;
  }
  const wall = elapsed(start);
  if (finalDays !== DAYS) throw new Error(`ar.continuous: ${finalDays} final days, expected ${DAYS}`);
  report.absolute('ar.continuous', changes.length / wall, 'changes/s', 'higher');
  report.note(`ar.continuous: ${changes.length.toLocaleString('en')} status changes over ${DAYS} days, ${((until - from) / 60_000).toLocaleString('en')} ticks`);
}

const CHANGE_STATUSES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN', 'MISSING', 'DOWNTIME'];
const CHANGE_WEIGHTS = [50, 10, 15, 10, 5, 3];

/**
 * Status changes of the EGI tree above the metric level (endpoint, service, function, group,
 * supergroup): each item starts the month with a status, then changes in about one hour in five.
 */
export function statusChanges(inputs: ArgoMonthInputs, from: number, days: number, seed: number): StatusChangedData[] {
  const random = new SeededRandom(seed);
  const out: StatusChangedData[] = [];
  for (const keys of arItems(inputs)) {
    let status = '';
    const change = (since: number) => {
      const next = CHANGE_STATUSES[random.weighted(CHANGE_WEIGHTS)];
      if (next === status) return;
      out.push({ ...keys, metric: '', status: next, previousStatus: status, since, triggerEventId: null });
      status = next;
    };
    change(from);
    for (let hour = 0; hour < days * 24; hour++) if (random.chance(0.2)) change(from + hour * 3_600_000 + random.int(0, 3_599) * 1000);
  }
  return out.sort((a, b) => a.since - b.since);
}

type ArItem = Pick<StatusChangedData, 'level' | 'supergroup' | 'endpointGroup' | 'function' | 'service' | 'hostname'>;

/** Every A/R item of the topology under ap1, as the status projection names them. */
function arItems(inputs: ArgoMonthInputs): ArItem[] {
  const supergroupOf = new Map(inputs.groups.map((g) => [g.subgroup, g.group]));
  const functionOf = new Map(inputs.aggregation.groups.flatMap((f) => f.services.map((s) => [s.name, f.name] as const)));
  const items = new Map<string, ArItem>();
  const add = (level: StatusLevel, supergroup: string, endpointGroup = '', fn = '', service = '', hostname = '') =>
    items.set([level, supergroup, endpointGroup, fn, service, hostname].join('\u0000'), { level, supergroup, endpointGroup, function: fn, service, hostname });
  for (const e of inputs.endpoints) {
    const supergroup = supergroupOf.get(e.group);
    const fn = functionOf.get(e.service);
    if (!supergroup || !fn) continue;
    add('endpoint', supergroup, e.group, fn, e.service, e.hostname);
    add('service', supergroup, e.group, fn, e.service);
    add('function', supergroup, e.group, fn);
    add('group', supergroup, e.group);
    add('supergroup', supergroup);
  }
  return [...items.values()];
}
