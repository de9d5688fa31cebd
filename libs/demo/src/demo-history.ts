import type { GocdbDowntime, GocdbService } from '@vigil/gocdb';
import type { MetricData } from '@vigil/ingest';
import type { DemoTopology } from './demo-topology';
import { DEMO_SERVICE_TYPES, metricsOf } from './demo-service-types';
import { SeededRandom } from './seeded-random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** ARGO probe periods: each metric runs every 5 to 60 minutes. */
export const PROBE_INTERVALS_MIN = [5, 10, 15, 20, 30, 60] as const;
/** The health models move in steps of this length. */
const STEP = 15 * MINUTE;
export const DEMO_MONITORING_HOST = 'argo-mon.demo.egi.eu';

export interface HistoryOptions {
  seed: number;
  /** Epoch ms: results from here (inclusive)... */
  start: number;
  /** ...to here (exclusive). */
  end: number;
  /** Metrics per service type (default: each type's real probes). */
  metricsPerType?: number;
  /** Services whose results flip at random (default: one per 400 endpoints, at least one). */
  flapping?: number;
}

export interface DemoHistory {
  downtimes: GocdbDowntime[];
  /** Hostnames of the flapping services. */
  flapping: string[];
  /** Exactly how many records `results()` yields. */
  total: number;
  /** Probe results in timestamp order (ARGO's record shape), generated lazily. */
  results(): Generator<MetricData>;
}

interface Series {
  service: number;
  metric: string;
  interval: number;
  next: number;
}

/** A two- or three-state Markov chain advanced lazily, one transition draw per step. */
interface Chain {
  state: number;
  step: number;
}

// Per 15-minute step. Site: 0 up, 1 outage (about one a week, ~2 h). Host: 0 up, 1 degraded, 2 down.
const SITE_CHAIN = [
  [0.9985, 0.0015],
  [0.12, 0.88],
];
const HOST_CHAIN = [
  [0.994, 0.004, 0.002],
  [0.15, 0.8, 0.05],
  [0.08, 0, 0.92],
];

const SUMMARIES: Record<string, string> = {
  OK: 'OK - all checks passed',
  WARNING: 'WARNING - response time above threshold',
  CRITICAL: 'CRITICAL - connection refused',
  UNKNOWN: 'UNKNOWN - probe timed out',
};

/**
 * A realistic monitoring history of a topology: per metric a probe every 5–60 minutes; failures
 * clustered in time and space (site outages take every host down, hosts degrade and fail through a
 * Markov chain, so a failure is mostly followed by failures); a few flapping services; declared
 * downtimes (past, ongoing and upcoming), during which an outage's services mostly fail.
 * Deterministic for a seed and the same options.
 */
export function generateHistory(topology: DemoTopology, o: HistoryOptions): DemoHistory {
  if (!(o.start < o.end)) throw new RangeError('history start must be before its end');
  const services = topology.services;
  const root = new SeededRandom(o.seed);
  const downtimes = generateDowntimes(root.fork('downtimes'), topology, o);
  const flappingCount = Math.min(services.length, o.flapping ?? Math.max(1, Math.round(services.length / 400)));
  const pickFlapping = root.fork('flapping');
  const flapping = new Set<number>();
  while (flapping.size < flappingCount) flapping.add(pickFlapping.int(0, services.length - 1));
  const series = buildSeries(root.fork('series'), services, o);
  const total = series.reduce((n, s) => n + (s.next < o.end ? Math.ceil((o.end - s.next) / s.interval) : 0), 0);
  return {
    downtimes,
    flapping: [...flapping].map((i) => services[i].hostname),
    total,
    results: () => replay(root.fork('results'), topology, series.map((s) => ({ ...s })), downtimes, flapping, o),
  };
}

function buildSeries(rnd: SeededRandom, services: GocdbService[], o: HistoryOptions): Series[] {
  const types = new Map(DEMO_SERVICE_TYPES.map((t) => [t.name, t]));
  // A metric's period is ARGO's per metric (the same on every host); its phase differs per host.
  const intervals = new Map<string, number>();
  const series: Series[] = [];
  services.forEach((s, service) => {
    const type = types.get(s.serviceType);
    if (!type) return;
    for (const metric of metricsOf(type, o.metricsPerType)) {
      const key = `${type.name}/${metric}`;
      if (!intervals.has(key)) intervals.set(key, rnd.pick(PROBE_INTERVALS_MIN) * MINUTE);
      const interval = intervals.get(key)!;
      series.push({ service, metric, interval, next: o.start + Math.floor(rnd.next() * (interval / 1000)) * 1000 });
    }
  });
  return series;
}

