import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { MINUTE } from '../shared/time';
import type { AlertRuleData, AlertRuleEvent } from './alert.events';
import { alertRuleDecider, type AlertRuleInput } from './alert-rule.decider';

const given = deciderSpec(alertRuleDecider, () => ({ view: undefined, now: 0 }));

const input: AlertRuleInput = { name: 'critical endpoints', match: { level: 'endpoint', endpointGroup: 'CERN-PROD' }, statuses: ['CRITICAL'], maxCheckAttempts: 3 };
const rule = (o: Partial<AlertRuleData> = {}): AlertRuleData => ({
  id: 'r1',
  name: 'critical endpoints',
  match: { level: 'endpoint', supergroup: null, endpointGroup: 'CERN-PROD', service: null, hostname: null, metric: null },
  statuses: ['CRITICAL'],
  maxCheckAttempts: 3,
  notificationInterval: 30 * MINUTE,
  flapLowThreshold: 20,
  flapHighThreshold: 30,
  sendResolved: true,
  labels: {},
  ...o,
});
const created = (o: Partial<AlertRuleData> = {}): AlertRuleEvent => ({ type: 'AlertRuleCreated', data: rule(o) });

describe('alert rules', () => {
  it('creates a rule with Icinga defaults: re-notify every 30 min, flap 20/30, send resolved', () =>
    given().when({ type: 'CreateAlertRule', id: 'r1', rule: input }).then([created()]));

  it('keeps the labels and a custom interval, and upper-cases statuses', () =>
    given()
      .when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, statuses: ['critical', 'WARNING'], notificationInterval: 0, labels: { team: 'ops' } } })
      .then([created({ statuses: ['CRITICAL', 'WARNING'], notificationInterval: 0, labels: { team: 'ops' } })]));

  it('refuses a rule without a problem status', () => given().when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, statuses: [] } }).thenRejects('ALERT_STATUSES_REQUIRED', 'statuses'));
  it('refuses OK as a problem status', () => given().when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, statuses: ['OK'] } }).thenRejects('UNKNOWN_ALERT_STATUS', 'statuses'));
  it('refuses maxCheckAttempts below 1', () => given().when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, maxCheckAttempts: 0 } }).thenRejects('INVALID_MAX_CHECK_ATTEMPTS', 'maxCheckAttempts'));
  it('refuses a low flap threshold above the high one', () =>
    given().when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, flapLowThreshold: 40, flapHighThreshold: 30 } }).thenRejects('INVALID_FLAP_THRESHOLDS'));
  it('refuses an unknown level', () => given().when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, match: { level: 'planet' as never } } }).thenRejects('UNKNOWN_LEVEL', 'match.level'));
  it('refuses a metric filter on a level without metrics', () =>
    given().when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, match: { level: 'endpoint', metric: 'org.nagios.CertLifetime' } } }).thenRejects('METRIC_NEEDS_METRIC_LEVEL', 'match.metric'));
  it('refuses a second rule with the same name', () => given([created()]).when({ type: 'CreateAlertRule', id: 'r2', rule: input }).thenRejects('ALERT_RULE_NAME_TAKEN', 'name'));
  it('refuses an id already taken', () => given([created()]).when({ type: 'CreateAlertRule', id: 'r1', rule: { ...input, name: 'other' } }).thenRejects('ALERT_RULE_EXISTS', 'id'));

  it('updates a rule with the whole rule after the change', () =>
    given([created()])
      .when({ type: 'UpdateAlertRule', id: 'r1', patch: { maxCheckAttempts: 5, match: { hostname: 'ce1.cern.ch' } } })
      .then([{ type: 'AlertRuleUpdated', data: rule({ maxCheckAttempts: 5, match: { ...rule().match, hostname: 'ce1.cern.ch' } }) }]));
  it('records nothing when an update changes nothing', () => given([created()]).when({ type: 'UpdateAlertRule', id: 'r1', patch: { maxCheckAttempts: 3 } }).then([]));
  it('refuses an update that breaks a rule', () => given([created()]).when({ type: 'UpdateAlertRule', id: 'r1', patch: { statuses: [] } }).thenRejects('ALERT_STATUSES_REQUIRED'));
  it('answers 404 for an unknown rule', () => given().when({ type: 'UpdateAlertRule', id: 'nope', patch: {} }).thenNotFound('alert rule'));
  it('removes a rule, and a removed rule is gone', () => {
    given([created()]).when({ type: 'RemoveAlertRule', id: 'r1' }).then([{ type: 'AlertRuleRemoved', data: { id: 'r1' } }]);
    given([created(), { type: 'AlertRuleRemoved', data: { id: 'r1' } }]).when({ type: 'RemoveAlertRule', id: 'r1' }).thenNotFound('alert rule');
  });
});
