import { availableParallelism, loadavg } from 'node:os';
import { jetstreamManager } from '@nats-io/jetstream';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@vigil/config';
import { demoAggregationProfile, demoMetricProfile, generateTopology, type DemoTopology } from '@vigil/demo';
import { createClickHouse, ident, productMigrationsDirectory, runMigrations, sql, type ClickHouse } from '@vigil/read-models';
import { AuthModule } from '../../../apps/api/src/auth/auth.module';
import { configureHttp } from '../../../apps/api/src/http-app';
import { ResultsModule } from '../../../apps/api/src/results/results.module';
import { StatusModule } from '../../../apps/api/src/status/status.module';
import { authHeaders, createKey } from '../../support/api-keys';
import { testPlatformModule } from '../../support/test-platform';
import type { BenchPart } from '../bench-parts';

const DATABASE = 'vigil_bench_api';
const KEYS = 'vigil_bench_api_keys';
const TENANT = 'bench';
const RATE = Number(process.env.BENCH_API_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const DAYS = 30;
const TARGET_P99_MS = 50;
const DAY = 86_400_000;
const INSERT_CHUNK = 50_000;
/** An answer later than this counts as failed (the run stays bounded when the server falls behind). */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * `api.latency`: p50/p99 of GET current site status (/api/v1/status/groups/{site}) and GET daily
 * A/R of a site over 30 days (/api/v1/results/groups/{site}) at a fixed 200 requests/s, open loop
 * on loopback, over EGI-scale read models (350 sites, 8,000 endpoints: status_current at every
 * level, 30 days of ar_daily). Latency runs from each request's scheduled send time, so a request
 * that waits behind slow ones counts its wait.
 */
export const part: BenchPart = {
  name: 'api.latency',
  async run(ctx) {
    const config = loadConfig();
    const admin = createClickHouse({ url: config.clickhouseUrl });
    const clickhouse = createClickHouse({ url: config.clickhouseUrl, database: DATABASE });
    const jsm = await jetstreamManager(ctx.nc);
    await admin.command(sql`DROP DATABASE IF EXISTS ${ident(DATABASE)}`);
    await jsm.streams.delete(`KV_${KEYS}`).catch(() => undefined);
    try {
      await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: DATABASE }, directory: productMigrationsDirectory, nats: ctx.nc });
      const topology = generateTopology({ seed: 1, ngis: 40, sites: 350, endpoints: 8000 });
      const seeded = await seed(clickhouse, topology, Date.now());
      process.stderr.write(`bench: api.latency read models seeded: ${seeded.status.toLocaleString('en')} status_current and ${seeded.ar.toLocaleString('en')} ar_daily rows\n`);
      const key = await createKey(ctx.nc, 'reader', TENANT, { label: 'bench', bucket: KEYS });
      @Module({ imports: [testPlatformModule({ nats: ctx.nc, clickhouse }), AuthModule.withBucket(KEYS), StatusModule, ResultsModule] })
      class BenchReadApi {}
      const app = configureHttp(await NestFactory.create(BenchReadApi, { logger: ['error'] }));
      try {
        await app.listen(0, '127.0.0.1');
        const base = await app.getUrl();
        const sites = topology.sites.map((s) => encodeURIComponent(s.shortName));
        const today = Date.now() - (Date.now() % DAY);
        const range = `start_time=${day(today - DAYS * DAY)}&end_time=${day(today - DAY)}&granularity=daily`;
        const routes = [
          { name: 'api.latency.site-status', url: (i: number) => `${base}/api/v1/status/groups/${sites[i % sites.length]}` },
          { name: 'api.latency.site-ar-daily', url: (i: number) => `${base}/api/v1/results/groups/${sites[i % sites.length]}?${range}` },
        ];
        for (const route of routes) {
          await openLoop(route.url, authHeaders(key), WARMUP_SECONDS); // connections, JIT and ClickHouse caches warm
          const run = await openLoop(route.url, authHeaders(key), SECONDS);
          // A failed request counts as the slowest: p99 cannot look better by dropping late answers.
          const latencies = [...run.latencies, ...Array<number>(run.failed).fill(REQUEST_TIMEOUT_MS)].sort((a, b) => a - b);
          ctx.report.absolute(`${route.name}.p50`, percentile(latencies, 0.5), 'ms', 'lower');
          ctx.report.absolute(`${route.name}.p99`, percentile(latencies, 0.99), 'ms', 'lower', TARGET_P99_MS);
          const failures = run.failed > 0 ? `; ${run.failed} failed or over ${REQUEST_TIMEOUT_MS / 1000} s (counted as ${REQUEST_TIMEOUT_MS} ms), e.g. ${run.sample.join(' | ')}` : '';
          ctx.report.note(
            `${route.name}: ${latencies.length.toLocaleString('en')} requests at ${RATE}/s over ${SECONDS} s (open loop, loopback), max ${percentile(latencies, 1).toFixed(1)} ms, at most ${run.maxInFlight} in flight${failures}; machine load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores (the figures need a machine not busy with other work)`,
          );
        }
      } finally {
        await app.close();
      }
    } finally {
      await jsm.streams.delete(`KV_${KEYS}`).catch(() => undefined);
      await admin.command(sql`DROP DATABASE IF EXISTS ${ident(DATABASE)}`).catch(() => undefined);
      await clickhouse.close();
      await admin.close();
    }
  },
};

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

