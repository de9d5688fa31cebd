import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig, type VigilConfig } from '@vigil/config';
import { generateHistory, generateTopology, demoAggregationProfile, demoMetricProfile, type DemoHistory, type DemoTopology } from '@vigil/demo';
import { JetStreamEventStore } from '@vigil/event-store';
import { connectNats } from '@vigil/messaging';
import { createClickHouse, sql } from '@vigil/read-models';
import { UsageError, type CliCommand } from '../command';
import { ARGO_FEEDS, canonicalJson, importProfiles, type ProfileImport } from './argo-import';
import { platformMissing, publishResults, waitProjected, writeRegistry } from './demo-feed';
import { ProgressBar } from './demo-progress';

const DAY = 86_400_000;
const DEFAULTS = { ngis: 40, sites: 350, endpoints: 8000, days: 7, seed: 1 };

const help = `Usage: vigil demo [--tenant T] [--ngis N] [--sites N] [--endpoints N] [--days N]
         [--metrics N] [--seed N]

Generates a realistic EGI-like infrastructure and its monitoring history, and feeds it through the
real write paths of a running platform (npm start): the registry (NGIs, sites, services, declared
downtimes) through the GOCDB importer's rules, ARGO metric and aggregation profiles as profile
events, and probe results as Avro batches on vigil.ingest.metrics.<tenant>. Progress goes to
stderr. It exits once every result it sent is in the read models (metric_results, status_current,
status_history), then prints the API URLs and example SQL on stdout.

  --tenant     tenant to fill (default: default, the tenant of .data/admin.key)
  --ngis       NGIs (default ${DEFAULTS.ngis})
  --sites      sites, at least one per NGI (default ${DEFAULTS.sites})
  --endpoints  endpoints (service type × hostname), at least one Site-BDII per site (default ${DEFAULTS.endpoints})
  --days       history length ending now, fractions allowed, at most 31 (default ${DEFAULTS.days})
  --metrics    metrics per service type (default: each type's real EGI probes, 2 to 6)
  --seed       the same seed gives the same infrastructure and history (default ${DEFAULTS.seed})

History: each metric runs every 5–60 minutes; failures cluster (site outages, hosts degrading and
failing for hours), a few services flap, downtimes are declared (past, ongoing and upcoming).
A day at the default size is ~2.7 million results, the default week ~19 million. Ingest has a
thread of its own beside the projectors (npm start): on a busy 2-core machine (load 9-14) it took
the results at ~13,000/s (1,500/s while it shared the projectors' thread), and --days 0.25 (672,624
results) was sent and projected in 13 minutes. The projectors are then the limit (about 11,000
results/s on a quiet machine, bench pipeline.throughput): the default week takes about 30 minutes
on a quiet machine, longer on a busy one. Both phases show a progress bar with an ETA: sending
(paced by ingest), then projecting (messages the projectors still have to write).
It waits for the projectors as long as they make progress (5 minutes without any ends it with 1).

Running it again with the same options changes no registry stream and sends the history again
(statuses do not move backwards: an older result never overrides a newer one).
Exit codes: 0 done, 1 the platform is not running or stopped projecting, 2 bad usage.`;

interface DemoOptions {
  tenant: string;
  ngis: number;
  sites: number;
  endpoints: number;
  days: number;
  metrics: number | undefined;
  seed: number;
}

export const demoCommand: CliCommand = {
  path: ['demo'],
  summary: 'fill a tenant with a generated infrastructure and its monitoring history',
  help,
  async run(argv) {
    const config = loadConfig();
    const o = parseOptions(argv, config.defaultTenant);
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    let topology: DemoTopology;
    try {
      topology = generateTopology({ seed: o.seed, ngis: o.ngis, sites: o.sites, endpoints: o.endpoints });
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(err.message);
      throw err;
    }
    const history = generateHistory(topology, { seed: o.seed, start: end - o.days * DAY, end, metricsPerType: o.metrics });
    const nc = await connectNats(config.natsUrl, 'vigil-demo');
    try {
      const missing = await platformMissing(nc, config.clickhouseDatabase);
      if (missing) {
        process.stderr.write(`vigil demo: ${missing}\n`);
        return 1;
      }
      const started = Date.now();
      const store = await JetStreamEventStore.open(nc);
      const registry = await writeRegistry(store, nc, o.tenant, { ...topology, serviceGroups: [], downtimes: history.downtimes }, end);
      process.stderr.write(`demo: registry of ${o.tenant}: ${registry.events} events appended\n`);
      for (const s of registry.skipped) process.stderr.write(`demo: skipped ${s.kind} ${s.key} (${s.name ?? ''}): ${s.code} ${s.reason}\n`);
      const profiles = await importProfiles(store, o.tenant, profileImports(o.metrics));
      process.stderr.write(`demo: profiles appended: ${profiles.appended.join(', ') || 'none (unchanged)'}\n`);
      const bar = new ProgressBar('sending   ', history.total);
      const sent = await publishResults(nc, o.tenant, history.results(), randomUUID(), (n) => bar.update(n));
      bar.finish(sent);
      try {
        await waitProjected(nc, config.clickhouseDatabase, lagReporter());
      } catch (err) {
        process.stderr.write(`vigil demo: ${(err as Error).message}\n`);
        return 1;
      }
      process.stdout.write(`${await summary(config, o, topology, history, sent, Date.now() - started)}\n`);
      return 0;
    } finally {
      await nc.close();
    }
  },
};

