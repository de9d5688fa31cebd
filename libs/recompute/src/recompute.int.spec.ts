import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideRecomputation, type RecomputationRequest } from '@vigil/domain';
import { catalog } from '@vigil/events';
import { sql } from '@vigil/read-models';
import { randomRun, settledArProjector, settledStatusProjector, useEventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../domain/src/topology/topology.fixtures';
import { loadRecomputation, recomputationStream } from './recomputation-state';
import { hostRecomputeWorker } from './recompute-worker';

const H = 3_600_000;

const bed = useEventStoreBed('recompute');

const result = (tenant: string, hostname: string, status: string, at: number) =>
  bed.append(tenant, 'probe', `${hostname}-put`, 'ProbeResultRecorded', {
    timestamp: at, service: 'SRMv2', hostname, metric: 'put', status, monitoringHost: null, summary: null, message: null, tags: null, actualData: null,
  }, at);

async function until<T>(what: string, read: () => Promise<T>, ok: (x: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const x = await read();
    if (ok(x)) return x;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Through the decider, as the API does. */
async function command(tenant: string, c: Parameters<typeof decideRecomputation>[0], id: string): Promise<void> {
  const { state, revision } = await loadRecomputation(bed.store, tenant, id);
  await bed.store.append(recomputationStream(tenant, id), decideRecomputation(c, state, Date.now()), revision < 0 ? 'no-stream' : { revision });
}

type Figures = { endpoint_group: string; availability: number; reliability: number; up: number; unknown: number };

const groupRows = (tenant: string, day: string) =>
  bed.clickhouse.query<Figures>(sql`
    SELECT endpoint_group, availability, reliability, up, unknown FROM ar_daily FINAL
    WHERE tenant = ${tenant} AND day = ${day} AND level = 'group' ORDER BY endpoint_group`);

const monthRows = (tenant: string, month: string) =>
  bed.clickhouse.query<Figures & { final: number }>(sql`
    SELECT endpoint_group, availability, reliability, up, unknown, final FROM ar_monthly FINAL
    WHERE tenant = ${tenant} AND month = ${month} AND level = 'group' ORDER BY endpoint_group`);

const statusOf = async (tenant: string, id: string) =>
  (await bed.clickhouse.query<{ status: string }>(sql`SELECT status FROM recomputations FINAL WHERE tenant = ${tenant} AND id = ${id}`))[0]?.status;

/**
 * Two sites over D1 and D2: SITE-A CRITICAL 18:00-21:00 on D1 (a broken storage probe), OK
 * otherwise; SITE-B OK throughout. Ticks every 30 min until D2 + 2 h 30, projected to A/R.
 */
async function history(tenant: string, D1: number): Promise<void> {
  const D2 = D1 + 24 * H;
  await bed.append(tenant, 'profile', 'metric-profile', 'MetricProfileSet', { name: 'test', profile: JSON.stringify({ services: [{ service: 'SRMv2', metrics: ['put'] }] }), source: null }, D1);
  for (const [site, host] of [['SITE-A', 'se.a.org'], ['SITE-B', 'se.b.org']]) {
    await bed.append(tenant, 'site', site, 'SiteRegistered', siteRegistered({ shortName: site, ngi: 'NGI_X' }).data, D1);
    await bed.append(tenant, 'service', host, 'ServiceRegistered', serviceRegistered({ id: host, serviceType: 'SRMv2', hostname: host, site }).data, D1);
    await result(tenant, host, 'OK', D1);
  }
  await result(tenant, 'se.a.org', 'CRITICAL', D1 + 18 * H);
  await result(tenant, 'se.a.org', 'OK', D1 + 21 * H);
  await result(tenant, 'se.b.org', 'OK', D2 + H);
  for (let at = D1 + 30 * 60_000; at <= D2 + 2 * H; at += 30 * 60_000) await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at }, at);
  await settledStatusProjector(bed);
  await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at: D2 + 150 * 60_000 }, D2 + 150 * 60_000);
  await settledArProjector(bed);
}

let worker = false;

