import { NotFound, RuleViolation } from '../shared/rule-violation';
import type { ViewDecider } from '../shared/view-decider';
import { WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookFilter, type WebhookFormat, type WebhookGrouping } from './alert.events';
import { isLabelName } from './matchers';

export interface WebhookSubscription {
  id: string;
  url: string;
  eventTypes: string[];
  filter: WebhookFilter;
  format: WebhookFormat;
  secret: string;
  enabled: boolean;
  /** Why deliveries stopped (e.g. the receiver answered 410), when disabled. */
  disabledReason: string | null;
  grouping: WebhookGrouping | null;
}

/** Grouping is opt-in: `groupBy` turns it on (an empty list turns it off); times in ms. */
export interface WebhookGroupingInput {
  groupBy?: string[];
  groupWait?: number;
  groupInterval?: number;
  repeatInterval?: number;
}

export type WebhookSubscriptionInput = { url: string; eventTypes: string[]; filter?: Partial<WebhookFilter>; format?: WebhookFormat } & WebhookGroupingInput;

/** Alertmanager's defaults: group_wait 30 s, group_interval 5 min, repeat_interval 4 h. */
export const GROUPING_DEFAULTS = { groupWait: 30_000, groupInterval: 5 * 60_000, repeatInterval: 4 * 3600_000 } as const;
/** `...` groups by every label (one group per alert), as in Alertmanager. */
export const GROUP_BY_ALL = '...';

export type WebhookCommand =
  | { type: 'Subscribe'; id: string; secret: string; subscription: WebhookSubscriptionInput }
  | { type: 'UpdateSubscription'; id: string; patch: Partial<WebhookSubscriptionInput> & { enabled?: boolean } }
  | { type: 'DisableSubscription'; id: string; reason: string }
  | { type: 'Unsubscribe'; id: string };

export type WebhookSubscriptions = ReadonlyMap<string, WebhookSubscription>;

const EMPTY_FILTER: WebhookFilter = { ruleIds: [], levels: [], supergroups: [], endpointGroups: [], services: [] };

