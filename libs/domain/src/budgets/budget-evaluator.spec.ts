import { describe, expect, it } from 'vitest';
import type { AlertRuleData, AlertEvent } from '../alerts/alert.events';
import { catalog } from '@vigil/events';
import { DAY, HOUR, MINUTE } from '../shared/time';
import type { StatusChangedData } from '../status/status.types';
import { BudgetEvaluator } from './budget-evaluator';
import { DEFAULT_BURN_RATE_WINDOWS } from './error-budget.decider';
import type { ErrorBudgetData } from './error-budget.events';

const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE);
const m = (minutes: number) => T0 + minutes * MINUTE;

const budget = (o: Partial<ErrorBudgetData> = {}): ErrorBudgetData => ({
  id: 'b1',
  name: 'SRM availability',
  ruleId: null,
  match: { level: 'endpoint', supergroup: null, endpointGroup: null, service: 'SRM', hostname: null, metric: null },
  objective: 'availability',
  target: 0.8,
  window: 30 * DAY,
  burnRateWindows: DEFAULT_BURN_RATE_WINDOWS.map((w) => ({ ...w })),
  labels: {},
  ...o,
});
const change = (hostname: string, status: string, at: number, service = 'SRM'): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI_X', endpointGroup: 'SITE-A', function: '', service, hostname, metric: '', status, previousStatus: '', since: at, triggerEventId: null,
});

function world(b: ErrorBudgetData) {
  const e = new BudgetEvaluator();
  e.tick(T0);
  e.applyBudget({ type: 'ErrorBudgetCreated', data: b }, T0);
  return e;
}
/** Ticks every minute from `from` to `to` (inclusive) and collects what they raise and resolve. */
function ticks(e: BudgetEvaluator, from: number, to: number): AlertEvent[] {
  const out: AlertEvent[] = [];
  for (let t = from; t <= to; t += MINUTE) out.push(...e.tick(t));
  return out;
}
const encodable = (events: AlertEvent[]) => events.forEach((a) => catalog().encode(a.type, a.data));

