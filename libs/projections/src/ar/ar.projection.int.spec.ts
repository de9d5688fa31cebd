import { describe, expect, it } from 'vitest';
import { catalog } from '@vigil/events';
import { sql } from '@vigil/read-models';
import { randomRun, useEventStoreBed } from '@vigil/testing';
import { hostArProjector, type HostedArProjector } from './ar-projector';

const tenant = `t${randomRun()}`;
const H = 3_600_000;
const D1 = Date.parse('2025-03-03T00:00:00Z');
const D2 = D1 + 24 * H;

const bed = useEventStoreBed('ar');

const keys = (level: string, site: string, service = '', hostname = '') => ({
  level, supergroup: 'NGI_A', endpointGroup: site, function: service ? 'storage' : '', service, hostname, metric: '',
});

const changed = (k: ReturnType<typeof keys>, status: string, since: number) =>
  bed.append(tenant, 'status', 'shard-0', 'StatusChanged', { ...k, status, previousStatus: '', since, triggerEventId: null });

async function ticks(from: number, to: number): Promise<void> {
  for (let at = from; at <= to; at += 15 * 60_000) await bed.append('_system', 'clock', 'minutes', 'ClockTicked', { at });
}

async function start(): Promise<HostedArProjector> {
  const p = await hostArProjector(bed.nc, { clickhouse: bed.clickhouse, schemas: catalog(), stream: bed.stream, prefix: bed.prefix, graceMs: H, partialWithinMs: Infinity, maxWaitMs: 20, onError: (err) => console.error(err) });
  bed.started(p);
  return p;
}

const settle = (p: { name: string; durable: string }) => bed.settle(p, { attempts: 400 });

const daily = async () =>
  (
    await bed.clickhouse.query<{ row: string }>(sql`
      SELECT concat(level, ' ', if(endpoint_group = '', supergroup, endpoint_group), if(hostname = '', '', concat('/', hostname)), ' ', toString(day), ' A=', toString(availability), ' R=', toString(reliability), ' final=', toString(final)) AS row
      FROM ar_daily FINAL WHERE tenant = ${tenant} ORDER BY row`)
  ).map((r) => r.row);

describe('continuous A/R on NATS and ClickHouse', () => {
  let first: HostedArProjector;

  it('writes final rows for a finished day and the day so far for today', async () => {
    await bed.append(tenant, 'profile', 'weights', 'WeightsSet', { name: 'weights', profile: JSON.stringify({ 'SITE-A': 3 }), source: null });
    await ticks(D1, D1);
    await changed(keys('endpoint', 'SITE-A', 'SRM', 'se.a.org'), 'OK', D1);
    await changed(keys('endpoint', 'SITE-A', 'SRM', 'se.a.org'), 'DOWNTIME', D1 + 12 * H);
    await changed(keys('group', 'SITE-A'), 'OK', D1);
    await changed(keys('group', 'SITE-A'), 'CRITICAL', D1 + 18 * H);
    await changed(keys('group', 'SITE-B'), 'OK', D1);
    await changed(keys('group', 'SITE-B'), 'CRITICAL', D1 + 12 * H);
    await ticks(D1 + 15 * 60_000, D2 + 6 * H);
    first = await start();
    await settle(first);
    expect(await daily()).toEqual([
      'endpoint SITE-A/se.a.org 2025-03-03 A=50 R=100 final=1',
      'endpoint SITE-A/se.a.org 2025-03-04 A=0 R=-1 final=0',
      'group SITE-A 2025-03-03 A=75 R=75 final=1',
      'group SITE-A 2025-03-04 A=0 R=0 final=0',
      'group SITE-B 2025-03-03 A=50 R=50 final=1',
      'group SITE-B 2025-03-04 A=0 R=0 final=0',
      // (75 × (3 + 1) + 50 × 1) / 5
      'supergroup NGI_A 2025-03-03 A=70 R=70 final=1',
      'supergroup NGI_A 2025-03-04 A=0 R=0 final=0',
    ]);
    const stats = await bed.clickhouse.query<{ status: string; minutes: number; freq: number }>(sql`
      SELECT status, minutes, freq FROM status_statistics_daily FINAL
      WHERE tenant = ${tenant} AND level = 'group' AND endpoint_group = 'SITE-A' AND day = '2025-03-03' ORDER BY status`);
    expect(stats).toEqual([{ status: 'CRITICAL', minutes: 360, freq: 1 }, { status: 'OK', minutes: 1080, freq: 1 }]);
    const flapping = await bed.clickhouse.query<{ flipflops: number }>(sql`SELECT flipflops FROM flapping_daily FINAL WHERE tenant = ${tenant} AND level = 'group' AND endpoint_group = 'SITE-B' AND day = '2025-03-03'`);
    expect(flapping).toEqual([{ flipflops: 1 }]);
    const monthly = await bed.clickhouse.query<{ availability: number; days: number; final: number }>(sql`
      SELECT availability, days, final FROM ar_monthly FINAL WHERE tenant = ${tenant} AND level = 'group' AND endpoint_group = 'SITE-A' AND month = '2025-03-01'`);
    // Day 1 up 0.75, day 2 so far up 0: 0.375 / 1.00000001.
    expect(monthly).toEqual([{ availability: 37.5, days: 2, final: 0 }]);
  });

  it('gives the same rows after a restart, which folds the log again, and moves on with new events', async () => {
    first.subscription.unsubscribe();
    await new Promise((r) => setTimeout(r, 100));
    const before = await daily();
    await changed(keys('group', 'SITE-B'), 'OK', D2 + 7 * H);
    await ticks(D2 + 7 * H, D2 + 9 * H);
    const again = await start();
    await settle(again);
    const after = await daily();
    expect(after.filter((r) => !r.includes('SITE-B 2025-03-04') && !r.includes('NGI_A 2025-03-04'))).toEqual(before.filter((r) => !r.includes('SITE-B 2025-03-04') && !r.includes('NGI_A 2025-03-04')));
    // SITE-B: CRITICAL 00:00-07:00, OK 07:00-09:00 → 2 / 9.
    expect(after).toContain('group SITE-B 2025-03-04 A=22.22222 R=22.22222 final=0');
  });
});
