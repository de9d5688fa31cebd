import { createHash } from 'node:crypto';
import type { StatusChangedData } from '../status/status.types';
import { statusItemKey } from '../status/status-engine';
import type { AlertEvent, AlertRuleData, AlertRuleEvent } from './alert.events';
import { initialAlertItemState, isIdle, isOk, stepAlert, type AlertInput, type AlertItemState, type AlertSignal } from './alert-state';

export type AlertItem = Omit<StatusChangedData, 'status' | 'previousStatus' | 'since' | 'triggerEventId'>;

/** Whether an OUTAGE downtime covers the item at a time (the evaluator's only view of downtimes). */
export type DowntimeCheck = (item: AlertItem, at: number) => boolean;

interface Watched {
  item: AlertItem;
  state: AlertItemState;
}

/** Does the rule watch this item? Keys it leaves null match anything; hostnames ignore case. */
export function ruleMatches(rule: AlertRuleData, item: AlertItem): boolean {
  const m = rule.match;
  return (
    m.level === item.level &&
    (m.supergroup === null || m.supergroup === item.supergroup) &&
    (m.endpointGroup === null || m.endpointGroup === item.endpointGroup) &&
    (m.service === null || m.service === item.service) &&
    (m.hostname === null || m.hostname.toLowerCase() === item.hostname.toLowerCase()) &&
    (m.metric === null || m.metric === item.metric)
  );
}

/** A UUID-shaped id that depends only on its parts: a replay raises the same alerts. */
export function alertId(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A tenant's alerting: its rules, the Nagios state of every (rule, item) they watch, and the last
 * problem status of every item (so a new rule starts from what is failing now). Pure and replayable:
 * time comes from the events only.
 */
export class AlertEvaluator {
  readonly rules = new Map<string, AlertRuleData>();
  private readonly watched = new Map<string, Map<string, Watched>>();
  private readonly failing = new Map<string, { item: AlertItem; status: string }>();

  constructor(private readonly inDowntime: DowntimeCheck = () => false) {}

  /** A rule created, changed or removed; a removed rule resolves its open alerts. */
  applyRule(e: AlertRuleEvent, at: number): AlertEvent[] {
    if (e.type === 'AlertRuleRemoved') {
      const out = [...(this.watched.get(e.data.id)?.values() ?? [])].flatMap((w) => (w.state.notified ? [this.resolved(e.data.id, w, w.state.notified.since, 'RULE_REMOVED', at)] : []));
      this.rules.delete(e.data.id);
      this.watched.delete(e.data.id);
      return out;
    }
    const rule = e.data;
    const isNew = !this.rules.has(rule.id);
    this.rules.set(rule.id, rule);
    if (!this.watched.has(rule.id)) this.watched.set(rule.id, new Map());
    const out: AlertEvent[] = [];
    if (isNew) for (const [key, f] of this.failing) if (ruleMatches(rule, f.item)) out.push(...this.step(rule, key, f.item, { kind: 'status', status: f.status, at }));
    // A changed match may stop watching items: their open alerts resolve.
    for (const [key, w] of this.watched.get(rule.id) ?? []) {
      if (ruleMatches(rule, w.item)) continue;
      if (w.state.notified) out.push(this.resolved(rule.id, w, w.state.notified.since, 'UNWATCHED', at));
      this.watched.get(rule.id)?.delete(key);
    }
    return out;
  }

  statusChanged(c: StatusChangedData): AlertEvent[] {
    const item: AlertItem = { level: c.level, supergroup: c.supergroup, endpointGroup: c.endpointGroup, function: c.function, service: c.service, hostname: c.hostname, metric: c.metric };
    const key = statusItemKey(c.level, c);
    if (isOk(c.status) || c.status === 'DOWNTIME') this.failing.delete(key);
    else this.failing.set(key, { item, status: c.status });
    const out: AlertEvent[] = [];
    for (const rule of this.rules.values()) {
      if (!ruleMatches(rule, item)) continue;
      // The status engine's DOWNTIME is not a check result: time passes, nothing else.
      const input: AlertInput = c.status === 'DOWNTIME' ? { kind: 'tick', at: c.since } : { kind: 'status', status: c.status, at: c.since };
      out.push(...this.step(rule, key, item, input, c.status === 'DOWNTIME'));
    }
    return out;
  }

  /** A minute passed: soft states count an attempt, re-notifications and downtime ends are due. */
  tick(at: number): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (const rule of this.rules.values()) for (const [key, w] of [...(this.watched.get(rule.id) ?? [])]) out.push(...this.step(rule, key, w.item, { kind: 'tick', at }));
    return out;
  }

  /** Open (notified) alerts: for tests and read models. */
  openAlerts(): { ruleId: string; item: AlertItem; status: string; since: number }[] {
    const out = [];
    for (const [ruleId, items] of this.watched) for (const w of items.values()) if (w.state.notified) out.push({ ruleId, item: w.item, status: w.state.notified.status, since: w.state.notified.since });
    return out;
  }

  private step(rule: AlertRuleData, key: string, item: AlertItem, input: AlertInput, engineDowntime = false): AlertEvent[] {
    const items = this.watched.get(rule.id) ?? new Map<string, Watched>();
    this.watched.set(rule.id, items);
    const w = items.get(key) ?? { item, state: initialAlertItemState(input.at) };
    const { state, signals } = stepAlert(w.state, input, rule, engineDowntime || this.inDowntime(item, input.at));
    const next = { item, state };
    if (isIdle(state)) items.delete(key);
    else items.set(key, next);
    return signals.map((s) => this.event(rule, key, next, s, input.at));
  }

  private event(rule: AlertRuleData, key: string, w: Watched, s: AlertSignal, at: number): AlertEvent {
    const flap = s.kind === 'FLAPPINGSTART' || s.kind === 'FLAPPINGSTOP';
    const id = alertId(rule.id, key, flap ? 'flapping' : 'problem', s.since);
    if (s.kind === 'RESOLVED') return this.resolved(rule.id, w, s.since, s.status, at);
    const { level, supergroup, endpointGroup, service, hostname, metric } = w.item;
    return {
      type: 'AlertRaised',
      data: { alertId: id, ruleId: rule.id, level, supergroup, endpointGroup, service, hostname, metric, status: s.status, previousStatus: s.previousStatus, kind: s.kind, since: s.since, labels: { ...rule.labels } },
    };
  }

  private resolved(ruleId: string, w: Watched, since: number, status: string, at: number): AlertEvent {
    const key = statusItemKey(w.item.level, w.item);
    return { type: 'AlertResolved', data: { alertId: alertId(ruleId, key, 'problem', since), ruleId, status, resolvedAt: at } };
  }
}