interface LoopResult {
  /** Answered requests' latencies (ms from scheduled send to full body), ascending. */
  latencies: number[];
  /** Requests not answered 200 within REQUEST_TIMEOUT_MS, with a sample of why. */
  failed: number;
  sample: string[];
  maxInFlight: number;
}

/** Sends request i at start + i/RATE whether or not earlier ones have answered (open loop). */
async function openLoop(url: (i: number) => string, headers: Record<string, string>, seconds: number): Promise<LoopResult> {
  const total = Math.round(RATE * seconds);
  const interval = 1000 / RATE;
  const result: LoopResult = { latencies: [], failed: 0, sample: [], maxInFlight: 0 };
  const inflight: Promise<void>[] = [];
  let inFlight = 0;
  const fail = (why: string) => {
    result.failed++;
    if (result.sample.length < 3) result.sample.push(why);
  };
  const send = async (i: number, scheduled: number) => {
    result.maxInFlight = Math.max(result.maxInFlight, ++inFlight);
    try {
      const res = await fetch(url(i), { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await res.text();
      if (res.status === 200) result.latencies.push(performance.now() - scheduled);
      else fail(`${res.status} ${body.slice(0, 200)}`);
    } catch (err) {
      fail(`${err} (${(err as { cause?: unknown }).cause ?? 'no cause'})`);
    } finally {
      inFlight--;
    }
  };
  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      while (next < total && start + next * interval <= performance.now()) {
        inflight.push(send(next, start + next * interval));
        next++;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inflight);
  result.latencies.sort((a, b) => a - b);
  return result;
}

interface Seeded {
  status: number;
  ar: number;
}

/** status_current at every level and 30 final days of ar_daily, as the projections would leave them; topology_groups for the ARGO types. */
async function seed(ch: ClickHouse, t: DemoTopology, now: number): Promise<Seeded> {
  const functionOf = new Map(demoAggregationProfile().groups.flatMap((g) => g.services.map((s) => [s.name, g.name] as const)));
  const metricsOf = new Map(demoMetricProfile().services.map((s) => [s.service, s.metrics]));
  const ngiOf = new Map(t.sites.map((s) => [s.shortName, s.ngi]));
  const since = new Date(now - 3_600_000);
  const statuses = ['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
  let n = 0;
  const status = (level: string, key: Partial<Record<'supergroup' | 'endpoint_group' | 'function' | 'service' | 'hostname' | 'metric', string>>) => ({
    tenant: TENANT,
    level,
    supergroup: '',
    endpoint_group: '',
    function: '',
    service: '',
    hostname: '',
    metric: '',
    ...key,
    status: statuses[n++ % statuses.length],
    since,
    position: n,
  });
  const items = itemsOf(t, ngiOf, functionOf);
  const current = [
    ...items.map((i) => status(i.level, i.key)),
    ...t.services.flatMap((s) => (metricsOf.get(s.serviceType) ?? []).map((metric) => status('metric', { supergroup: ngiOf.get(s.site)!, endpoint_group: s.site, service: s.serviceType, hostname: s.hostname, metric }))),
  ];
  await insertChunked(ch, 'status_current', current);
  const today = now - (now % DAY);
  const ar = items.filter((i) => i.level !== 'metric');
  const rows = Array.from({ length: DAYS }, (_, d) => day(today - (DAYS - d) * DAY)).flatMap((dayText, d) =>
    ar.map((i, k) => {
      const up = (k + d) % 17 === 0 ? 0.9 : 1;
      return { tenant: TENANT, level: i.level, supergroup: '', endpoint_group: '', function: '', service: '', hostname: '', ...i.key, day: dayText, availability: up * 100, reliability: up * 100, up, unknown: 0, down: 0, final: 1, position: d * 1_000_000 + k };
    }),
  );
  await insertChunked(ch, 'ar_daily', rows);
  await ch.insert(
    'topology_groups',
    t.sites.map((s, i) => ({ tenant: TENANT, endpoint_group: s.shortName, group_type: 'SITES', supergroup: s.ngi, tags: '', valid_from: new Date(now - 30 * DAY), position: i, removed: 0 })),
  );
  return { status: current.length, ar: rows.length };
}

type ItemKey = Partial<Record<'supergroup' | 'endpoint_group' | 'function' | 'service' | 'hostname', string>>;

/** Every item above the metrics: endpoints, services, functions, sites and NGIs (one each). */
function itemsOf(t: DemoTopology, ngiOf: Map<string, string>, functionOf: Map<string, string>): { level: string; key: ItemKey }[] {
  const unique = new Map<string, { level: string; key: ItemKey }>();
  const add = (level: string, key: ItemKey) => unique.set(`${level}|${JSON.stringify(key)}`, { level, key });
  for (const s of t.services) {
    const supergroup = ngiOf.get(s.site)!;
    add('endpoint', { supergroup, endpoint_group: s.site, service: s.serviceType, hostname: s.hostname });
    add('service', { supergroup, endpoint_group: s.site, service: s.serviceType });
    const fn = functionOf.get(s.serviceType);
    if (fn) add('function', { supergroup, endpoint_group: s.site, function: fn });
  }
  for (const site of t.sites) add('group', { supergroup: site.ngi, endpoint_group: site.shortName });
  for (const ngi of new Set(t.sites.map((s) => s.ngi))) add('supergroup', { supergroup: ngi });
  return [...unique.values()];
}

async function insertChunked(ch: ClickHouse, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await ch.insert(table, rows.slice(i, i + INSERT_CHUNK));
}
