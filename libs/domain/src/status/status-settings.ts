import type { DowntimeClassification } from '../downtimes/downtime.events';
import { SECOND } from '../shared/time';
import type { SettingsInput } from './status.types';

/**
 * One tenant's status settings, as the StatusSettingsSet event (schemas/profile/status-settings-set.avsc),
 * the API and `vigil argo import --status-settings` carry them.
 */
export interface StatusSettings {
  /** How long a result stays fresh before its metric is MISSING, in seconds (ARGO's daily fill: 86,400). */
  defaultFreshnessSeconds: number;
  /** Per-metric windows overriding the default, one per metric. */
  metricFreshness: { metric: string; seconds: number }[];
  /** Classifications of OUTAGE downtimes that turn an endpoint DOWNTIME; [] turns the overlay off. WARNING downtimes never do. */
  downtimeOverlay: DowntimeClassification[];
}

/** ARGO's rules: a day of freshness, only SCHEDULED OUTAGE downtimes overlay. */
export const DEFAULT_STATUS_SETTINGS: StatusSettings = Object.freeze({
  defaultFreshnessSeconds: 86_400,
  metricFreshness: [],
  downtimeOverlay: ['SCHEDULED'],
}) as StatusSettings;

/** A year: a longer window would hide a dead probe for good. */
export const MAX_FRESHNESS_SECONDS = 366 * 86_400;
export const DOWNTIME_OVERLAY_CLASSIFICATIONS: readonly DowntimeClassification[] = ['SCHEDULED', 'UNSCHEDULED'];
/** A metric name as probes send it: no blanks or control characters. */
export const METRIC_NAME = /^[^\s\u0000-\u001f\u007f]{1,255}$/;

export interface SettingsProblem {
  field: string;
  reason: string;
}

const isSeconds = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_FRESHNESS_SECONDS;
const SECONDS_REASON = `must be an integer number of seconds from 1 to ${MAX_FRESHNESS_SECONDS}`;

/**
 * Checks settings from outside (a JSON file or body): every problem with its field, none when they
 * are valid. Omitted fields take their defaults.
 */
export function checkStatusSettings(x: unknown): SettingsProblem[] {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return [{ field: '', reason: 'must be an object' }];
  const o = x as Record<string, unknown>;
  const problems: SettingsProblem[] = [];
  for (const key of Object.keys(o))
    if (!['defaultFreshnessSeconds', 'metricFreshness', 'downtimeOverlay'].includes(key)) problems.push({ field: key, reason: 'is not a status setting' });
  if (o.defaultFreshnessSeconds !== undefined && !isSeconds(o.defaultFreshnessSeconds)) problems.push({ field: 'defaultFreshnessSeconds', reason: SECONDS_REASON });
  if (o.metricFreshness !== undefined) {
    if (!Array.isArray(o.metricFreshness)) problems.push({ field: 'metricFreshness', reason: 'must be an array of {metric, seconds}' });
    else {
      const seen = new Set<string>();
      o.metricFreshness.forEach((item: unknown, i) => {
        const at = `metricFreshness[${i}]`;
        if (typeof item !== 'object' || item === null) return problems.push({ field: at, reason: 'must be an object {metric, seconds}' });
        const { metric, seconds } = item as Record<string, unknown>;
        if (typeof metric !== 'string' || !METRIC_NAME.test(metric)) problems.push({ field: `${at}.metric`, reason: 'must be a metric name: 1-255 characters, no blanks' });
        else if (seen.has(metric)) problems.push({ field: `${at}.metric`, reason: `'${metric}' is given twice` });
        else seen.add(metric);
        if (!isSeconds(seconds)) problems.push({ field: `${at}.seconds`, reason: SECONDS_REASON });
      });
    }
  }
  if (o.downtimeOverlay !== undefined) {
    const list = o.downtimeOverlay;
    if (!Array.isArray(list)) problems.push({ field: 'downtimeOverlay', reason: 'must be an array of SCHEDULED, UNSCHEDULED' });
    else
      list.forEach((c: unknown, i) => {
        if (!DOWNTIME_OVERLAY_CLASSIFICATIONS.includes(c as DowntimeClassification)) problems.push({ field: `downtimeOverlay[${i}]`, reason: 'must be one of SCHEDULED, UNSCHEDULED' });
      });
  }
  return problems;
}

/** Checked settings with defaults filled in, in a canonical order (equal settings, equal JSON). */
export function normaliseStatusSettings(x: Partial<StatusSettings>): StatusSettings {
  const overlay = new Set(x.downtimeOverlay ?? DEFAULT_STATUS_SETTINGS.downtimeOverlay);
  return {
    defaultFreshnessSeconds: x.defaultFreshnessSeconds ?? DEFAULT_STATUS_SETTINGS.defaultFreshnessSeconds,
    metricFreshness: [...(x.metricFreshness ?? [])].map(({ metric, seconds }) => ({ metric, seconds })).sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0)),
    downtimeOverlay: DOWNTIME_OVERLAY_CLASSIFICATIONS.filter((c) => overlay.has(c)),
  };
}

/** The engine input of a StatusSettingsSet. */
export const settingsInput = (s: StatusSettings, eventId?: string, at?: number): SettingsInput => ({
  kind: 'settings',
  eventId,
  at,
  freshnessMs: s.defaultFreshnessSeconds * SECOND,
  metricFreshnessMs: Object.fromEntries(s.metricFreshness.map((m) => [m.metric, m.seconds * SECOND])),
  downtimeClassifications: [...s.downtimeOverlay],
});