describe('error budget figures (availability as ARGO: up / known)', () => {
  it('one endpoint up and one CRITICAL for an hour: availability 0.5, 2.5 times the 80 % budget spent', () => {
    const e = world(budget());
    e.statusChanged(change('a.example.org', 'OK', T0));
    e.statusChanged(change('b.example.org', 'CRITICAL', T0));
    ticks(e, m(1), m(60));
    const f = e.figures('b1')!;
    expect(f).toMatchObject({ at: m(60), goodMs: 60 * MINUTE, validMs: 120 * MINUTE, availability: 0.5 });
    // error rate 0.5 over an allowed 0.2
    expect(f.consumed).toBeCloseTo(2.5, 10);
    expect(f.remaining).toBeCloseTo(-1.5, 10);
    expect(f.burnRates.map((b) => b.longBurnRate)).toEqual(f.burnRates.map(() => expect.closeTo(2.5, 10)));
  });

  it('counts DOWNTIME as known and not up for availability, and leaves it out for reliability', () => {
    for (const [objective, availability] of [['availability', 0.75], ['reliability', 1]] as const) {
      const e = world(budget({ objective }));
      e.statusChanged(change('a.example.org', 'OK', T0));
      e.statusChanged(change('b.example.org', 'OK', T0));
      e.statusChanged(change('b.example.org', 'DOWNTIME', m(30)));
      ticks(e, m(1), m(60));
      // a: 60 up; b: 30 up, 30 downtime → 90 / 120 (availability), 90 / 90 (reliability)
      expect(e.figures('b1')!.availability, objective).toBeCloseTo(availability, 10);
    }
  });

  it('leaves UNKNOWN and MISSING time out, counts WARNING as up, and ignores items the budget does not match', () => {
    const e = world(budget());
    e.statusChanged(change('a.example.org', 'WARNING', T0));
    e.statusChanged(change('b.example.org', 'UNKNOWN', T0));
    e.statusChanged(change('c.example.org', 'MISSING', T0));
    e.statusChanged(change('d.example.org', 'CRITICAL', T0, 'CREAM-CE'));
    e.statusChanged(change('a.example.org', 'CRITICAL', m(45)));
    ticks(e, m(1), m(60));
    // only a counts: 45 min up, 15 critical
    expect(e.figures('b1')).toMatchObject({ goodMs: 45 * MINUTE, validMs: 60 * MINUTE, availability: 0.75 });
    expect(e.figures('b1')!.consumed).toBeCloseTo(1.25, 10);
  });

  it('has no figures before anything is known', () => {
    const e = world(budget());
    ticks(e, m(1), m(10));
    expect(e.figures('b1')).toMatchObject({ availability: null, consumed: null, remaining: null });
    expect(e.figures('b1')!.burnRates.every((b) => b.longBurnRate === null && !b.firing)).toBe(true);
  });

  it('forgets what happened before the budget window', () => {
    const e = world(budget({ window: 2 * HOUR, burnRateWindows: [{ severity: 'ticket', longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 100 }] }));
    e.statusChanged(change('a.example.org', 'CRITICAL', T0));
    e.statusChanged(change('a.example.org', 'OK', m(10)));
    ticks(e, m(1), m(120));
    expect(e.figures('b1')!.availability).toBeCloseTo(110 / 120, 10);
    ticks(e, m(121), m(135));
    // the window is [m(15), m(135)): all up
    expect(e.figures('b1')!.availability).toBe(1);
  });

  it('keeps a 30-day window over a month of minute ticks: a bad first day counts until it falls out', () => {
    const e = world(budget());
    e.statusChanged(change('a.example.org', 'CRITICAL', T0));
    ticks(e, m(1), m(24 * 60));
    e.statusChanged(change('a.example.org', 'OK', m(24 * 60)));
    ticks(e, m(24 * 60 + 1), m(30 * 24 * 60));
    expect(e.figures('b1')!.availability).toBeCloseTo(29 / 30, 10);
    expect(e.figures('b1')!.remaining).toBeCloseTo(1 - 1 / 30 / 0.2, 10);
    ticks(e, m(30 * 24 * 60 + 1), m(31 * 24 * 60));
    expect(e.figures('b1')).toMatchObject({ availability: 1, consumed: 0, remaining: 1, validMs: 30 * DAY });
  });

  it('applies a change older than the clock at the clock (time never runs back), so a replay books the same', () => {
    const e = world(budget());
    e.statusChanged(change('a.example.org', 'OK', T0));
    ticks(e, m(1), m(10));
    e.statusChanged(change('a.example.org', 'CRITICAL', m(5)));
    ticks(e, m(11), m(20));
    expect(e.figures('b1')).toMatchObject({ goodMs: 10 * MINUTE, validMs: 20 * MINUTE });
  });

  it('follows the match of the alert rule it covers, and starts over when that match changes', () => {
    const rule = { id: 'r1', name: 'SRMs', match: { level: 'endpoint', supergroup: null, endpointGroup: null, service: 'SRM', hostname: null, metric: null } } as AlertRuleData;
    const e = new BudgetEvaluator();
    e.tick(T0);
    e.applyRule({ type: 'AlertRuleCreated', data: rule });
    e.statusChanged(change('a.example.org', 'OK', T0));
    e.statusChanged(change('c.example.org', 'CRITICAL', T0, 'CREAM-CE'));
    e.applyBudget({ type: 'ErrorBudgetCreated', data: budget({ ruleId: 'r1', match: null }) }, T0);
    ticks(e, m(1), m(10));
    expect(e.figures('b1')!.availability).toBe(1);
    e.applyRule({ type: 'AlertRuleUpdated', data: { ...rule, match: { ...rule.match, service: 'CREAM-CE' } } });
    ticks(e, m(11), m(20));
    expect(e.figures('b1')).toMatchObject({ availability: 0, validMs: 10 * MINUTE });
  });
});