function* replay(rnd: SeededRandom, topology: DemoTopology, series: Series[], downtimes: GocdbDowntime[], flapping: Set<number>, o: HistoryOptions): Generator<MetricData> {
  const services = topology.services;
  const siteIndex = new Map(topology.sites.map((s, i) => [s.shortName, i]));
  const siteOf = services.map((s) => siteIndex.get(s.site)!);
  const sites: Chain[] = topology.sites.map(() => ({ state: 0, step: 0 }));
  const hosts: Chain[] = services.map(() => ({ state: 0, step: 0 }));
  const outages = outagesByService(services, downtimes);
  // A calendar of one-minute buckets: each series waits in the bucket of its next run.
  const buckets: Series[][] = Array.from({ length: Math.ceil((o.end - o.start) / MINUTE) }, () => []);
  for (const s of series) if (s.next < o.end) buckets[Math.floor((s.next - o.start) / MINUTE)].push(s);
  for (let b = 0; b < buckets.length; b++) {
    const due = buckets[b];
    buckets[b] = [];
    due.sort((x, y) => x.next - y.next || x.service - y.service || (x.metric < y.metric ? -1 : 1));
    for (const s of due) {
      const at = s.next;
      const step = Math.floor((at - o.start) / STEP);
      const site = advance(rnd, sites[siteOf[s.service]], step, SITE_CHAIN);
      const host = advance(rnd, hosts[s.service], step, HOST_CHAIN);
      const status = flapping.has(s.service) ? (rnd.chance(0.5) ? 'CRITICAL' : 'OK') : statusOf(rnd, site, host, inOutage(outages.get(s.service), at));
      yield record(services[s.service], s.metric, at, status, rnd);
      s.next += s.interval;
      if (s.next < o.end) buckets[Math.floor((s.next - o.start) / MINUTE)].push(s);
    }
  }
}

function advance(rnd: SeededRandom, chain: Chain, step: number, matrix: number[][]): number {
  for (; chain.step < step; chain.step++) chain.state = rnd.weighted(matrix[chain.state]);
  return chain.state;
}

function statusOf(rnd: SeededRandom, site: number, host: number, outage: boolean): string {
  if (outage) return ['CRITICAL', 'UNKNOWN', 'OK'][rnd.weighted([80, 15, 5])];
  if (site === 1 || host === 2) return rnd.chance(0.85) ? 'CRITICAL' : 'UNKNOWN';
  if (host === 1) return ['WARNING', 'CRITICAL', 'OK'][rnd.weighted([45, 25, 30])];
  return ['OK', 'WARNING', 'UNKNOWN', 'CRITICAL'][rnd.weighted([985, 8, 5, 2])];
}

function record(service: GocdbService, metric: string, at: number, status: string, rnd: SeededRandom): MetricData {
  const seconds = status === 'OK' ? 0.2 + rnd.next() * 2 : 5 + rnd.next() * 55;
  return {
    timestamp: new Date(at).toISOString().replace('.000Z', 'Z'),
    service: service.serviceType,
    hostname: service.hostname,
    metric,
    status,
    monitoring_host: DEMO_MONITORING_HOST,
    summary: SUMMARIES[status],
    message: status === 'OK' ? null : `${metric} on ${service.hostname}: ${SUMMARIES[status].split(' - ')[1]}`,
    tags: null,
    actual_data: `time=${seconds.toFixed(3)}s;10;30;0`,
  };
}

/** OUTAGE downtimes by affected service index: [start, end) in ms. */
function outagesByService(services: GocdbService[], downtimes: GocdbDowntime[]): Map<number, [number, number][]> {
  const index = new Map(services.map((s, i) => [s.primaryKey, i]));
  const out = new Map<number, [number, number][]>();
  for (const d of downtimes) {
    if (d.severity !== 'OUTAGE') continue;
    for (const ref of d.services) {
      const i = index.get(ref.primaryKey!)!;
      out.set(i, [...(out.get(i) ?? []), [d.start * 1000, d.end * 1000]]);
    }
  }
  return out;
}

const inOutage = (windows: [number, number][] | undefined, at: number): boolean => windows !== undefined && windows.some(([s, e]) => at >= s && at < e);

/**
 * About one downtime per site per 10 days of history (at least one): mostly scheduled
 * interventions on a few services, sometimes a whole-site outage; some end after the history
 * (ongoing) and some start after it (upcoming, as operators declare them ahead).
 */
function generateDowntimes(rnd: SeededRandom, topology: DemoTopology, o: HistoryOptions): GocdbDowntime[] {
  const bySite = new Map<string, GocdbService[]>();
  for (const s of topology.services) (bySite.get(s.site) ?? bySite.set(s.site, []).get(s.site)!).push(s);
  const days = (o.end - o.start) / (24 * HOUR);
  const count = Math.max(1, Math.round((topology.sites.length * days) / 10));
  const halfHours = (o.end - o.start + 48 * HOUR) / (30 * MINUTE);
  return Array.from({ length: count }, (_, i): GocdbDowntime => {
    const site = rnd.pick(topology.sites);
    const candidates = bySite.get(site.shortName)!;
    const wholeSite = rnd.chance(0.25);
    const affected = wholeSite ? candidates : pickSome(rnd, candidates, rnd.int(1, Math.min(3, candidates.length)));
    const start = Math.floor(o.start / (30 * MINUTE)) * 30 * MINUTE + rnd.int(0, Math.floor(halfHours)) * 30 * MINUTE;
    const end = start + rnd.int(2, 48) * 30 * MINUTE;
    const severity = rnd.chance(0.7) ? 'OUTAGE' : 'WARNING';
    return {
      primaryKey: `${900_000 + i}G0`,
      hostedBy: site.shortName,
      services: affected.map((s) => ({ primaryKey: s.primaryKey, hostname: s.hostname, serviceType: s.serviceType })),
      endpoints: [],
      severity,
      classification: rnd.chance(0.75) ? 'SCHEDULED' : 'UNSCHEDULED',
      start: start / 1000,
      end: end / 1000,
      description: wholeSite ? `${site.shortName}: site-wide maintenance (power and network works)` : `${affected.map((s) => s.serviceType).join(', ')} upgrade on ${site.shortName}`,
    };
  });
}

function pickSome<T>(rnd: SeededRandom, items: T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(rnd.int(0, pool.length - 1), 1)[0]);
  return out;
}
