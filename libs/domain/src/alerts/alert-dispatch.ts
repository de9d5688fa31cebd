import type { AlertRaisedData, AlertResolvedData, AlertRuleEvent, WebhookEvent, WebhookGrouping } from './alert.events';
import { alertLabels, eventTypeOf, wants, type AlertNotice } from './alert-notice';
import { evolveInhibitionRules, isInhibited, type InhibitionRuleEvent, type InhibitionRules } from './inhibition-rule.decider';
import type { Labels } from './matchers';
import { evolveSilences, isSilenced, type SilenceEvent, type Silences } from './silence.decider';
import { evolveWebhooks, GROUP_BY_ALL, type WebhookSubscription, type WebhookSubscriptions } from './webhook-subscription.decider';

/** The event types the dispatch folds (all in the tenant's log, ClockTicked on `_system`). */
export const ALERT_DISPATCH_TYPES = [
  'AlertRaised', 'AlertResolved', 'ClockTicked',
  'AlertRuleCreated', 'AlertRuleUpdated', 'AlertRuleRemoved',
  'WebhookSubscribed', 'WebhookUpdated', 'WebhookDisabled', 'WebhookRemoved',
  'SilenceCreated', 'SilenceExpired', 'InhibitionRuleCreated', 'InhibitionRuleRemoved',
] as const;

export interface DispatchEvent {
  type: string;
  data: unknown;
  tenant: string;
  eventId: string;
  occurredAt: number;
}

export interface LabelledNotice {
  notice: AlertNotice;
  labels: Labels;
}

/** One alert event to one subscription at once (no grouping); `key` is the alert event's id. */
export interface AlertDelivery extends LabelledNotice {
  kind: 'alert';
  subscription: WebhookSubscription;
  key: string;
}

/** One notification of a group: its firing and newly resolved alerts. */
export interface GroupDelivery {
  kind: 'group';
  tenant: string;
  subscription: WebhookSubscription;
  key: string;
  groupKey: string;
  groupLabels: Labels;
  status: 'firing' | 'resolved';
  at: number;
  alerts: LabelledNotice[];
}

export type Delivery = AlertDelivery | GroupDelivery;

interface OpenAlert extends LabelledNotice {
  eventId: string;
}

interface Group {
  key: string;
  labels: Labels;
  alerts: Map<string, LabelledNotice & { resolved: boolean }>;
  dueAt: number;
  /** Alerts the last notification sent as firing, and when. */
  lastFiring: Set<string>;
  lastSentAt: number | null;
}

interface Direct {
  /** Alerts whose problem this subscription received: only they get a recovery. */
  delivered: Set<string>;
  /** Firing alerts held back by a silence or an inhibition: delivered once no longer muted. */
  muted: Map<string, OpenAlert>;
}

interface TenantDispatch {
  rules: Map<string, { name: string; sendResolved: boolean }>;
  subs: WebhookSubscriptions;
  silences: Silences;
  inhibitions: InhibitionRules;
  firing: Map<string, OpenAlert>;
  direct: Map<string, Direct>;
  groups: Map<string, Map<string, Group>>;
}

/**
 * Which alert events reach which subscription, and when: Alertmanager's silences, inhibition and
 * grouping over Vigil's alert events. Pure and replayable: time comes from the events (grouping timers
 * from ClockTicked, so a wait ends at the first tick at or after it: minute resolution).
 */
export class AlertDispatch {
  private readonly tenants = new Map<string, TenantDispatch>();

  apply(e: DispatchEvent): Delivery[] {
    if (e.type === 'ClockTicked') return this.tick((e.data as { at: number }).at);
    const t = this.tenant(e.tenant);
    switch (e.type) {
      case 'AlertRaised':
        return this.raised(t, e, e.data as AlertRaisedData);
      case 'AlertResolved':
        return this.resolved(t, e, e.data as AlertResolvedData);
      case 'AlertRuleCreated':
      case 'AlertRuleUpdated': {
        const r = (e as unknown as AlertRuleEvent & { type: 'AlertRuleCreated' }).data;
        t.rules.set(r.id, { name: r.name, sendResolved: r.sendResolved });
        return [];
      }
      case 'AlertRuleRemoved':
        return []; // its alerts' resolutions follow and still need the rule's name
      case 'SilenceCreated':
      case 'SilenceExpired':
        t.silences = evolveSilences(t.silences, e as unknown as SilenceEvent);
        return this.unmute(t, e.occurredAt);
      case 'InhibitionRuleCreated':
      case 'InhibitionRuleRemoved':
        t.inhibitions = evolveInhibitionRules(t.inhibitions, e as unknown as InhibitionRuleEvent);
        return this.unmute(t, e.occurredAt);
      default:
        if (e.type.startsWith('Webhook')) this.subscriptionChanged(t, e as unknown as WebhookEvent);
        return [];
    }
  }