export function decideWebhook(command: WebhookCommand, subs: WebhookSubscriptions): WebhookEvent[] {
  switch (command.type) {
    case 'Subscribe': {
      if (subs.has(command.id)) throw new RuleViolation('WEBHOOK_EXISTS', `webhook ${command.id} already exists`, 'id');
      const s = command.subscription;
      const data = { id: command.id, url: checkUrl(s.url), eventTypes: checkEventTypes(s.eventTypes), filter: { ...EMPTY_FILTER, ...(s.filter ?? {}) }, format: s.format ?? 'standard', secret: command.secret, grouping: groupingOf(s, null) };
      return [{ type: 'WebhookSubscribed', data }];
    }
    case 'UpdateSubscription': {
      const current = existing(subs, command.id);
      const p = command.patch;
      const data = {
        id: current.id,
        url: p.url !== undefined ? checkUrl(p.url) : current.url,
        eventTypes: p.eventTypes !== undefined ? checkEventTypes(p.eventTypes) : current.eventTypes,
        filter: p.filter !== undefined ? { ...EMPTY_FILTER, ...p.filter } : current.filter,
        format: p.format ?? current.format,
        enabled: p.enabled ?? current.enabled,
        grouping: groupingOf(p, current.grouping),
      };
      const comparable = (x: typeof data) => JSON.stringify([x.url, x.eventTypes, x.filter, x.format, x.enabled, x.grouping]);
      if (comparable(data) === comparable(current)) return [];
      return [{ type: 'WebhookUpdated', data }];
    }
    case 'DisableSubscription': {
      const current = existing(subs, command.id);
      return current.enabled ? [{ type: 'WebhookDisabled', data: { id: current.id, reason: command.reason } }] : [];
    }
    case 'Unsubscribe':
      existing(subs, command.id);
      return [{ type: 'WebhookRemoved', data: { id: command.id } }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown webhook command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveWebhooks(subs: WebhookSubscriptions, e: WebhookEvent): WebhookSubscriptions {
  const next = new Map(subs);
  const current = subs.get(e.data.id);
  switch (e.type) {
    case 'WebhookSubscribed':
      next.set(e.data.id, { ...e.data, grouping: e.data.grouping ?? null, enabled: true, disabledReason: null });
      break;
    case 'WebhookUpdated':
      if (current) next.set(e.data.id, { ...current, ...e.data, grouping: e.data.grouping ?? null, disabledReason: e.data.enabled ? null : current.disabledReason });
      break;
    case 'WebhookDisabled':
      if (current) next.set(e.data.id, { ...current, enabled: false, disabledReason: e.data.reason });
      break;
    case 'WebhookRemoved':
      next.delete(e.data.id);
      break;
  }
  return next;
}

export const webhookDecider: ViewDecider<WebhookCommand, WebhookSubscriptions, WebhookEvent, unknown> = {
  decide: (command, subs) => decideWebhook(command, subs),
  evolve: evolveWebhooks,
  initialState: () => new Map(),
};

function existing(subs: WebhookSubscriptions, id: string): WebhookSubscription {
  const s = subs.get(id);
  if (!s) throw new NotFound('webhook', id);
  return s;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RuleViolation('INVALID_WEBHOOK_URL', `'${url}' is not a URL`, 'url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RuleViolation('INVALID_WEBHOOK_URL', 'url must use http or https', 'url');
  if (parsed.username || parsed.password) throw new RuleViolation('INVALID_WEBHOOK_URL', 'url must not carry credentials', 'url');
  return parsed.toString();
}

function checkEventTypes(types: string[]): string[] {
  const distinct = [...new Set(types)];
  if (distinct.length === 0) throw new RuleViolation('EVENT_TYPES_REQUIRED', `eventTypes needs at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}`, 'eventTypes');
  const unknown = distinct.find((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown) throw new RuleViolation('UNKNOWN_EVENT_TYPE', `event type ${unknown} is not one of ${WEBHOOK_EVENT_TYPES.join(', ')}`, 'eventTypes');
  return distinct;
}

/** The grouping after an input: groupBy sets or clears it; times alone change an existing one. */
function groupingOf(input: WebhookGroupingInput, current: WebhookGrouping | null): WebhookGrouping | null {
  const { groupBy, groupWait, groupInterval, repeatInterval } = input;
  if (groupBy !== undefined && groupBy.length === 0) return null;
  const timed = groupWait !== undefined || groupInterval !== undefined || repeatInterval !== undefined;
  if (groupBy === undefined && !timed) return current;
  if (groupBy === undefined && !current) throw new RuleViolation('GROUPING_NEEDS_GROUP_BY', 'groupWait, groupInterval and repeatInterval need groupBy', 'groupBy');
  const base = current ?? { groupBy: [], ...GROUPING_DEFAULTS };
  const labels = groupBy !== undefined ? [...new Set(groupBy)] : base.groupBy;
  const bad = labels.findIndex((l) => l !== GROUP_BY_ALL && !isLabelName(l));
  if (bad >= 0) throw new RuleViolation('INVALID_LABEL_NAME', `'${labels[bad]}' is not a label name (or '...')`, `groupBy[${bad}]`);
  const next = { groupBy: labels, groupWait: groupWait ?? base.groupWait, groupInterval: groupInterval ?? base.groupInterval, repeatInterval: repeatInterval ?? base.repeatInterval };
  if (!Number.isInteger(next.groupWait) || next.groupWait < 0) throw new RuleViolation('INVALID_GROUP_WAIT', 'groupWait must be 0 or more', 'groupWait');
  if (!Number.isInteger(next.groupInterval) || next.groupInterval <= 0) throw new RuleViolation('INVALID_GROUP_INTERVAL', 'groupInterval must be positive', 'groupInterval');
  if (!Number.isInteger(next.repeatInterval) || next.repeatInterval <= 0) throw new RuleViolation('INVALID_REPEAT_INTERVAL', 'repeatInterval must be positive', 'repeatInterval');
  return next;
}
