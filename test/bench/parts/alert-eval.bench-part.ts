import { jetstreamManager } from '@nats-io/jetstream';
import { loadConfig } from '@vigil/config';
import { ALERT_RULES_STREAM, decideAlertRule, evolveAlertRules, type AlertRuleCommand, type AlertRules, type StatusChangedData, type StatusLevel } from '@vigil/domain';
import { JetStreamEventStore } from '@vigil/event-store';
import { catalog } from '@vigil/events';
import { productMigrationsDirectory, runMigrations, sql } from '@vigil/read-models';
import { hostAlertProjector } from '../../../apps/projector/src/alerts/alert-projector';
import type { BenchPart } from '../bench-parts';

const STREAM = 'VIGIL_BENCH_ALERT_EVENTS';
const PREFIX = 'vigil.bench-alert-events';
const TENANT = 'bench';
const CHANGES = Number(process.env.BENCH_ALERT_CHANGES ?? 100_000);
const PER_COMMIT = 1000;
const ENDPOINTS = 8000;
const MINUTE = 60_000;

/**
 * What the status projector appends, EGI-like: mostly metric-level changes, some endpoint and site
 * ones; most are OK/WARNING moves, and about 1 in 40 raises or resolves an alert.
 */
function statusChange(i: number, t0: number): StatusChangedData {
  const endpoint = i % ENDPOINTS;
  const round = Math.floor(i / ENDPOINTS);
  const site = endpoint % 350;
  const level: StatusLevel = i % 10 < 7 ? 'metric' : i % 10 < 9 ? 'endpoint' : 'group';
  const failing = level === 'metric' ? true : level === 'endpoint' ? endpoint % 10 === 0 : site % 10 === 0;
  const status = failing && round % 2 === 1 ? 'CRITICAL' : round % 3 === 0 ? 'OK' : 'WARNING';
  return {
    level, supergroup: `NGI_${site % 40}`, endpointGroup: `SITE-${site}`, function: '', service: level === 'group' ? '' : ['SRM', 'ARC-CE', 'webdav'][endpoint % 3],
    hostname: level === 'group' ? '' : `host-${endpoint}.bench.example.org`, metric: level === 'metric' ? `org.bench.metric-${i % 30}` : '',
    status, previousStatus: '', since: t0 + Math.floor(i / 100) * 1000, triggerEventId: null,
  };
}

/** Three rules as an operations team writes them: critical endpoints at once, sites after 2 checks, one SRM metric after 3. */
const RULES: AlertRuleCommand[] = [
  { type: 'CreateAlertRule', id: 'bench-endpoints', rule: { name: 'critical endpoints', match: { level: 'endpoint' }, statuses: ['CRITICAL'] } },
  { type: 'CreateAlertRule', id: 'bench-sites', rule: { name: 'failing sites', match: { level: 'group' }, statuses: ['CRITICAL', 'UNKNOWN'], maxCheckAttempts: 2 } },
  { type: 'CreateAlertRule', id: 'bench-metrics', rule: { name: 'SRM put', match: { level: 'metric', service: 'SRM', metric: 'org.bench.metric-0' }, statuses: ['CRITICAL'], maxCheckAttempts: 3 } },
];

/**
 * `alert.eval`: StatusChanged events (plus a clock tick a minute) through the live alert projector:
 * JetStream consumer, Nagios soft/hard states, flapping, re-notification, AlertRaised/AlertResolved
 * appended to one stream per alert, alerts_history/alerts_current rows in ClickHouse.
 */
export const part: BenchPart = {
  name: 'alert.eval',
  async run(ctx) {
    const { nc } = ctx;
    const config = loadConfig();
    await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: ctx.clickhouse.database! }, directory: productMigrationsDirectory, nats: nc });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(STREAM).catch(() => undefined);
    let hosted: Awaited<ReturnType<typeof hostAlertProjector>> | undefined;
    try {
      await jsm.streams.add({ name: STREAM, subjects: [`${PREFIX}.>`] });
      const store = await JetStreamEventStore.open(nc, { stream: STREAM, prefix: PREFIX });
      let rules: AlertRules = new Map();
      for (const c of RULES) {
        const events = decideAlertRule(c, rules);
        rules = events.reduce(evolveAlertRules, rules);
        await store.append({ tenant: TENANT, ...ALERT_RULES_STREAM }, events, 'any');
      }
      const t0 = Date.now() - 24 * 3600_000;
      let ticks = 0;
      for (let i = 0; i < CHANGES; i += PER_COMMIT) {
        const batch = Array.from({ length: Math.min(PER_COMMIT, CHANGES - i) }, (_, j) => statusChange(i + j, t0));
        await store.append({ tenant: TENANT, category: 'status', id: `shard-${(i / PER_COMMIT) % 8}` }, batch.map((data) => ({ type: 'StatusChanged', data, occurredAt: data.since })), 'any');
        const last = batch[batch.length - 1].since;
        if (Math.floor(last / MINUTE) > Math.floor(batch[0].since / MINUTE)) {
          await store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at: Math.floor(last / MINUTE) * MINUTE }, occurredAt: last }], 'any');
          ticks++;
        }
      }
      const total = RULES.length + CHANGES + ticks;
      let failed: unknown;
      const start = process.hrtime.bigint();
      hosted = await hostAlertProjector(nc, { store, clickhouse: ctx.clickhouse, schemas: catalog(), stream: STREAM, prefix: PREFIX, onError: (err) => (failed = err) });
      while (hosted.stats.events < total && !failed) await new Promise((r) => setTimeout(r, 10));
      if (failed) throw failed;
      const rate = CHANGES / (Number(process.hrtime.bigint() - start) / 1e9);
      const [{ n }] = await ctx.clickhouse.query<{ n: string }>(sql`SELECT count() AS n FROM alerts_history WHERE tenant = ${TENANT}`);
      ctx.report.ratio('alert.eval', rate, 'status changes/s', ctx.baseline('raw.consume'), 0.01);
      ctx.report.note(`alert.eval: ${CHANGES.toLocaleString('en')} StatusChanged (70 % metric, 20 % endpoint, 10 % site level; ${ENDPOINTS.toLocaleString('en')} endpoints) and ${ticks} ticks through the live alert projector with 3 rules: JetStream consume + decode, soft/hard, flapping, ${Number(n).toLocaleString('en')} alert events appended (one stream each) and written to alerts_history/alerts_current`);
    } finally {
      hosted?.subscription.unsubscribe();
      await jsm.streams.delete(STREAM).catch(() => undefined);
    }
  },
};
