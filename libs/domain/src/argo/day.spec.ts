import { describe, it, expect } from 'vitest';
import { computeArgoDay, type ArgoDayInput } from './day';
import type { MetricResult } from './model';
import { egiOps } from './test-ops';

const DATE = '2022-01-14';
const result = (time: string, metric: string, status: string, hostname = 'h1'): MetricResult => ({
  timestamp: `${time.includes('T') ? time : `${DATE}T${time}`}Z`,
  service: 'CE',
  hostname,
  metric,
  status,
});

function day(overrides: Partial<ArgoDayInput>): ArgoDayInput {
  return {
    date: DATE,
    ops: egiOps(),
    aggregation: {
      metric_operation: 'AND',
      profile_operation: 'AND',
      groups: [{ name: 'compute', operation: 'OR', services: [{ name: 'CE', operation: 'OR' }] }],
    },
    metricProfile: { services: [{ service: 'CE', metrics: ['m1', 'm2'] }] },
    endpoints: [{ group: 'SITE', type: 'SITES', service: 'CE', hostname: 'h1' }],
    groups: [{ group: 'NGI', type: 'NGI', subgroup: 'SITE' }],
    results: [],
    previous: [],
    ...overrides,
  };
}

const statuses = (tl: { t: number[]; s: number[] }) => tl.t.map((t, i) => `${t}:${egiOps().name(tl.s[i])}`);

describe('one ARGO day', () => {
  it('starts each metric with yesterday’s last result, moved to 00:00:00', () => {
    const out = computeArgoDay(
      day({
        previous: [result('2022-01-13T10:00:00', 'm1', 'CRITICAL'), result('2022-01-13T23:30:00', 'm1', 'OK'), result('2022-01-13T22:00:00', 'm2', 'OK')],
        results: [result('06:00:00', 'm1', 'WARNING')],
      }),
    );
    expect(statuses(out.endpoints[0].timeline)).toEqual(['0:OK', '21600:WARNING']);
  });

  it('fills a metric with no result yesterday or today as MISSING, which makes the day unknown', () => {
    const out = computeArgoDay(day({ results: [result('00:00:00', 'm1', 'OK')] }));
    const m2 = out.metrics.find((m) => m.metric === 'm2')!;
    expect(statuses(m2.timeline)).toEqual(['0:MISSING']);
    expect(out.endpoints[0].ar).toEqual({ availability: -1, reliability: -1, up: 0, unknown: 1, down: 0 });
  });

  it('drops results of hosts outside the topology and metrics outside the profile', () => {
    const out = computeArgoDay(
      day({ results: [result('00:00:00', 'm1', 'OK'), result('00:00:00', 'm2', 'OK'), result('01:00:00', 'mX', 'CRITICAL'), result('01:00:00', 'm1', 'CRITICAL', 'hX')] }),
    );
    expect(out.endpoints).toHaveLength(1);
    expect(statuses(out.endpoints[0].timeline)).toEqual(['0:OK']);
  });

  it('puts an endpoint in downtime over the downtime clipped to the day and resumes the minute after it ends', () => {
    const out = computeArgoDay(
      day({
        results: [result('00:00:00', 'm1', 'OK'), result('00:00:00', 'm2', 'OK')],
        downtimes: [{ hostname: 'h1', service: 'CE', start_time: '2022-01-13T20:00:00Z', end_time: '2022-01-14T05:59:00Z' }],
      }),
    );
    expect(statuses(out.endpoints[0].timeline)).toEqual(['0:DOWNTIME', '21600:OK']);
    expect(out.endpoints[0].ar.down).toBe(0.25);
  });

  it('gives undefined reliability when downtime covers the whole day', () => {
    const out = computeArgoDay(
      day({
        results: [result('00:00:00', 'm1', 'OK'), result('00:00:00', 'm2', 'OK')],
        downtimes: [{ hostname: 'h1', service: 'CE', start_time: '2022-01-10T00:00:00Z', end_time: '2022-01-20T00:00:00Z' }],
      }),
    );
    expect(out.endpoints[0].ar).toEqual({ availability: 0, reliability: -1, up: 0, unknown: 0, down: 1 });
  });

  it('turns excluded metrics into EXCLUDED over the period so the other metrics decide', () => {
    const out = computeArgoDay(
      day({
        results: [result('00:00:00', 'm1', 'CRITICAL'), result('00:00:00', 'm2', 'OK')],
        recomputations: [{ start_time: '2022-01-13T00:00:00Z', end_time: '2022-01-14T11:59:59Z', exclude_metrics: [{ metric: 'm1' }] }],
      }),
    );
    const m1 = out.metrics.find((m) => m.metric === 'm1')!;
    expect(statuses(m1.timeline)).toEqual(['0:EXCLUDED', '43200:CRITICAL']);
    expect(statuses(out.endpoints[0].timeline)).toEqual(['0:OK', '43200:CRITICAL']);
  });

  it('drops results of an excluded monitoring source within its period', () => {
    const out = computeArgoDay(
      day({
        results: [result('00:00:00', 'm1', 'OK'), result('00:00:00', 'm2', 'OK'), { ...result('03:00:00', 'm1', 'CRITICAL'), monitoringHost: 'monA' }],
        recomputations: [{ start_time: DATE, end_time: DATE, exclude_monitoring_source: [{ host: 'monA', start_time: `${DATE}T00:00:00Z`, end_time: `${DATE}T23:59:59Z` }] }],
      }),
    );
    expect(statuses(out.endpoints[0].timeline)).toEqual(['0:OK']);
  });

  it('counts an excluded endpoint group as unknown in its A/R, leaving its status as is', () => {
    const out = computeArgoDay(
      day({
        results: [result('00:00:00', 'm1', 'OK'), result('00:00:00', 'm2', 'OK')],
        recomputations: [{ start_time: `${DATE}T00:00:00Z`, end_time: `${DATE}T11:59:00Z`, exclude: ['SITE'] }],
      }),
    );
    expect(statuses(out.groups[0].timeline)).toEqual(['0:OK']);
    expect(out.groups[0].ar.unknown).toBe(0.5);
    expect(out.groups[0].ar.availability).toBe(100);
  });

  it('weighs member groups into a supergroup A/R', () => {
    const out = computeArgoDay(
      day({
        endpoints: [
          { group: 'SITE', type: 'SITES', service: 'CE', hostname: 'h1' },
          { group: 'SITE2', type: 'SITES', service: 'CE', hostname: 'h2' },
        ],
        groups: [
          { group: 'NGI', type: 'NGI', subgroup: 'SITE' },
          { group: 'NGI', type: 'NGI', subgroup: 'SITE2' },
        ],
        results: [result('00:00:00', 'm1', 'OK'), result('00:00:00', 'm2', 'OK'), result('00:00:00', 'm1', 'OK', 'h2'), result('00:00:00', 'm2', 'OK', 'h2'), result('12:00:00', 'm1', 'CRITICAL', 'h2')],
        weights: new Map([['SITE2', 3]]),
      }),
    );
    // SITE 100 with weight 0+1, SITE2 50 with weight 3+1.
    expect(out.supergroups[0]).toMatchObject({ supergroup: 'NGI', availability: 60, reliability: 60 });
  });
});
