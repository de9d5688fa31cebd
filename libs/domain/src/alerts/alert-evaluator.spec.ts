import { describe, expect, it } from 'vitest';
import { expectSchemaRoundTrip } from '../shared/decider-spec';
import { MINUTE } from '../shared/time';
import type { StatusChangedData } from '../status/status.types';
import type { AlertEvent, AlertRuleData } from './alert.events';
import { AlertDowntimes } from './alert-downtimes';
import { AlertEvaluator } from './alert-evaluator';

const T0 = Date.UTC(2024, 4, 1, 12, 0);
const rule = (o: Partial<AlertRuleData> = {}): AlertRuleData => ({
  id: 'r1',
  name: 'endpoints',
  match: { level: 'endpoint', supergroup: null, endpointGroup: null, service: null, hostname: null, metric: null },
  statuses: ['CRITICAL', 'WARNING'],
  maxCheckAttempts: 3,
  notificationInterval: 30 * MINUTE,
  flapLowThreshold: 20,
  flapHighThreshold: 30,
  sendResolved: true,
  labels: { team: 'ops' },
  ...o,
});

const change = (status: string, minute: number, o: Partial<StatusChangedData> = {}): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI_CH', endpointGroup: 'CERN-PROD', function: '', service: 'SRM', hostname: 'srm.cern.ch', metric: '',
  status, previousStatus: '', since: T0 + minute * MINUTE, triggerEventId: null, ...o,
});

type Step = { status: string; at: number } | { tick: number } | { downtimeFrom: number; to: number };

/** given(rule) · when(steps) · then(kinds): the notifications, in order, as `KIND status`. */
function given(r: AlertRuleData = rule()) {
  const downtimes = new AlertDowntimes();
  downtimes.setService('s1', { hostname: 'srm.cern.ch', serviceType: 'SRM', site: 'CERN-PROD' });
  const evaluator = new AlertEvaluator((item, at) => downtimes.covers(item, at));
  evaluator.applyRule({ type: 'AlertRuleCreated', data: r }, T0);
  const events: AlertEvent[] = [];
  const when = (...steps: Step[]) => {
    for (const s of steps) {
      if ('status' in s) events.push(...evaluator.statusChanged(change(s.status, s.at)));
      else if ('tick' in s) events.push(...evaluator.tick(T0 + s.tick * MINUTE));
      else downtimes.setDowntime({ id: `d${s.downtimeFrom}`, services: ['s1'], severity: 'OUTAGE', start: T0 + s.downtimeFrom * MINUTE, end: T0 + s.to * MINUTE });
    }
    return { then: (expected: string[]) => (expect(events.map(describeEvent)).toEqual(expected), expectSchemaRoundTrip(events), events), evaluator };
  };
  return { when };
}

const describeEvent = (e: AlertEvent): string => (e.type === 'AlertRaised' ? `${e.data.kind} ${e.data.status}` : `RESOLVED ${e.data.status}`);
const ticks = (from: number, to: number): Step[] => Array.from({ length: to - from + 1 }, (_, i) => ({ tick: from + i }));