  /** A minute passed: due groups flush, alerts no longer silenced go out. */
  tick(at: number): Delivery[] {
    const out: Delivery[] = [];
    for (const t of this.tenants.values()) {
      out.push(...this.unmute(t, at));
      for (const [subId, groups] of t.groups) {
        const sub = t.subs.get(subId);
        if (!sub?.grouping || !sub.enabled) continue;
        for (const g of [...groups.values()].sort((a, b) => a.key.localeCompare(b.key))) if (g.dueAt <= at) out.push(...this.flush(t, sub, groups, g, at));
      }
    }
    return out;
  }

  /** Pending groups of a tenant (for tests and operators). */
  pendingGroups(tenant: string): { subscriptionId: string; groupKey: string; alerts: number; dueAt: number }[] {
    const t = this.tenants.get(tenant);
    if (!t) return [];
    return [...t.groups].flatMap(([subscriptionId, groups]) => [...groups.values()].map((g) => ({ subscriptionId, groupKey: g.key, alerts: g.alerts.size, dueAt: g.dueAt })));
  }

  private tenant(id: string): TenantDispatch {
    let t = this.tenants.get(id);
    if (!t) this.tenants.set(id, (t = { rules: new Map(), subs: new Map(), silences: new Map(), inhibitions: new Map(), firing: new Map(), direct: new Map(), groups: new Map() }));
    return t;
  }

  private subscriptionChanged(t: TenantDispatch, e: WebhookEvent): void {
    const before = t.subs.get(e.data.id);
    t.subs = evolveWebhooks(t.subs, e);
    const after = t.subs.get(e.data.id);
    // A removed subscription, or one whose grouping changed, starts afresh.
    if (!after || JSON.stringify(before?.grouping ?? null) !== JSON.stringify(after.grouping)) {
      t.groups.delete(e.data.id);
      t.direct.delete(e.data.id);
    }
  }

  /** Silenced at `at`, or inhibited by a firing alert (`firing` may be passed in when asked for many alerts). */
  private muted(t: TenantDispatch, a: LabelledNotice, at: number, firing = firingOf(t)): boolean {
    if (isSilenced(t.silences.values(), a.labels, at)) return true;
    return t.inhibitions.size > 0 && isInhibited(t.inhibitions.values(), { alertId: a.notice.raised.alertId, labels: a.labels }, firing);
  }

  private direct(t: TenantDispatch, subId: string): Direct {
    let d = t.direct.get(subId);
    if (!d) t.direct.set(subId, (d = { delivered: new Set(), muted: new Map() }));
    return d;
  }

  private raised(t: TenantDispatch, e: DispatchEvent, raised: AlertRaisedData): Delivery[] {
    const rule = t.rules.get(raised.ruleId);
    const ruleRef = { id: raised.ruleId, name: rule?.name ?? raised.ruleId };
    const notice: AlertNotice = { tenant: e.tenant, eventType: eventTypeOf('AlertRaised', raised), raised, status: raised.status, previousStatus: raised.previousStatus, at: e.occurredAt, resolvedAt: null, rule: ruleRef };
    const alert: OpenAlert = { notice, labels: alertLabels(e.tenant, raised, ruleRef.name), eventId: e.eventId };
    // A flapping alert ends with its FLAPPINGSTOP: it no longer fires (nor inhibits).
    const ends = raised.kind === 'FLAPPINGSTOP';
    if (ends) t.firing.delete(raised.alertId);
    else t.firing.set(raised.alertId, alert);
    const out: Delivery[] = [];
    for (const sub of t.subs.values()) {
      if (!wants(sub, notice)) continue;
      if (sub.grouping) this.enterGroup(t, sub, alert, ends, e.occurredAt);
      else {
        const d = this.direct(t, sub.id);
        if (!ends && this.muted(t, alert, e.occurredAt)) d.muted.set(raised.alertId, alert);
        else {
          d.muted.delete(raised.alertId);
          if (ends) d.delivered.delete(raised.alertId);
          else d.delivered.add(raised.alertId);
          out.push({ kind: 'alert', subscription: sub, key: e.eventId, ...alert });
        }
      }
    }
    return out;
  }

  private resolved(t: TenantDispatch, e: DispatchEvent, data: AlertResolvedData): Delivery[] {
    const open = t.firing.get(data.alertId);
    if (!open) return [];
    t.firing.delete(data.alertId);
    const raised = open.notice.raised;
    const notice: AlertNotice = { ...open.notice, eventType: 'alert.resolved', status: data.status, previousStatus: raised.status, at: data.resolvedAt, resolvedAt: data.resolvedAt };
    const sendResolved = t.rules.get(data.ruleId)?.sendResolved !== false;
    const out: Delivery[] = [];
    for (const sub of t.subs.values()) {
      if (sub.grouping) {
        const entry = t.groups.get(sub.id)?.get(groupKeyOf(sub.grouping, open.labels))?.alerts.get(data.alertId);
        if (entry) Object.assign(entry, { notice, resolved: true });
        continue;
      }
      const d = t.direct.get(sub.id);
      d?.muted.delete(data.alertId);
      if (!d?.delivered.delete(data.alertId)) continue; // the receiver never heard of the problem
      if (sendResolved && wants(sub, notice)) out.push({ kind: 'alert', subscription: sub, key: e.eventId, notice, labels: open.labels });
    }
    // Its end may lift an inhibition.
    return [...out, ...this.unmute(t, data.resolvedAt)];
  }

