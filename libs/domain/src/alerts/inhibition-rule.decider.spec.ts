import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { inhibitionRuleDecider, isInhibited, type InhibitionRuleData } from './inhibition-rule.decider';

const given = deciderSpec(inhibitionRuleDecider, () => ({ view: undefined, now: 0 }));
const eq = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });
const rule: InhibitionRuleData = { id: 'i1', sourceMatchers: [eq('alertname', 'site down')], targetMatchers: [eq('level', 'endpoint')], equal: ['endpoint_group'] };

describe('inhibition rules', () => {
  it('creates and removes a rule; an unknown one is 404', () => {
    given().when({ type: 'CreateInhibitionRule', id: 'i1', rule: { sourceMatchers: rule.sourceMatchers, targetMatchers: rule.targetMatchers, equal: ['endpoint_group', 'endpoint_group'] } }).then([{ type: 'InhibitionRuleCreated', data: rule }]);
    given([{ type: 'InhibitionRuleCreated', data: rule }]).when({ type: 'RemoveInhibitionRule', id: 'i1' }).then([{ type: 'InhibitionRuleRemoved', data: { id: 'i1' } }]);
    given().when({ type: 'RemoveInhibitionRule', id: 'i1' }).thenNotFound('inhibition rule');
  });

  it('refuses rules without source or target matchers, or with a bad equal label', () => {
    given().when({ type: 'CreateInhibitionRule', id: 'i1', rule: { sourceMatchers: [], targetMatchers: rule.targetMatchers } }).thenRejects('MATCHERS_REQUIRED', 'sourceMatchers');
    given().when({ type: 'CreateInhibitionRule', id: 'i1', rule: { sourceMatchers: rule.sourceMatchers, targetMatchers: [eq('x', '[')].map((m) => ({ ...m, isRegex: true })) } }).thenRejects('INVALID_MATCHER_REGEX', 'targetMatchers[0].value');
    given().when({ type: 'CreateInhibitionRule', id: 'i1', rule: { ...rule, equal: ['ok', 'not-ok'] } }).thenRejects('INVALID_LABEL_NAME', 'equal[1]');
  });

  it('mutes a target while a firing source shares the equal labels, and only then', () => {
    const source = { alertId: 's', labels: { alertname: 'site down', level: 'group', endpoint_group: 'CERN-PROD' } };
    const target = { alertId: 't', labels: { alertname: 'srm', level: 'endpoint', endpoint_group: 'CERN-PROD' } };
    const elsewhere = { alertId: 'u', labels: { ...target.labels, endpoint_group: 'OTHER' } };
    expect(isInhibited([rule], target, [source, target])).toBe(true);
    expect(isInhibited([rule], elsewhere, [source, elsewhere])).toBe(false);
    expect(isInhibited([rule], target, [target])).toBe(false);
    expect(isInhibited([], target, [source])).toBe(false);
    // An alert matching both sides never inhibits itself.
    const both: InhibitionRuleData = { ...rule, sourceMatchers: [eq('level', 'endpoint')] };
    expect(isInhibited([both], target, [target])).toBe(false);
  });
});
