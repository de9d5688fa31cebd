import { describe, expect, it } from 'vitest';
import { positionOf, type RecordedEvent } from '@vigil/events';
import { arProjection, type ArWrite } from './ar.projection';

const H = 3_600_000;
const D1 = Date.parse('2025-03-03T00:00:00Z');
const D2 = D1 + 24 * H;

let seq = 0;
function recorded(type: string, data: unknown, tenant = 'acme'): RecordedEvent {
  seq++;
  return {
    eventId: `e${seq}`, type, schemaVersion: 1, fingerprint: '', tenant, category: 'x', streamId: 'x',
    occurredAt: 0, recordedAt: 0, correlationId: null, causationId: null, data, revision: 0, position: positionOf(seq, 0),
  };
}

const tick = (at: number) => recorded('ClockTicked', { at }, '_system');
const group = (site: string, status: string, since: number, tenant = 'acme') =>
  recorded('StatusChanged', { level: 'group', supergroup: 'NGI_A', endpointGroup: site, function: '', service: '', hostname: '', metric: '', status, previousStatus: '', since, triggerEventId: null }, tenant);
const weights = (w: Record<string, number>, tenant = 'acme') => recorded('WeightsSet', { name: 'weights', profile: JSON.stringify(w), source: null }, tenant);

type Row = ArWrite['daily'][number] & { status?: string; month?: string; day?: string };

const rowsOf = (w: ArWrite, level: string) => w.daily.filter((r) => r.level === level).map((r) => `${r.tenant} ${r.endpoint_group || r.supergroup} ${r.day} ${r.availability} final=${r.final}`);

