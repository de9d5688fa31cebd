import { describe, expect, it } from 'vitest';
import type { AlertRuleData } from '../alerts/alert.events';
import { deciderSpec } from '../shared/decider-spec';
import { DAY, HOUR, MINUTE } from '../shared/time';
import { errorBudgetDecider, type ErrorBudgetInput, type ErrorBudgetView } from './error-budget.decider';
import type { ErrorBudgetData, ErrorBudgetEvent } from './error-budget.events';
import { formatDuration, parseDuration } from './budget-duration';

const rule = { id: 'r1', name: 'critical SRMs', match: { level: 'endpoint', supergroup: null, endpointGroup: null, service: 'SRM', hostname: null, metric: null } } as AlertRuleData;
const rules: ErrorBudgetView = new Map([[rule.id, rule]]);
const given = deciderSpec(errorBudgetDecider, () => ({ view: rules, now: 0 }));

const input: ErrorBudgetInput = { name: 'CERN availability', match: { level: 'group', endpointGroup: 'CERN-PROD' }, target: 0.8 };
const budget = (o: Partial<ErrorBudgetData> = {}): ErrorBudgetData => ({
  id: 'b1',
  name: 'CERN availability',
  ruleId: null,
  match: { level: 'group', supergroup: null, endpointGroup: 'CERN-PROD', service: null, hostname: null, metric: null },
  objective: 'availability',
  target: 0.8,
  window: 30 * DAY,
  burnRateWindows: [
    { severity: 'page', longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 14.4 },
    { severity: 'page', longWindow: 6 * HOUR, shortWindow: 30 * MINUTE, factor: 6 },
    { severity: 'ticket', longWindow: DAY, shortWindow: 2 * HOUR, factor: 3 },
    { severity: 'ticket', longWindow: 3 * DAY, shortWindow: 6 * HOUR, factor: 1 },
  ],
  labels: {},
  ...o,
});
const created = (o: Partial<ErrorBudgetData> = {}): ErrorBudgetEvent => ({ type: 'ErrorBudgetCreated', data: budget(o) });
const create = (o: Partial<ErrorBudgetInput> = {}) => ({ type: 'CreateErrorBudget' as const, id: 'b1', budget: { ...input, ...o } });

describe('error budgets', () => {
  it('creates a budget over 30 days with the burn-rate pairs of domain.md §6', () => given().when(create()).then([created()]));

  it('covers an alert rule\'s items when given its id', () => given().when(create({ match: null, ruleId: 'r1' })).then([created({ match: null, ruleId: 'r1' })]));

  it('keeps a custom window, objective, pairs and labels', () =>
    given()
      .when(create({ window: 7 * DAY, objective: 'reliability', burnRateWindows: [{ severity: 'ticket', longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 2 }], labels: { team: 'ops' } }))
      .then([created({ window: 7 * DAY, objective: 'reliability', burnRateWindows: [{ severity: 'ticket', longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 2 }], labels: { team: 'ops' } })]));

  it('refuses a target outside (0, 1)', () => {
    for (const target of [0, 1, 80, -0.1, Number.NaN]) given().when(create({ target })).thenRejects('INVALID_TARGET', 'target');
  });

  it('refuses a budget with neither or both of ruleId and match, or an unknown rule', () => {
    given().when(create({ match: null })).thenRejects('ERROR_BUDGET_SCOPE_REQUIRED', 'ruleId');
    given().when(create({ ruleId: 'r1' })).thenRejects('ERROR_BUDGET_SCOPE_AMBIGUOUS', 'match');
    given().when(create({ match: null, ruleId: 'nope' })).thenRejects('UNKNOWN_ALERT_RULE', 'ruleId');
    given().when(create({ match: { level: 'endpoint', metric: 'org.x' } })).thenRejects('METRIC_NEEDS_METRIC_LEVEL', 'match.metric');
  });

  it('refuses windows that are not whole minutes from 1 h to 400 d, and pairs that do not fit', () => {
    given().when(create({ window: 30 * MINUTE })).thenRejects('INVALID_WINDOW', 'window');
    given().when(create({ window: 401 * DAY })).thenRejects('INVALID_WINDOW', 'window');
    given().when(create({ window: 2 * HOUR })).thenRejects('INVALID_BURN_RATE_WINDOW', 'burnRateWindows[1].longWindow');
    given().when(create({ burnRateWindows: [] })).thenRejects('INVALID_BURN_RATE_WINDOWS', 'burnRateWindows');
    given().when(create({ burnRateWindows: [{ severity: 'page', longWindow: 5 * MINUTE, shortWindow: HOUR, factor: 2 }] })).thenRejects('INVALID_BURN_RATE_WINDOW', 'burnRateWindows[0].longWindow');
    given().when(create({ burnRateWindows: [{ severity: 'page', longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 0 }] })).thenRejects('INVALID_BURN_RATE_FACTOR', 'burnRateWindows[0].factor');
    const pair = { severity: 'page' as const, longWindow: HOUR, shortWindow: 5 * MINUTE, factor: 2 };
    given().when(create({ burnRateWindows: [pair, pair] })).thenRejects('DUPLICATE_BURN_RATE_WINDOW', 'burnRateWindows[1].factor');
  });

  it('refuses a second budget of the same name, whatever the case', () =>
    given([created()]).when({ type: 'CreateErrorBudget', id: 'b2', budget: { ...input, name: 'cern AVAILABILITY' } }).thenRejects('ERROR_BUDGET_NAME_TAKEN', 'name'));

  it('replaces a budget as a whole (fields left out take their defaults) and ignores a replace that changes nothing', () => {
    given([created({ window: 7 * DAY })]).when({ type: 'ReplaceErrorBudget', id: 'b1', budget: { ...input, target: 0.9 } }).then([{ type: 'ErrorBudgetUpdated', data: budget({ target: 0.9 }) }]);
    given([created()]).when({ type: 'ReplaceErrorBudget', id: 'b1', budget: input }).then([]);
  });

  it('removes a budget, and answers not found for an unknown one', () => {
    given([created()]).when({ type: 'RemoveErrorBudget', id: 'b1' }).then([{ type: 'ErrorBudgetRemoved', data: { id: 'b1' } }]);
    given().when({ type: 'RemoveErrorBudget', id: 'b1' }).thenNotFound('error budget');
    given().when({ type: 'ReplaceErrorBudget', id: 'b1', budget: input }).thenNotFound('error budget');
  });
});

describe('budget durations', () => {
  it('reads and writes 5m, 6h and 30d', () => {
    expect([parseDuration('5m'), parseDuration('6h'), parseDuration('30d')]).toEqual([5 * MINUTE, 6 * HOUR, 30 * DAY]);
    expect([parseDuration('0m'), parseDuration('1w'), parseDuration('1.5h'), parseDuration('')]).toEqual([undefined, undefined, undefined, undefined]);
    expect([formatDuration(30 * DAY), formatDuration(6 * HOUR), formatDuration(90 * MINUTE)]).toEqual(['30d', '6h', '90m']);
  });
});
