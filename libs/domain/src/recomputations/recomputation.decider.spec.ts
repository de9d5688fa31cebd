import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { DAY, HOUR } from '../shared/time';
import type { RecomputationEvent, RecomputationRequestedData } from './recomputation.events';
import { affectedDays, recomputationDecider, type RecomputationRequest } from './recomputation.decider';
import { toArgoRecomputation } from './recomputation-input';

const NOW = Date.parse('2025-06-10T08:00:00Z');
const given = deciderSpec(recomputationDecider, () => ({ view: undefined, now: NOW }));

const request = (o: Partial<RecomputationRequest> = {}): RecomputationRequest => ({
  id: 'r1',
  reason: 'GGUS #1234: broken probe',
  requester: 'ops@egi.eu',
  start: Date.parse('2025-06-02T18:00:00Z'),
  end: Date.parse('2025-06-03T20:59:59Z'),
  exclude: ['SITE-A'],
  excludeMetrics: [],
  excludeMonitoringSource: [],
  appliedStatusChanges: [],
  ...o,
});
const requested = (o: Partial<RecomputationRequest> = {}): RecomputationEvent => ({ type: 'RecomputationRequested', data: { ...request(o), requestedAt: NOW } });
const started: RecomputationEvent = { type: 'RecomputationStarted', data: { id: 'r1', days: ['2025-06-02', '2025-06-03'], at: NOW } };
const completed: RecomputationEvent = { type: 'RecomputationCompleted', data: { id: 'r1', days: ['2025-06-02', '2025-06-03'], at: NOW } };
const withdrawn: RecomputationEvent = { type: 'RecomputationWithdrawn', data: { id: 'r1', reason: 'wrong site', at: NOW } };

describe('recomputations', () => {
  it('records a request with its exclusions and the time it was made', () => given().when({ type: 'RequestRecomputation', request: request() }).then([requested()]));

  it('keeps every kind of change ARGO knows', () => {
    const all = {
      excludeMetrics: [{ group: null, service: 'SRMv2', hostname: null, metric: 'put' }],
      excludeMonitoringSource: [{ host: 'mon.a.org', start: Date.parse('2025-06-02T00:00:00Z'), end: Date.parse('2025-06-02T12:00:00Z') }],
      appliedStatusChanges: [{ group: 'SITE-B', service: null, hostname: null, metric: null, status: 'OK', start: null, end: null }],
    };
    given().when({ type: 'RequestRecomputation', request: request(all) }).then([requested(all)]);
  });

  it('refuses a period that does not start before it ends', () =>
    given().when({ type: 'RequestRecomputation', request: request({ end: Date.parse('2025-06-02T18:00:00Z') }) }).thenRejects('START_NOT_BEFORE_END', 'end_time'));
  it('refuses a period ending in the future', () => given().when({ type: 'RequestRecomputation', request: request({ end: NOW + HOUR }) }).thenRejects('PERIOD_IN_FUTURE', 'end_time'));
  it('refuses a period ending today, whose figures are not final', () => given().when({ type: 'RequestRecomputation', request: request({ end: NOW - HOUR }) }).thenRejects('DAY_NOT_OVER', 'end_time'));
  it('refuses a period longer than a year', () => given().when({ type: 'RequestRecomputation', request: request({ start: NOW - 400 * DAY }) }).thenRejects('PERIOD_TOO_LONG', 'start_time'));
  it('refuses a request that changes nothing', () => given().when({ type: 'RequestRecomputation', request: request({ exclude: [] }) }).thenRejects('NOTHING_TO_RECOMPUTE'));
  it('refuses a metric exclusion that matches every metric', () =>
    given().when({ type: 'RequestRecomputation', request: request({ excludeMetrics: [{ group: null, service: null, hostname: null, metric: null }] }) }).thenRejects('EMPTY_METRIC_EXCLUSION', 'exclude_metrics.0'));
  it('refuses the same id twice', () => given([requested()]).when({ type: 'RequestRecomputation', request: request() }).thenRejects('RECOMPUTATION_EXISTS', 'id'));

  it('starts a pending recomputation over the days its period touches', () => given([requested()]).when({ type: 'StartRecomputation', id: 'r1' }).then([started]));
  it('does not start one twice', () => given([requested(), started]).when({ type: 'StartRecomputation', id: 'r1' }).thenRejects('RECOMPUTATION_NOT_PENDING'));
  it('does not start a withdrawn one', () => given([requested(), withdrawn]).when({ type: 'StartRecomputation', id: 'r1' }).thenRejects('RECOMPUTATION_NOT_PENDING'));
  it('completes a running one', () => given([requested(), started]).when({ type: 'CompleteRecomputation', id: 'r1', days: ['2025-06-02', '2025-06-03'] }).then([completed]));
  it('reports a failure of a running one', () =>
    given([requested(), started]).when({ type: 'FailRecomputation', id: 'r1', error: 'ClickHouse down' }).then([{ type: 'RecomputationFailed', data: { id: 'r1', error: 'ClickHouse down', at: NOW } }]));

  it('withdraws a done recomputation', () => given([requested(), started, completed]).when({ type: 'WithdrawRecomputation', id: 'r1', reason: 'wrong site' }).then([withdrawn]));
  it('withdraws a pending one', () => given([requested()]).when({ type: 'WithdrawRecomputation', id: 'r1', reason: 'wrong site' }).then([withdrawn]));
  it('does not withdraw a running one', () => given([requested(), started]).when({ type: 'WithdrawRecomputation', id: 'r1', reason: null }).thenRejects('RECOMPUTATION_NOT_WITHDRAWABLE'));
  it('does not withdraw twice', () => given([requested(), withdrawn]).when({ type: 'WithdrawRecomputation', id: 'r1', reason: null }).thenRejects('RECOMPUTATION_NOT_WITHDRAWABLE'));
  it('answers not found for an unknown recomputation', () => given().when({ type: 'WithdrawRecomputation', id: 'r1', reason: null }).thenNotFound('recomputation'));
});

describe('affected days and ARGO input', () => {
  it('covers every UTC day from the start’s through the end’s', () => {
    expect(affectedDays(Date.parse('2025-06-02T18:00:00Z'), Date.parse('2025-06-04T00:00:00Z'))).toEqual(['2025-06-02', '2025-06-03', '2025-06-04']);
  });

  it('maps a request to ARGO’s recomputation fields, leaving out unnamed keys', () => {
    const data: RecomputationRequestedData = {
      ...request({ excludeMetrics: [{ group: null, service: 'SRMv2', hostname: null, metric: 'put' }], appliedStatusChanges: [{ group: 'SITE-B', service: null, hostname: null, metric: null, status: 'OK', start: null, end: Date.parse('2025-06-02T20:00:00Z') }] }),
      requestedAt: NOW,
    };
    expect(toArgoRecomputation(data)).toEqual({
      start_time: '2025-06-02T18:00:00Z',
      end_time: '2025-06-03T20:59:59Z',
      exclude: ['SITE-A'],
      exclude_metrics: [{ service: 'SRMv2', metric: 'put' }],
      exclude_monitoring_source: [],
      applied_status_changes: [{ group: 'SITE-B', status: 'OK', end_time: '2025-06-02T20:00:00Z' }],
    });
  });
});
