// Alert events: each type name is its Avro record name (schemas/alert/*.avsc, schemas/webhook/*.avsc)
// and each `data` holds exactly that record's fields. Keep both in step.
import type { StatusLevel } from '../status/status.types';

/** Which items a rule watches: one level and the keys that must be equal (null: any). */
export interface AlertMatch {
  level: StatusLevel;
  supergroup: string | null;
  endpointGroup: string | null;
  service: string | null;
  hostname: string | null;
  metric: string | null;
}

export interface AlertRuleData {
  id: string;
  name: string;
  match: AlertMatch;
  /** Problem statuses: the item alerts while HARD in one of them. */
  statuses: string[];
  maxCheckAttempts: number;
  /** ms between re-notifications while HARD in a problem (0: never). */
  notificationInterval: number;
  flapLowThreshold: number;
  flapHighThreshold: number;
  sendResolved: boolean;
  labels: Record<string, string>;
}

export type AlertRuleEvent =
  | { type: 'AlertRuleCreated'; data: AlertRuleData }
  | { type: 'AlertRuleUpdated'; data: AlertRuleData }
  | { type: 'AlertRuleRemoved'; data: { id: string } };

/** BURNRATE: an error budget burns too fast (libs/domain/src/budgets). */
export type AlertKind = 'PROBLEM' | 'RENOTIFY' | 'FLAPPINGSTART' | 'FLAPPINGSTOP' | 'BURNRATE';

export interface AlertRaisedData {
  alertId: string;
  ruleId: string;
  level: StatusLevel;
  supergroup: string;
  endpointGroup: string;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  previousStatus: string;
  kind: AlertKind;
  /** ms: when the problem (or the flapping) began. */
  since: number;
  labels: Record<string, string>;
}

export interface AlertResolvedData {
  alertId: string;
  ruleId: string;
  status: string;
  resolvedAt: number;
}

export type AlertEvent = { type: 'AlertRaised'; data: AlertRaisedData } | { type: 'AlertResolved'; data: AlertResolvedData };

export type WebhookFormat = 'standard' | 'alertmanager';

/** Which alerts a subscription receives: an empty list matches anything. */
export interface WebhookFilter {
  ruleIds: string[];
  levels: string[];
  supergroups: string[];
  endpointGroups: string[];
  services: string[];
}

/** Alertmanager-style grouping of a subscription's deliveries (null: each alert at once). Times in ms. */
export interface WebhookGrouping {
  groupBy: string[];
  groupWait: number;
  groupInterval: number;
  repeatInterval: number;
}

export interface WebhookSubscribedData {
  id: string;
  url: string;
  eventTypes: string[];
  filter: WebhookFilter;
  format: WebhookFormat;
  secret: string;
  grouping: WebhookGrouping | null;
}

export interface WebhookUpdatedData {
  id: string;
  url: string;
  eventTypes: string[];
  filter: WebhookFilter;
  format: WebhookFormat;
  enabled: boolean;
  grouping: WebhookGrouping | null;
}

export type WebhookEvent =
  | { type: 'WebhookSubscribed'; data: WebhookSubscribedData }
  | { type: 'WebhookUpdated'; data: WebhookUpdatedData }
  | { type: 'WebhookDisabled'; data: { id: string; reason: string } }
  | { type: 'WebhookRemoved'; data: { id: string } };

/** Every rule of a tenant lives in one stream: few, read together, listed often. */
export const ALERT_RULES_STREAM = { category: 'alert-rules', id: 'all' } as const;
export const WEBHOOKS_STREAM = { category: 'webhooks', id: 'all' } as const;
/** One stream per alert (its raises, re-notifications and resolution). */
export const ALERT_CATEGORY = 'alert';

/** The event types a subscription can ask for. */
export const WEBHOOK_EVENT_TYPES = ['alert.raised', 'alert.resolved', 'alert.flapping.started', 'alert.flapping.stopped'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
