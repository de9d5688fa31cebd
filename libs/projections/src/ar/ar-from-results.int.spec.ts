import { describe, expect, it } from 'vitest';
import { sql } from '@vigil/read-models';
import { randomRun, settledArProjector, settledStatusProjector, useEventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';

const tenant = `t${randomRun()}`;
const H = 3_600_000;
const D1 = Date.parse('2025-06-02T00:00:00Z');
const D2 = D1 + 24 * H;

const bed = useEventStoreBed('ar-results');

const result = (status: string, at: number) =>
  bed.append(tenant, 'probe', 'se.a.org-put', 'ProbeResultRecorded', {
    timestamp: at, service: 'SRMv2', hostname: 'se.a.org', metric: 'put', status, monitoringHost: null, summary: null, message: null, tags: null, actualData: null,
  }, at);

describe('continuous A/R from probe results, through the status projection', () => {
  it('gives every level the A/R of the results’ timeline, final even when the statuses were computed after the day’s ticks', async () => {
    await bed.append(tenant, 'profile', 'metric-profile', 'MetricProfileSet', { name: 'test', profile: JSON.stringify({ services: [{ service: 'SRMv2', metrics: ['put'] }] }), source: null }, D1);
    await bed.append(tenant, 'site', 'SITE-A', 'SiteRegistered', siteRegistered({ shortName: 'SITE-A', ngi: 'NGI_A' }).data, D1);
    await bed.append(tenant, 'service', 's1', 'ServiceRegistered', serviceRegistered({ id: 's1', serviceType: 'SRMv2', hostname: 'se.a.org', site: 'SITE-A' }).data, D1);
    await result('OK', D1);
    await result('CRITICAL', D1 + 18 * H);
    await result('OK', D1 + 21 * H);
    for (let at = D1 + 30 * 60_000; at <= D2 + 2 * H; at += 30 * 60_000) await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at }, at);
    await settledStatusProjector(bed);
    // The status changes reach the log after the ticks they come before (the status projection
    // caught up on a backlog): the next tick gives their days' final rows.
    await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at: D2 + 150 * 60_000 }, D2 + 150 * 60_000);
    await settledArProjector(bed);
    const rows = await bed.clickhouse.query<{ level: string; availability: number; up: number; final: number }>(sql`
      SELECT level, availability, up, final FROM ar_daily FINAL
      WHERE tenant = ${tenant} AND day = '2025-06-02' AND level IN ('endpoint', 'service', 'group', 'supergroup')
      ORDER BY level`);
    // CRITICAL 18:00-21:00: 21 h up of 24.
    const day = { availability: 87.5, up: 0.875, final: 1 };
    expect(rows).toEqual(['endpoint', 'group', 'service', 'supergroup'].map((level) => ({ level, ...day })));
    const minutes = await bed.clickhouse.query<{ status: string; minutes: number; freq: number }>(sql`
      SELECT status, minutes, freq FROM status_statistics_daily FINAL
      WHERE tenant = ${tenant} AND level = 'endpoint' AND day = '2025-06-02' ORDER BY status`);
    expect(minutes).toEqual([{ status: 'CRITICAL', minutes: 180, freq: 1 }, { status: 'OK', minutes: 1260, freq: 2 }]);
  }, 60_000);
});
