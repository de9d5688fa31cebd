import { RuleViolation } from '../shared/rule-violation';

/** Alertmanager's label matcher: `name = value`, `!=`, `=~` (regex) or `!~`. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export type Labels = Readonly<Record<string, string>>;

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const compiled = new Map<string, RegExp>();

/** Regexes are anchored at both ends, as in Alertmanager (`=~"db.*"` does not match `mydb`). */
function regexOf(value: string): RegExp {
  let re = compiled.get(value);
  if (!re) {
    re = new RegExp(`^(?:${value})$`, 'u');
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(value, re);
  }
  return re;
}

/** A missing label matches as the empty string (Alertmanager semantics). */
export function matcherMatches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? '';
  const hit = m.isRegex ? regexOf(m.value).test(v) : v === m.value;
  return m.isEqual ? hit : !hit;
}

export const matchesAll = (matchers: readonly Matcher[], labels: Labels): boolean => matchers.every((m) => matcherMatches(m, labels));

export const isLabelName = (name: string): boolean => LABEL_NAME.test(name);

/** Checks names and regexes; errors name the field as `<field>[i].name` / `.value`. */
export function checkMatchers(matchers: readonly Matcher[] | undefined, field: string): Matcher[] {
  if (!matchers || matchers.length === 0) throw new RuleViolation('MATCHERS_REQUIRED', `${field} needs at least one matcher`, field);
  return matchers.map((m, i) => {
    if (typeof m.name !== 'string' || !isLabelName(m.name)) throw new RuleViolation('INVALID_LABEL_NAME', `'${m.name}' is not a label name (letters, digits, _; not starting with a digit)`, `${field}[${i}].name`);
    if (typeof m.value !== 'string') throw new RuleViolation('INVALID_MATCHER_VALUE', 'value must be a string', `${field}[${i}].value`);
    const isRegex = m.isRegex === true;
    if (isRegex) {
      try {
        regexOf(m.value);
      } catch (err) {
        throw new RuleViolation('INVALID_MATCHER_REGEX', `invalid regular expression: ${(err as Error).message}`, `${field}[${i}].value`);
      }
    }
    return { name: m.name, value: m.value, isRegex, isEqual: m.isEqual !== false };
  });
}

/** Alertmanager refuses silences that would mute everything: one matcher must not match the empty label. */
export function checkNotMatchingEverything(matchers: readonly Matcher[], field: string): void {
  if (matchers.every((m) => matcherMatches(m, {}))) throw new RuleViolation('MATCHERS_MATCH_EVERYTHING', 'at least one matcher must not match the empty string (a silence may not mute every alert)', field);
}

export const formatMatcher = (m: Matcher): string => `${m.name}${m.isEqual ? (m.isRegex ? '=~' : '=') : m.isRegex ? '!~' : '!='}${JSON.stringify(m.value)}`;