describe('continuous A/R projection', () => {
  it('rewrites the open day at most every 5 minutes of event time and once per batch, as of the batch’s last due tick', () => {
    const p = arProjection({ partialWithinMs: Infinity, graceMs: H });
    const t0 = tick(D1 + 10 * H);
    const w = p.applyBatch([group('SITE-A', 'OK', D1), group('SITE-A', 'CRITICAL', D1 + 5 * H), t0, tick(D1 + 10 * H + 60_000), tick(D1 + 10 * H + 4 * 60_000)]);
    // As of the due tick t0 (the later ticks are not due): OK 5 h, CRITICAL 5 h, whatever follows in the batch.
    expect(rowsOf(w, 'group')).toEqual(['acme SITE-A 2025-03-03 50 final=0']);
    expect(w.daily[0].position).toBe(t0.position);
    const catchUp = arProjection({ partialWithinMs: Infinity, graceMs: H }).applyBatch([group('SITE-A', 'OK', D1), tick(D1 + H), tick(D1 + 2 * H), tick(D1 + 3 * H)]);
    expect(rowsOf(catchUp, 'group')).toEqual(['acme SITE-A 2025-03-03 100 final=0']);
    const later = p.applyBatch([tick(D1 + 10 * H + 5 * 60_000)]);
    expect(rowsOf(later, 'group')).toEqual(['acme SITE-A 2025-03-03 49.58678 final=0']);
    expect(later.statistics.map((r) => `${r.status} ${r.minutes} ${r.freq}`)).toEqual(['OK 300 1', 'CRITICAL 305 1']);
    expect(later.flapping.map((r) => r.flipflops)).toEqual([1]);
    expect(later.monthly.map((r) => `${r.level} ${r.month} ${r.availability} ${r.days} final=${r.final}`)).toEqual(['group 2025-03-01 49.587 1 final=0', 'supergroup 2025-03-01 49.58678 1 final=0']);
  });

  it('writes final rows once when the day plus the grace period has passed', () => {
    const p = arProjection({ partialWithinMs: Infinity, graceMs: H });
    p.applyBatch([group('SITE-A', 'OK', D1), group('SITE-A', 'CRITICAL', D1 + 18 * H), tick(D1 + 12 * H)]);
    const w = p.applyBatch([tick(D2 + H)]);
    expect(rowsOf(w, 'group')).toEqual(['acme SITE-A 2025-03-03 75 final=1', 'acme SITE-A 2025-03-04 0 final=0']);
    const again = p.applyBatch([tick(D2 + H + 5 * 60_000), tick(D2 + H + 10 * 60_000)]);
    expect(again.daily.filter((r) => r.final === 1)).toEqual([]);
  });

  it('writes supergroup rows by the w + 1 rule with the tenant’s latest weights, -1 when undefined', () => {
    const p = arProjection({ partialWithinMs: Infinity, graceMs: 0 });
    const w = p.applyBatch([
      weights({ 'SITE-A': 1 }),
      weights({ 'SITE-A': 3 }),
      group('SITE-A', 'OK', D1), group('SITE-A', 'CRITICAL', D1 + 18 * H),
      group('SITE-B', 'OK', D1), group('SITE-B', 'CRITICAL', D1 + 12 * H),
      group('SITE-C', 'UNKNOWN', D1, 'other'),
      tick(D2),
    ]);
    // (75 × 4 + 50 × 1) / 5 = 70
    expect(rowsOf(w, 'supergroup')).toEqual(['acme NGI_A 2025-03-03 70 final=1', 'other NGI_A 2025-03-03 -1 final=1']);
  });

  it('moves every tenant’s time with the platform ticks and keeps tenants apart', () => {
    const p = arProjection({ partialWithinMs: Infinity });
    const w = p.applyBatch([group('SITE-A', 'OK', D1), group('SITE-A', 'CRITICAL', D1, 'other'), tick(D1 + 6 * H)]);
    expect(rowsOf(w, 'group')).toEqual(['acme SITE-A 2025-03-03 100 final=0', 'other SITE-A 2025-03-03 0 final=0']);
  });

  it('skips a redelivered batch and writes no partial rows for ticks long past (a catch-up replay)', () => {
    const p = arProjection({ partialWithinMs: 2 * 24 * H, graceMs: 0 });
    const batch = [group('SITE-A', 'OK', D1), tick(D1 + 6 * H)];
    const first = p.applyBatch(batch);
    expect(first.daily).toEqual([]);
    expect(p.applyBatch(batch).daily).toEqual([]);
    expect(rowsOf(p.applyBatch([tick(D2)]), 'group')).toEqual(['acme SITE-A 2025-03-03 100 final=1']);
    expect(p.tenants.get('acme')?.clock).toBe(D2);
  });

  it('yields the same rows whatever the batch boundaries (a replay with other batch sizes)', () => {
    const log: RecordedEvent[] = [weights({ 'SITE-A': 2, 'SITE-B': 1 })];
    const statuses = ['OK', 'CRITICAL', 'WARNING', 'OK', 'UNKNOWN'];
    // A tick a minute (one in five due), a change every 37 minutes, between the ticks and at the log's end.
    for (let m = 0; m <= 2 * 24 * 60 + 92; m++) {
      log.push(tick(D1 + m * 60_000));
      if (m % 37 === 0 || m === 2 * 24 * 60 + 92) log.push(group(m % 2 ? 'SITE-A' : 'SITE-B', statuses[m % 5], D1 + m * 60_000 + 30_000));
    }
    /** The rows a ReplacingMergeTree keeps: per table and ORDER BY key the highest position, the last written on a tie. */
    const kept = (size: number) => {
      const p = arProjection({ partialWithinMs: Infinity, graceMs: H });
      const rows: Record<string, Row> = {};
      for (let i = 0; i < log.length; i += size) {
        const w = p.applyBatch(log.slice(i, i + size));
        for (const [table, list] of Object.entries(w) as [string, Row[]][]) {
          for (const r of list) {
            const key = [table, r.tenant, r.level, r.supergroup, r.endpoint_group, r.function, r.service, r.hostname, r.day ?? r.month, r.status ?? ''].join(' ');
            if (!rows[key] || rows[key].position <= r.position) rows[key] = r;
          }
        }
      }
      return rows;
    };
    const whole = kept(log.length);
    expect(Object.values(whole).filter((r) => r.final === 0).length).toBeGreaterThan(0);
    expect(Object.values(whole).filter((r) => r.final === 1).length).toBeGreaterThan(0);
    for (const size of [1, 7, 40, 333]) expect(kept(size)).toEqual(whole);
  });
});
