import { NotFound, RuleViolation } from '../shared/rule-violation';
import type { ViewDecider } from '../shared/view-decider';
import { WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookFilter, type WebhookFormat } from './alert.events';

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
}

export type WebhookSubscriptionInput = { url: string; eventTypes: string[]; filter?: Partial<WebhookFilter>; format?: WebhookFormat };

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
      const data = { id: command.id, url: checkUrl(s.url), eventTypes: checkEventTypes(s.eventTypes), filter: { ...EMPTY_FILTER, ...(s.filter ?? {}) }, format: s.format ?? 'standard', secret: command.secret };
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
      };
      const { secret: _secret, disabledReason: _reason, ...before } = current;
      if (JSON.stringify(data) === JSON.stringify(before)) return [];
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
      next.set(e.data.id, { ...e.data, enabled: true, disabledReason: null });
      break;
    case 'WebhookUpdated':
      if (current) next.set(e.data.id, { ...current, ...e.data, disabledReason: e.data.enabled ? null : current.disabledReason });
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
