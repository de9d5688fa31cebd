import { NotFound, RuleViolation } from '../shared/rule-violation';
import type { ViewDecider } from '../shared/view-decider';
import { checkMatchers, isLabelName, matchesAll, type Labels, type Matcher } from './matchers';

export interface InhibitionRuleData {
  id: string;
  sourceMatchers: Matcher[];
  targetMatchers: Matcher[];
  /** Labels whose values source and target must share. */
  equal: string[];
}

export type InhibitionRuleEvent = { type: 'InhibitionRuleCreated'; data: InhibitionRuleData } | { type: 'InhibitionRuleRemoved'; data: { id: string } };

export type InhibitionRuleInput = Omit<InhibitionRuleData, 'id' | 'equal'> & { equal?: string[] };

export type InhibitionRuleCommand = { type: 'CreateInhibitionRule'; id: string; rule: InhibitionRuleInput } | { type: 'RemoveInhibitionRule'; id: string };

export type InhibitionRules = ReadonlyMap<string, InhibitionRuleData>;

export const INHIBITION_RULES_STREAM = { category: 'inhibition-rules', id: 'all' } as const;

/** Validates a rule; throws RuleViolation naming the field. */
export function checkInhibitionRule(r: InhibitionRuleInput): Omit<InhibitionRuleData, 'id'> {
  const sourceMatchers = checkMatchers(r.sourceMatchers, 'sourceMatchers');
  const targetMatchers = checkMatchers(r.targetMatchers, 'targetMatchers');
  const equal = [...new Set(r.equal ?? [])];
  const bad = equal.findIndex((l) => !isLabelName(l));
  if (bad >= 0) throw new RuleViolation('INVALID_LABEL_NAME', `'${equal[bad]}' is not a label name`, `equal[${bad}]`);
  return { sourceMatchers, targetMatchers, equal };
}

export function decideInhibitionRule(command: InhibitionRuleCommand, rules: InhibitionRules): InhibitionRuleEvent[] {
  switch (command.type) {
    case 'CreateInhibitionRule':
      if (rules.has(command.id)) throw new RuleViolation('INHIBITION_RULE_EXISTS', `inhibition rule ${command.id} already exists`, 'id');
      return [{ type: 'InhibitionRuleCreated', data: { id: command.id, ...checkInhibitionRule(command.rule) } }];
    case 'RemoveInhibitionRule':
      if (!rules.has(command.id)) throw new NotFound('inhibition rule', command.id);
      return [{ type: 'InhibitionRuleRemoved', data: { id: command.id } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown inhibition rule command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveInhibitionRules(rules: InhibitionRules, e: InhibitionRuleEvent): InhibitionRules {
  const next = new Map(rules);
  if (e.type === 'InhibitionRuleCreated') next.set(e.data.id, e.data);
  else next.delete(e.data.id);
  return next;
}

export const inhibitionRuleDecider: ViewDecider<InhibitionRuleCommand, InhibitionRules, InhibitionRuleEvent, unknown> = {
  decide: (command, rules) => decideInhibitionRule(command, rules),
  evolve: evolveInhibitionRules,
  initialState: () => new Map(),
};

export interface LabelledAlert {
  alertId: string;
  labels: Labels;
}

/**
 * Alertmanager's inhibition: a target is muted while another firing alert matches a rule's source
 * matchers and has the same values (missing = empty) for the rule's `equal` labels. An alert never inhibits itself.
 */
export function isInhibited(rules: Iterable<InhibitionRuleData>, target: LabelledAlert, firing: Iterable<LabelledAlert>): boolean {
  const sources = [...firing];
  for (const r of rules) {
    if (!matchesAll(r.targetMatchers, target.labels)) continue;
    const same = (s: LabelledAlert) => r.equal.every((l) => (s.labels[l] ?? '') === (target.labels[l] ?? ''));
    if (sources.some((s) => s.alertId !== target.alertId && matchesAll(r.sourceMatchers, s.labels) && same(s))) return true;
  }
  return false;
}