describe('soft and hard states', () => {
  it('keeps a new problem SOFT until it repeats maxCheckAttempts times, then notifies once', () =>
    given().when({ status: 'CRITICAL', at: 0 }, { tick: 1 }).then([]) && given().when({ status: 'CRITICAL', at: 0 }, { tick: 1 }, { tick: 2 }, { tick: 3 }).then(['PROBLEM CRITICAL']));

  it('notifies at once with maxCheckAttempts 1', () => given(rule({ maxCheckAttempts: 1 })).when({ status: 'CRITICAL', at: 0 }).then(['PROBLEM CRITICAL']));

  it('sends nothing for a SOFT problem that recovers (no recovery without a notified problem)', () =>
    given().when({ status: 'CRITICAL', at: 0 }, { tick: 1 }, { status: 'OK', at: 1.5 }, ...ticks(2, 5)).then([]));

  it('counts a change between problem statuses while SOFT as one more attempt', () =>
    given().when({ status: 'WARNING', at: 0 }, { status: 'CRITICAL', at: 0.5 }, { tick: 1 }).then(['PROBLEM CRITICAL']));

  it('makes a change from one HARD problem status to another HARD at once', () =>
    given().when({ status: 'WARNING', at: 0 }, ...ticks(1, 2), { status: 'CRITICAL', at: 2.5 }).then(['PROBLEM WARNING', 'PROBLEM CRITICAL']));

  it('resolves when the item recovers, with the same alert id as the problem', () => {
    const events = given().when({ status: 'CRITICAL', at: 0 }, ...ticks(1, 2), { status: 'OK', at: 3 }).then(['PROBLEM CRITICAL', 'RESOLVED OK']);
    expect(events[1].data.alertId).toBe(events[0].data.alertId);
  });

  it('resolves when a HARD problem moves to a status the rule does not alert on', () =>
    given(rule({ statuses: ['CRITICAL'] })).when({ status: 'CRITICAL', at: 0 }, ...ticks(1, 2), { status: 'WARNING', at: 3 }).then(['PROBLEM CRITICAL', 'RESOLVED WARNING']));

  it('never notifies a status outside the rule', () => given(rule({ statuses: ['CRITICAL'] })).when({ status: 'UNKNOWN', at: 0 }, ...ticks(1, 10)).then([]));

  it('raises a new alert (new id) for a problem after a recovery', () => {
    const events = given(rule({ maxCheckAttempts: 1 })).when({ status: 'CRITICAL', at: 0 }, { status: 'OK', at: 1 }, ...ticks(2, 30), { status: 'CRITICAL', at: 31 }).then(['PROBLEM CRITICAL', 'RESOLVED OK', 'PROBLEM CRITICAL']);
    expect(events[2].data.alertId).not.toBe(events[0].data.alertId);
  });
});

describe('re-notification', () => {
  it('re-notifies every notificationInterval while HARD, driven by clock ticks', () =>
    given(rule({ maxCheckAttempts: 1, notificationInterval: 10 * MINUTE })).when({ status: 'CRITICAL', at: 0 }, ...ticks(1, 25)).then(['PROBLEM CRITICAL', 'RENOTIFY CRITICAL', 'RENOTIFY CRITICAL']));

  it('never re-notifies with an interval of 0', () => given(rule({ maxCheckAttempts: 1, notificationInterval: 0 })).when({ status: 'CRITICAL', at: 0 }, ...ticks(1, 120)).then(['PROBLEM CRITICAL']));
});

describe('downtimes', () => {
  it('raises nothing during an OUTAGE downtime of the endpoint', () =>
    given(rule({ maxCheckAttempts: 1 })).when({ downtimeFrom: -10, to: 60 }, { status: 'CRITICAL', at: 0 }, ...ticks(1, 30)).then([]));

  it('raises a problem still there when the downtime ends', () =>
    given(rule({ maxCheckAttempts: 1 })).when({ downtimeFrom: -10, to: 5 }, { status: 'CRITICAL', at: 0 }, ...ticks(1, 6)).then(['PROBLEM CRITICAL']));

  it('stops re-notifying during a downtime, but still resolves a notified problem', () =>
    given(rule({ maxCheckAttempts: 1, notificationInterval: 5 * MINUTE })).when({ status: 'CRITICAL', at: 0 }, { downtimeFrom: 1, to: 60 }, ...ticks(1, 20), { status: 'OK', at: 21 }).then(['PROBLEM CRITICAL', 'RESOLVED OK']));

  it('ignores WARNING-severity downtimes', () => {
    const downtimes = new AlertDowntimes();
    downtimes.setService('s1', { hostname: 'srm.cern.ch', serviceType: 'SRM', site: 'CERN-PROD' });
    downtimes.setDowntime({ id: 'w', services: ['s1'], severity: 'WARNING', start: T0 - MINUTE, end: T0 + 60 * MINUTE });
    expect(downtimes.covers({ level: 'endpoint', endpointGroup: 'CERN-PROD', service: 'SRM', hostname: 'SRM.cern.ch' }, T0)).toBe(false);
  });

  it('covers a site only when every service of the site is down', () => {
    const downtimes = new AlertDowntimes();
    downtimes.setService('s1', { hostname: 'a', serviceType: 'SRM', site: 'S' });
    downtimes.setService('s2', { hostname: 'b', serviceType: 'CE', site: 'S' });
    downtimes.setDowntime({ id: 'd', services: ['s1'], severity: 'OUTAGE', start: T0, end: T0 + MINUTE });
    const group = { level: 'group' as const, endpointGroup: 'S', service: '', hostname: '' };
    expect(downtimes.covers(group, T0)).toBe(false);
    expect(downtimes.covers({ ...group, level: 'service', service: 'SRM' }, T0)).toBe(true);
    downtimes.setDowntime({ id: 'd2', services: ['s2'], severity: 'OUTAGE', start: T0, end: T0 + MINUTE });
    expect(downtimes.covers(group, T0)).toBe(true);
    expect(downtimes.covers(group, T0 + MINUTE)).toBe(false);
  });
});

