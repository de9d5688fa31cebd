import { checkStatusSettings, DEFAULT_STATUS_SETTINGS, normaliseStatusSettings, type StatusSettings } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import { ArgoFileError, labelOf, readJson, type ArgoInput } from './argo-file';
import { appendIfChanged, canonicalJson, lastProfileEvent, profileStream } from './profile-streams';

export const STATUS_SETTINGS_STREAM = 'status-settings';
export const STATUS_SETTINGS_SET = 'StatusSettingsSet';

/** Data of a StatusSettingsSet event (schemas/profile/status-settings-set.avsc). */
export interface StatusSettingsSetData extends StatusSettings {
  source: string | null;
}

/** A tenant's settings in effect: ARGO's defaults (revision null) until the first StatusSettingsSet. */
export interface CurrentStatusSettings extends StatusSettings {
  /** Revision of the tenant's profile/status-settings stream; null while the defaults apply. */
  revision: number | null;
  /** When they were set (ms), null for the defaults. */
  setAt: number | null;
  source: string | null;
}

const contentOf = (s: StatusSettings): string =>
  canonicalJson({ defaultFreshnessSeconds: s.defaultFreshnessSeconds, metricFreshness: s.metricFreshness, downtimeOverlay: s.downtimeOverlay });

export async function currentStatusSettings(store: EventStore, tenant: string): Promise<CurrentStatusSettings> {
  const last = await lastProfileEvent<StatusSettingsSetData>(store, profileStream(tenant, STATUS_SETTINGS_STREAM));
  if (!last) return { ...normaliseStatusSettings(DEFAULT_STATUS_SETTINGS), revision: null, setAt: null, source: null };
  const { defaultFreshnessSeconds, metricFreshness, downtimeOverlay, source } = last.data;
  return { defaultFreshnessSeconds, metricFreshness, downtimeOverlay, revision: last.revision, setAt: last.occurredAt, source };
}

/** Appends a StatusSettingsSet unless the settings in effect are already these: true when it appended. */
export function setStatusSettings(store: EventStore, tenant: string, settings: StatusSettings, source: string | null): Promise<boolean> {
  const data: StatusSettingsSetData = { ...normaliseStatusSettings(settings), source };
  return appendIfChanged(store, profileStream(tenant, STATUS_SETTINGS_STREAM), STATUS_SETTINGS_SET, data, (last) => contentOf(last) === contentOf(data));
}

/** Status settings from a JSON file or document (envelope accepted), checked; omitted fields take the defaults. */
export async function readStatusSettings(input: ArgoInput): Promise<StatusSettings> {
  const doc = await readJson(input);
  const problems = checkStatusSettings(doc);
  if (problems.length > 0) throw new ArgoFileError(labelOf(input), problems.map((p) => (p.field ? `${p.field} ${p.reason}` : p.reason)).join('; '));
  return normaliseStatusSettings(doc as Partial<StatusSettings>);
}