/** Requests a recomputation excluding SITE-A over its failure on D1 and waits until it is done. */
async function excludeSiteA(tenant: string, D1: number): Promise<string> {
  if (!worker) {
    bed.started(hostRecomputeWorker({ nc: bed.nc, store: bed.store, clickhouse: bed.clickhouse, source: { stream: bed.stream, prefix: bed.prefix, schemas: catalog() } }, (err) => console.error(err), 20));
    worker = true;
  }
  const id = randomUUID();
  const request: RecomputationRequest = {
    id, reason: 'GGUS #4711: SRM probe broken', requester: 'ops@example.org', start: D1 + 18 * H, end: D1 + 21 * H - 1000,
    exclude: ['SITE-A'], excludeMetrics: [], excludeMonitoringSource: [], appliedStatusChanges: [],
  };
  await command(tenant, { type: 'RequestRecomputation', request }, id);
  await until('the recomputation to end', () => statusOf(tenant, id), (s) => s === 'done' || s === 'failed');
  const [outcome] = await bed.clickhouse.query(sql`SELECT status, error FROM recomputations FINAL WHERE tenant = ${tenant} AND id = ${id}`);
  expect(outcome).toEqual({ status: 'done', error: '' });
  return id;
}

describe('recomputations on the event history', () => {
  it('replace an excluded group’s daily A/R with ARGO’s recomputed figures, and a withdrawal restores the original', async () => {
    const tenant = `t${randomRun()}`;
    await history(tenant, Date.parse('2025-06-02T00:00:00Z'));
    const live = await groupRows(tenant, '2025-06-02');
    // 21 h up of 24.
    expect(live).toEqual([
      { endpoint_group: 'SITE-A', availability: 87.5, reliability: 87.5, up: 0.875, unknown: 0 },
      { endpoint_group: 'SITE-B', availability: 100, reliability: 100, up: 1, unknown: 0 },
    ]);

    const id = await excludeSiteA(tenant, Date.parse('2025-06-02T00:00:00Z'));
    // ARGO counts an excluded group as unknown over the period: 3 h unknown, 21 h known and up → 100 %.
    expect(await groupRows(tenant, '2025-06-02')).toEqual([
      { endpoint_group: 'SITE-A', availability: 100, reliability: 100, up: 0.875, unknown: 0.125 },
      { endpoint_group: 'SITE-B', availability: 100, reliability: 100, up: 1, unknown: 0 },
    ]);
    const ngi = await bed.clickhouse.query<{ availability: number }>(sql`SELECT availability FROM ar_daily FINAL WHERE tenant = ${tenant} AND day = '2025-06-02' AND level = 'supergroup'`);
    expect(ngi).toEqual([{ availability: 100 }]);

    await command(tenant, { type: 'WithdrawRecomputation', id, reason: 'wrong period' }, id);
    await until('the original figures', () => groupRows(tenant, '2025-06-02'), (rows) => rows[0]?.availability === 87.5);
    expect(await groupRows(tenant, '2025-06-02')).toEqual(live);
    expect(await statusOf(tenant, id)).toBe('withdrawn');
  }, 90_000);

  it('rewrite the monthly A/R of a closed month from its recomputed days', async () => {
    const tenant = `t${randomRun()}`;
    // June 30 and July 1: June closes with the ticks of July 1.
    const D1 = Date.parse('2025-06-30T00:00:00Z');
    await history(tenant, D1);
    // Live: SITE-A up 21 h of 24 on June 30, its only day.
    expect(await monthRows(tenant, '2025-06-01')).toEqual([
      { endpoint_group: 'SITE-A', availability: 87.5, reliability: 87.5, up: 0.875, unknown: 0, final: 1 },
      { endpoint_group: 'SITE-B', availability: 100, reliability: 100, up: 1, unknown: 0, final: 1 },
    ]);
    await excludeSiteA(tenant, D1);
    // The 3 excluded hours turn unknown; the 21 known hours are up.
    expect(await monthRows(tenant, '2025-06-01')).toEqual([
      { endpoint_group: 'SITE-A', availability: 100, reliability: 100, up: 0.875, unknown: 0.125, final: 1 },
      { endpoint_group: 'SITE-B', availability: 100, reliability: 100, up: 1, unknown: 0, final: 1 },
    ]);
  }, 90_000);
});