describe('flapping', () => {
  const flaps = (from: number, n: number): Step[] => Array.from({ length: n }, (_, i) => ({ status: i % 2 === 0 ? 'CRITICAL' : 'OK', at: from + i * 0.1 }));

  it('notifies FLAPPINGSTART and then no problems once the state change reaches 30 %, and FLAPPINGSTOP at 20 %', () =>
    given(rule({ maxCheckAttempts: 1, notificationInterval: 0 }))
      .when(...flaps(0, 8), ...ticks(1, 30))
      // 6 transitions in the newest positions weigh ~34 %: the 7th result starts the flapping; silence until it decays to 20 %.
      .then(['PROBLEM CRITICAL', 'RESOLVED OK', 'PROBLEM CRITICAL', 'RESOLVED OK', 'PROBLEM CRITICAL', 'RESOLVED OK', 'FLAPPINGSTART CRITICAL', 'FLAPPINGSTOP OK']));

  it('raises the problem that remains when the flapping stops', () =>
    given(rule({ maxCheckAttempts: 1, notificationInterval: 0 }))
      .when(...flaps(0, 9), ...ticks(1, 30))
      .then(['PROBLEM CRITICAL', 'RESOLVED OK', 'PROBLEM CRITICAL', 'RESOLVED OK', 'PROBLEM CRITICAL', 'RESOLVED OK', 'FLAPPINGSTART CRITICAL', 'FLAPPINGSTOP CRITICAL', 'PROBLEM CRITICAL']));
});

describe('rules as data', () => {
  it('watches only items its match selects', () => {
    const { evaluator } = given(rule({ maxCheckAttempts: 1, match: { level: 'endpoint', supergroup: null, endpointGroup: 'OTHER', service: null, hostname: null, metric: null } })).when();
    expect(evaluator.statusChanged(change('CRITICAL', 0))).toEqual([]);
    expect(evaluator.statusChanged(change('CRITICAL', 0, { level: 'metric', metric: 'm', endpointGroup: 'OTHER' }))).toEqual([]);
    expect(evaluator.statusChanged(change('CRITICAL', 0, { endpointGroup: 'OTHER' })).map(describeEvent)).toEqual(['PROBLEM CRITICAL']);
  });

  it('starts a new rule from the items failing now', () => {
    const evaluator = new AlertEvaluator();
    evaluator.statusChanged(change('CRITICAL', 0));
    const events = evaluator.applyRule({ type: 'AlertRuleCreated', data: rule({ maxCheckAttempts: 1 }) }, T0 + MINUTE);
    expect(events.map(describeEvent)).toEqual(['PROBLEM CRITICAL']);
    expect(events[0].data).toMatchObject({ level: 'endpoint', endpointGroup: 'CERN-PROD', service: 'SRM', hostname: 'srm.cern.ch', labels: { team: 'ops' } });
  });

  it('resolves the open alerts of a removed rule', () => {
    const { evaluator } = given(rule({ maxCheckAttempts: 1 })).when({ status: 'CRITICAL', at: 0 });
    expect(evaluator.applyRule({ type: 'AlertRuleRemoved', data: { id: 'r1' } }, T0 + MINUTE).map(describeEvent)).toEqual(['RESOLVED RULE_REMOVED']);
    expect(evaluator.tick(T0 + 60 * MINUTE)).toEqual([]);
  });

  it('gives the same alert ids on a replay', () => {
    const run = () => given(rule({ maxCheckAttempts: 1 })).when({ status: 'CRITICAL', at: 0 }, { status: 'OK', at: 2 }).then(['PROBLEM CRITICAL', 'RESOLVED OK']);
    expect(run().map((e) => e.data.alertId)).toEqual(run().map((e) => e.data.alertId));
  });
});