  private unmute(t: TenantDispatch, at: number): Delivery[] {
    const out: Delivery[] = [];
    const firing = firingOf(t);
    for (const [subId, d] of t.direct) {
      const sub = t.subs.get(subId);
      if (sub && !sub.enabled) continue; // held back until it is enabled again
      for (const [alertId, a] of d.muted) {
        if (!sub || !t.firing.has(alertId)) d.muted.delete(alertId);
        else if (!this.muted(t, a, at, firing)) {
          d.muted.delete(alertId);
          d.delivered.add(alertId);
          out.push({ kind: 'alert', subscription: sub, key: a.eventId, notice: a.notice, labels: a.labels });
        }
      }
    }
    return out;
  }

  private enterGroup(t: TenantDispatch, sub: WebhookSubscription, alert: OpenAlert, ends: boolean, at: number): void {
    const grouping = sub.grouping!;
    let groups = t.groups.get(sub.id);
    if (!groups) t.groups.set(sub.id, (groups = new Map()));
    const key = groupKeyOf(grouping, alert.labels);
    let g = groups.get(key);
    if (!g) {
      if (ends) return;
      groups.set(key, (g = { key, labels: groupLabelsOf(grouping, alert.labels), alerts: new Map(), dueAt: at + grouping.groupWait, lastFiring: new Set(), lastSentAt: null }));
    }
    g.alerts.set(alert.notice.raised.alertId, { notice: alert.notice, labels: alert.labels, resolved: ends });
  }

  /** Alertmanager's flush: send when an alert is new or resolved, or the repeat interval has passed. */
  private flush(t: TenantDispatch, sub: WebhookSubscription, groups: Map<string, Group>, g: Group, at: number): Delivery[] {
    const grouping = sub.grouping!;
    const entries = [...g.alerts.values()].sort((a, b) => a.notice.raised.alertId.localeCompare(b.notice.raised.alertId));
    const all = firingOf(t);
    const firing = entries.filter((a) => !a.resolved && !this.muted(t, a, at, all));
    const resolved = entries.filter((a) => a.resolved && g.lastFiring.has(a.notice.raised.alertId) && t.rules.get(a.notice.raised.ruleId)?.sendResolved !== false && sub.eventTypes.includes(a.notice.eventType));
    for (const a of entries) if (a.resolved) g.alerts.delete(a.notice.raised.alertId);
    const isNew = firing.some((a) => !g.lastFiring.has(a.notice.raised.alertId));
    const repeat = firing.length > 0 && g.lastSentAt !== null && at - g.lastSentAt >= grouping.repeatInterval;
    const out: Delivery[] = [];
    if (isNew || resolved.length > 0 || repeat) {
      const alerts = [...firing, ...resolved].map(({ notice, labels }) => ({ notice, labels }));
      out.push({ kind: 'group', tenant: alerts[0].notice.tenant, subscription: sub, key: `${g.key}@${at}`, groupKey: g.key, groupLabels: g.labels, status: firing.length > 0 ? 'firing' : 'resolved', at, alerts });
      g.lastFiring = new Set(firing.map((a) => a.notice.raised.alertId));
      g.lastSentAt = at;
    } else if (firing.length === 0) g.lastFiring = new Set();
    if (g.alerts.size === 0) groups.delete(g.key);
    else g.dueAt = at + grouping.groupInterval;
    return out;
  }
}

const firingOf = (t: TenantDispatch) => [...t.firing.values()].map((f) => ({ alertId: f.notice.raised.alertId, labels: f.labels }));

function groupLabelsOf(grouping: WebhookGrouping, labels: Labels): Labels {
  if (grouping.groupBy.includes(GROUP_BY_ALL)) return { ...labels };
  return Object.fromEntries(grouping.groupBy.filter((l) => labels[l] !== undefined).map((l) => [l, labels[l]]));
}

/** Alertmanager's group key shape: `{}:{label="value",...}`, labels sorted. */
export function groupKeyOf(grouping: WebhookGrouping, labels: Labels): string {
  const g = groupLabelsOf(grouping, labels);
  return `{}:{${Object.keys(g).sort().map((k) => `${k}=${JSON.stringify(g[k])}`).join(',')}}`;
}