describe('multi-window burn-rate alerts', () => {
  // 99 %: the budget is 1 % of the time; burn rate = error rate / 0.01
  const fast = budget({ target: 0.99, burnRateWindows: [{ severity: 'page', longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 14.4 }] });

  it('pages when both the 1 h and the 5 min burn rate exceed 14.4, and resolves once the 5 min one drops', () => {
    const e = world(fast);
    e.statusChanged(change('a.example.org', 'OK', T0));
    expect(ticks(e, m(1), m(20))).toEqual([]);
    e.statusChanged(change('a.example.org', 'CRITICAL', m(20)));
    // m(24): 1 h: 4 bad of 24 → 16.7; 5 min: 4 bad of 5 (the 5th minute, m(19), was up) → 80: fires
    expect(ticks(e, m(21), m(23))).toEqual([]); // m(23): 1 h 3/23 → 13.0, not yet
    const [raised] = e.tick(m(24));
    expect(raised).toMatchObject({ type: 'AlertRaised', data: { ruleId: 'b1', kind: 'BURNRATE', level: 'endpoint', service: 'SRM', status: 'CRITICAL', previousStatus: 'OK', since: m(24) } });
    expect(raised.type === 'AlertRaised' && raised.data.labels).toMatchObject({ budget_id: 'b1', severity: 'page', long_window: '1h', short_window: '5m', burn_rate_factor: '14.4', burn_rate_long: '16.6667', burn_rate_short: '80' });
    expect(e.figures('b1')!.burnRates[0]).toMatchObject({ firing: true, alertId: raised.data.alertId, since: m(24) });
    e.statusChanged(change('a.example.org', 'OK', m(25)));
    // 5 min window still holds bad minutes until m(30): [m(25), m(30)) is all up
    expect(ticks(e, m(25), m(29))).toEqual([]);
    const resolved = e.tick(m(30));
    expect(resolved).toEqual([{ type: 'AlertResolved', data: { alertId: raised.data.alertId, ruleId: 'b1', status: 'OK', resolvedAt: m(30) } }]);
    encodable([raised, ...resolved]);
  });

  it('does not page on a short spike the 1 h window absorbs', () => {
    const e = world(fast);
    e.statusChanged(change('a.example.org', 'OK', T0));
    ticks(e, m(1), m(58));
    e.statusChanged(change('a.example.org', 'CRITICAL', m(58)));
    // m(63): 1 h: 5 bad of 60 → 8.3 ≤ 14.4, though 5 min is at 100
    expect(ticks(e, m(59), m(63))).toEqual([]);
    expect(e.figures('b1')!.burnRates[0].shortBurnRate).toBeCloseTo(100, 8);
  });

  it('raises a ticket under the default pairs when an 80 % budget burns at 2.5 (above 1 over 3 d and 6 h only)', () => {
    const e = world(budget());
    e.statusChanged(change('a.example.org', 'OK', T0));
    e.statusChanged(change('b.example.org', 'CRITICAL', T0));
    const out = ticks(e, m(1), m(60));
    expect(out.map((a) => a.type === 'AlertRaised' && [a.data.labels.severity, a.data.labels.long_window, a.data.labels.short_window])).toEqual([['ticket', '3d', '6h']]);
  });

  it('resolves open alerts when the budget is removed or drops their pair', () => {
    const e = world(fast);
    e.statusChanged(change('a.example.org', 'CRITICAL', T0));
    const [raised] = ticks(e, m(1), m(1));
    expect(raised.type).toBe('AlertRaised');
    const other = { severity: 'ticket' as const, longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 2 };
    expect(e.applyBudget({ type: 'ErrorBudgetUpdated', data: { ...fast, burnRateWindows: [other] } }, m(1))).toEqual([{ type: 'AlertResolved', data: { alertId: raised.data.alertId, ruleId: 'b1', status: 'OK', resolvedAt: m(1) } }]);
    const [ticket] = e.tick(m(2));
    expect(ticket).toMatchObject({ type: 'AlertRaised', data: { status: 'WARNING', labels: { severity: 'ticket' } } });
    expect(e.applyBudget({ type: 'ErrorBudgetRemoved', data: { id: 'b1' } }, m(2))).toEqual([{ type: 'AlertResolved', data: { alertId: ticket.data.alertId, ruleId: 'b1', status: 'OK', resolvedAt: m(2) } }]);
    expect(e.figures('b1')).toBeUndefined();
  });

  it('gives the same alert ids on a replay of the same events', () => {
    const run = () => {
      const e = world(fast);
      e.statusChanged(change('a.example.org', 'CRITICAL', T0));
      return ticks(e, m(1), m(3)).map((a) => a.data.alertId);
    };
    expect(run()).toEqual(run());
    expect(run()).toHaveLength(1);
  });
});
