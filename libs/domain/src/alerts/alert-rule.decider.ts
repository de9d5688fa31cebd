import { NotFound, RuleViolation } from '../shared/rule-violation';
import { MINUTE } from '../shared/time';
import { requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import type { StatusLevel } from '../status/status.types';
import type { AlertMatch, AlertRuleData, AlertRuleEvent } from './alert.events';

export const STATUS_LEVELS: readonly StatusLevel[] = ['metric', 'endpoint', 'service', 'function', 'group', 'supergroup'];
/** Statuses a rule may alert on (OK is the recovery, DOWNTIME is suppression). */
export const PROBLEM_STATUSES = ['WARNING', 'CRITICAL', 'UNKNOWN', 'MISSING'] as const;

/** Icinga's defaults: re-notify every 30 min; Nagios' flap thresholds. */
export const ALERT_RULE_DEFAULTS = { maxCheckAttempts: 1, notificationInterval: 30 * MINUTE, flapLowThreshold: 20, flapHighThreshold: 30, sendResolved: true } as const;

export type AlertRuleFields = Omit<AlertRuleData, 'id'>;
export type AlertRuleInput = Pick<AlertRuleData, 'name' | 'statuses'> & { match: Partial<AlertMatch> & Pick<AlertMatch, 'level'> } & Partial<Omit<AlertRuleFields, 'name' | 'statuses' | 'match'>>;
export type AlertRulePatch = Partial<Omit<AlertRuleInput, 'match'>> & { match?: Partial<AlertMatch> };

export type AlertRuleCommand =
  | { type: 'CreateAlertRule'; id: string; rule: AlertRuleInput }
  | { type: 'UpdateAlertRule'; id: string; patch: AlertRulePatch }
  | { type: 'RemoveAlertRule'; id: string };

/** A tenant's rules by id (one stream holds them all). */
export type AlertRules = ReadonlyMap<string, AlertRuleData>;

export function decideAlertRule(command: AlertRuleCommand, rules: AlertRules): AlertRuleEvent[] {
  switch (command.type) {
    case 'CreateAlertRule': {
      if (rules.has(command.id)) throw new RuleViolation('ALERT_RULE_EXISTS', `alert rule ${command.id} already exists`, 'id');
      const r = command.rule;
      const data = checkRule(
        {
          id: command.id,
          name: r.name,
          match: matchOf(r.match),
          statuses: r.statuses,
          maxCheckAttempts: r.maxCheckAttempts ?? ALERT_RULE_DEFAULTS.maxCheckAttempts,
          notificationInterval: r.notificationInterval ?? ALERT_RULE_DEFAULTS.notificationInterval,
          flapLowThreshold: r.flapLowThreshold ?? ALERT_RULE_DEFAULTS.flapLowThreshold,
          flapHighThreshold: r.flapHighThreshold ?? ALERT_RULE_DEFAULTS.flapHighThreshold,
          sendResolved: r.sendResolved ?? ALERT_RULE_DEFAULTS.sendResolved,
          labels: { ...(r.labels ?? {}) },
        },
        rules,
      );
      return [{ type: 'AlertRuleCreated', data }];
    }
    case 'UpdateAlertRule': {
      const current = existing(rules, command.id);
      const { match, ...rest } = command.patch;
      const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<AlertRuleFields>;
      const next = checkRule({ ...current, ...defined, match: match ? matchOf({ ...current.match, ...match }) : current.match, id: current.id }, rules);
      if (JSON.stringify(next) === JSON.stringify(current)) return [];
      return [{ type: 'AlertRuleUpdated', data: next }];
    }
    case 'RemoveAlertRule':
      existing(rules, command.id);
      return [{ type: 'AlertRuleRemoved', data: { id: command.id } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown alert rule command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveAlertRules(rules: AlertRules, e: AlertRuleEvent): AlertRules {
  const next = new Map(rules);
  if (e.type === 'AlertRuleRemoved') next.delete(e.data.id);
  else next.set(e.data.id, e.data);
  return next;
}

export const alertRuleDecider: ViewDecider<AlertRuleCommand, AlertRules, AlertRuleEvent, unknown> = {
  decide: (command, rules) => decideAlertRule(command, rules),
  evolve: evolveAlertRules,
  initialState: () => new Map(),
};

function existing(rules: AlertRules, id: string): AlertRuleData {
  const rule = rules.get(id);
  if (!rule) throw new NotFound('alert rule', id);
  return rule;
}

const matchOf = (m: Partial<AlertMatch>): AlertMatch => ({
  level: m.level as StatusLevel,
  supergroup: blankToNull(m.supergroup),
  endpointGroup: blankToNull(m.endpointGroup),
  service: blankToNull(m.service),
  hostname: blankToNull(m.hostname),
  metric: blankToNull(m.metric),
});

const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v);

function checkRule(rule: AlertRuleData, rules: AlertRules): AlertRuleData {
  const name = requireText(rule.name, 'ALERT_RULE_NAME_REQUIRED', 'name').trim();
  for (const other of rules.values()) {
    if (other.id !== rule.id && other.name.toLowerCase() === name.toLowerCase()) throw new RuleViolation('ALERT_RULE_NAME_TAKEN', `another alert rule is named ${name}`, 'name');
  }
  if (!STATUS_LEVELS.includes(rule.match.level)) throw new RuleViolation('UNKNOWN_LEVEL', `level must be one of ${STATUS_LEVELS.join(', ')}`, 'match.level');
  if (rule.match.metric !== null && rule.match.level !== 'metric') throw new RuleViolation('METRIC_NEEDS_METRIC_LEVEL', 'match.metric only applies to level metric', 'match.metric');
  const statuses = [...new Set(rule.statuses.map((s) => s.toUpperCase()))];
  if (statuses.length === 0) throw new RuleViolation('ALERT_STATUSES_REQUIRED', 'statuses needs at least one problem status', 'statuses');
  const unknown = statuses.find((s) => !(PROBLEM_STATUSES as readonly string[]).includes(s));
  if (unknown) throw new RuleViolation('UNKNOWN_ALERT_STATUS', `status ${unknown} is not one of ${PROBLEM_STATUSES.join(', ')}`, 'statuses');
  if (!Number.isInteger(rule.maxCheckAttempts) || rule.maxCheckAttempts < 1 || rule.maxCheckAttempts > 100) throw new RuleViolation('INVALID_MAX_CHECK_ATTEMPTS', 'maxCheckAttempts must be an integer from 1 to 100', 'maxCheckAttempts');
  if (!Number.isInteger(rule.notificationInterval) || rule.notificationInterval < 0) throw new RuleViolation('INVALID_NOTIFICATION_INTERVAL', 'notificationInterval must be 0 (off) or a positive number of ms', 'notificationInterval');
  const { flapLowThreshold: low, flapHighThreshold: high } = rule;
  if (!(low >= 0 && high <= 100 && low < high)) throw new RuleViolation('INVALID_FLAP_THRESHOLDS', 'flap thresholds need 0 <= flapLowThreshold < flapHighThreshold <= 100', 'flapHighThreshold');
  return { ...rule, name, statuses };
}
