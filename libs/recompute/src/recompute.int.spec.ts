import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideRecomputation, type RecomputationRequest } from '@vigil/domain';
import { catalog } from '@vigil/events';
import { sql } from '@vigil/read-models';
import { randomRun, settledArProjector, settledStatusProjector, useEventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../domain/src/topology/topology.fixtures';
import { loadRecomputation, recomputationStream } from './recomputation-state';
import { hostRecomputeWorker } from './recompute-worker';

const tenant = `t${randomRun()}`;
const H = 3_600_000;
const D1 = Date.parse('2025-06-02T00:00:00Z');
const D2 = D1 + 24 * H;

const bed = useEventStoreBed('recompute');

const result = (hostname: string, status: string, at: number) =>
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
async function command(c: Parameters<typeof decideRecomputation>[0], id: string): Promise<void> {
  const { state, revision } = await loadRecomputation(bed.store, tenant, id);
  await bed.store.append(recomputationStream(tenant, id), decideRecomputation(c, state, Date.now()), revision < 0 ? 'no-stream' : { revision });
}

const groupRows = () =>
  bed.clickhouse.query<{ endpoint_group: string; availability: number; reliability: number; up: number; unknown: number }>(sql`
    SELECT endpoint_group, availability, reliability, up, unknown FROM ar_daily FINAL
    WHERE tenant = ${tenant} AND day = '2025-06-02' AND level = 'group' ORDER BY endpoint_group`);

const statusOf = async (id: string) => (await bed.clickhouse.query<{ status: string }>(sql`SELECT status FROM recomputations FINAL WHERE tenant = ${tenant} AND id = ${id}`))[0]?.status;

describe('recomputations on the event history', () => {
  it('replace an excluded group’s daily A/R with ARGO’s recomputed figures, and a withdrawal restores the original', async () => {
    await bed.append(tenant, 'profile', 'metric-profile', 'MetricProfileSet', { name: 'test', profile: JSON.stringify({ services: [{ service: 'SRMv2', metrics: ['put'] }] }), source: null }, D1);
    for (const [site, host] of [['SITE-A', 'se.a.org'], ['SITE-B', 'se.b.org']]) {
      await bed.append(tenant, 'site', site, 'SiteRegistered', siteRegistered({ shortName: site, ngi: 'NGI_X' }).data, D1);
      await bed.append(tenant, 'service', host, 'ServiceRegistered', serviceRegistered({ id: host, serviceType: 'SRMv2', hostname: host, site }).data, D1);
      await result(host, 'OK', D1);
    }
    // SITE-A: CRITICAL 18:00-21:00 (a broken storage probe), OK otherwise; SITE-B OK all day.
    await result('se.a.org', 'CRITICAL', D1 + 18 * H);
    await result('se.a.org', 'OK', D1 + 21 * H);
    await result('se.b.org', 'OK', D2 + H);
    for (let at = D1 + 30 * 60_000; at <= D2 + 2 * H; at += 30 * 60_000) await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at }, at);
    await settledStatusProjector(bed);
    await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at: D2 + 150 * 60_000 }, D2 + 150 * 60_000);
    await settledArProjector(bed);
    const live = await groupRows();
    // 21 h up of 24.
    expect(live).toEqual([
      { endpoint_group: 'SITE-A', availability: 87.5, reliability: 87.5, up: 0.875, unknown: 0 },
      { endpoint_group: 'SITE-B', availability: 100, reliability: 100, up: 1, unknown: 0 },
    ]);

    bed.started(hostRecomputeWorker({ nc: bed.nc, store: bed.store, clickhouse: bed.clickhouse, source: { stream: bed.stream, prefix: bed.prefix, schemas: catalog() } }, (err) => console.error(err), 20));
    const id = randomUUID();
    const request: RecomputationRequest = {
      id, reason: 'GGUS #4711: SRM probe broken', requester: 'ops@example.org', start: D1 + 18 * H, end: D1 + 21 * H - 1000,
      exclude: ['SITE-A'], excludeMetrics: [], excludeMonitoringSource: [], appliedStatusChanges: [],
    };
    await command({ type: 'RequestRecomputation', request }, id);
    await until('the recomputation to be done', () => statusOf(id), (s) => s === 'done');
    // ARGO counts an excluded group as unknown over the period: 3 h unknown, 21 h known and up → 100 %.
    expect(await groupRows()).toEqual([
      { endpoint_group: 'SITE-A', availability: 100, reliability: 100, up: 0.875, unknown: 0.125 },
      { endpoint_group: 'SITE-B', availability: 100, reliability: 100, up: 1, unknown: 0 },
    ]);
    const ngi = await bed.clickhouse.query<{ availability: number }>(sql`SELECT availability FROM ar_daily FINAL WHERE tenant = ${tenant} AND day = '2025-06-02' AND level = 'supergroup'`);
    expect(ngi).toEqual([{ availability: 100 }]);

    await command({ type: 'WithdrawRecomputation', id, reason: 'wrong period' }, id);
    await until('the original figures', groupRows, (rows) => rows[0]?.availability === 87.5);
    expect(await groupRows()).toEqual(live);
    expect(await statusOf(id)).toBe('withdrawn');
  }, 90_000);
});
