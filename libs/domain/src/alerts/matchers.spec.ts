import { describe, expect, it } from 'vitest';
import { RuleViolation } from '../shared/rule-violation';
import { checkMatchers, checkNotMatchingEverything, matcherMatches, matchesAll, type Matcher } from './matchers';

const m = (name: string, value: string, isRegex = false, isEqual = true): Matcher => ({ name, value, isRegex, isEqual });
const labels = { alertname: 'critical SRMs', endpoint_group: 'CERN-PROD', severity: 'critical' };

function violation(run: () => unknown): RuleViolation {
  try {
    run();
  } catch (err) {
    return err as RuleViolation;
  }
  throw new Error('expected a RuleViolation');
}

describe('Alertmanager matchers', () => {
  it('matches equality, inequality and anchored regexes', () => {
    expect(matcherMatches(m('endpoint_group', 'CERN-PROD'), labels)).toBe(true);
    expect(matcherMatches(m('endpoint_group', 'CERN-PROD', false, false), labels)).toBe(false);
    expect(matcherMatches(m('endpoint_group', 'CERN.*', true), labels)).toBe(true);
    // Anchored: a regex matching only a part of the value does not match.
    expect(matcherMatches(m('endpoint_group', 'PROD', true), labels)).toBe(false);
    expect(matcherMatches(m('severity', 'warning|critical', true), labels)).toBe(true);
    expect(matcherMatches(m('severity', 'critical', true, false), labels)).toBe(false);
  });

  it('treats a missing label as the empty string', () => {
    expect(matcherMatches(m('team', ''), labels)).toBe(true);
    expect(matcherMatches(m('team', 'ops', false, false), labels)).toBe(true);
    expect(matchesAll([m('endpoint_group', 'CERN-PROD'), m('team', 'ops')], labels)).toBe(false);
  });

  it('refuses no matchers, bad label names and invalid regexes, naming the field', () => {
    expect(violation(() => checkMatchers([], 'matchers'))).toMatchObject({ code: 'MATCHERS_REQUIRED', field: 'matchers' });
    expect(violation(() => checkMatchers([m('1bad', 'x')], 'matchers'))).toMatchObject({ code: 'INVALID_LABEL_NAME', field: 'matchers[0].name' });
    expect(violation(() => checkMatchers([m('a', 'x'), m('b', '([', true)], 'targetMatchers'))).toMatchObject({ code: 'INVALID_MATCHER_REGEX', field: 'targetMatchers[1].value' });
  });

  it('refuses matchers that would match every alert', () => {
    expect(violation(() => checkNotMatchingEverything([m('team', '.*', true)], 'matchers'))).toMatchObject({ code: 'MATCHERS_MATCH_EVERYTHING' });
    expect(() => checkNotMatchingEverything([m('team', '.*', true), m('severity', 'critical')], 'matchers')).not.toThrow();
  });
});