/** The read models' catch-up as a progress bar with an ETA: done = the most messages seen to go, less those still to go. */
function lagReporter(): (lag: { lag: number }) => void {
  let bar: ProgressBar | undefined;
  let most = 0;
  return ({ lag }) => {
    most = Math.max(most, lag);
    bar ??= new ProgressBar('projecting', most);
    bar.grow(most);
    if (lag === 0) bar.finish(most);
    else bar.update(most - lag);
  };
}

function parseOptions(argv: string[], defaultTenant: string): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: Object.fromEntries(['tenant', 'ngis', 'sites', 'endpoints', 'days', 'metrics', 'seed'].map((name) => [name, { type: 'string' as const }])),
  });
  const v = values as Record<string, string | undefined>;
  const tenant = v.tenant ?? defaultTenant;
  if (!/^[A-Za-z0-9_-]+$/.test(tenant)) throw new UsageError(`--tenant must match [A-Za-z0-9_-]+, got '${tenant}'`);
  const count = (name: string, fallback: number, max: number) => {
    if (v[name] === undefined) return fallback;
    const n = Number(v[name]);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got '${v[name]}'`);
    return n;
  };
  const days = v.days === undefined ? DEFAULTS.days : Number(v.days);
  if (!(days > 0 && days <= 31)) throw new UsageError(`--days must be a number above 0 and at most 31, got '${v.days}'`);
  return {
    tenant,
    ngis: count('ngis', DEFAULTS.ngis, 1000),
    sites: count('sites', DEFAULTS.sites, 10_000),
    endpoints: count('endpoints', DEFAULTS.endpoints, 200_000),
    days,
    metrics: v.metrics === undefined ? undefined : count('metrics', 0, 100),
    seed: count('seed', DEFAULTS.seed, 2 ** 31),
  };
}

function profileImports(metrics: number | undefined): ProfileImport[] {
  const feed = (streamId: string) => ARGO_FEEDS.find((f) => f.streamId === streamId)!;
  const item = (streamId: string, profile: { name: string }): ProfileImport => ({ feed: feed(streamId), file: 'vigil demo', data: { name: profile.name, profile: canonicalJson(profile), source: 'vigil demo' } });
  return [item('metric-profile', demoMetricProfile(metrics)), item('aggregation', demoAggregationProfile())];
}

async function summary(config: VigilConfig, o: DemoOptions, topology: DemoTopology, history: DemoHistory, sent: number, ms: number): Promise<string> {
  const ch = createClickHouse({ url: config.clickhouseUrl, database: config.clickhouseDatabase });
  let rows: { results: string }[];
  let levels: { level: string; items: string }[];
  try {
    rows = await ch.query<{ results: string }>(sql`SELECT count() AS results FROM metric_results FINAL WHERE tenant = ${o.tenant}`);
    levels = await ch.query<{ level: string; items: string }>(sql`SELECT level, count() AS items FROM status_current FINAL WHERE tenant = ${o.tenant} GROUP BY level ORDER BY level`);
  } finally {
    await ch.close();
  }
  const api = `http://${config.httpHost}:${config.httpPort}/api/v1`;
  const t = o.tenant.replace(/'/g, "''");
  const key = o.tenant === config.defaultTenant ? `$(cat ${config.dataDir}/admin.key)` : `$(npx vigil keys create --role reader --tenant ${o.tenant})`;
  const flapping = history.flapping[0];
  return [
    `Demo tenant '${o.tenant}' (seed ${o.seed}): ${topology.ngis.length} NGIs, ${topology.sites.length} sites, ${topology.services.length} endpoints, ${history.downtimes.length} downtimes;`,
    `${sent.toLocaleString('en')} probe results over ${o.days} day(s) sent and projected in ${Math.round(ms / 1000)} s.`,
    `Read models: metric_results ${Number(rows[0]?.results ?? 0).toLocaleString('en')} rows of the tenant; status_current ${levels.map((l) => `${l.level} ${l.items}`).join(', ')}.`,
    '',
    'API (Bearer key of the tenant):',
    `  KEY=${key}`,
    `  curl -H "Authorization: Bearer $KEY" ${api}/ngis`,
    `  curl -H "Authorization: Bearer $KEY" ${api}/sites`,
    `  curl -H "Authorization: Bearer $KEY" ${api}/services`,
    `  curl -H "Authorization: Bearer $KEY" ${api}/downtimes`,
    `  curl -H "Authorization: Bearer $KEY" '${api}/metric-results?hostname=${flapping}&limit=20'   # a flapping service`,
    '',
    `SQL (clickhouse-client --database ${config.clickhouseDatabase}, or ${config.clickhouseUrl}):`,
    `  SELECT level, status, count() AS items FROM status_current FINAL WHERE tenant = '${t}' GROUP BY level, status ORDER BY level, status;`,
    `  SELECT supergroup, endpoint_group, status, since FROM status_current FINAL WHERE tenant = '${t}' AND level = 'group' AND status != 'OK' ORDER BY since DESC LIMIT 20;`,
    `  SELECT hostname, metric, count() AS changes FROM status_history WHERE tenant = '${t}' AND level = 'metric' GROUP BY hostname, metric ORDER BY changes DESC LIMIT 10;`,
    `  SELECT toStartOfHour(timestamp) AS hour, countIf(status = 'CRITICAL') AS critical, count() AS results FROM metric_results WHERE tenant = '${t}' GROUP BY hour ORDER BY hour;`,
  ].join('\n');
}
