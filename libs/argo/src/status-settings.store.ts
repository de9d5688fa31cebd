import { checkStatusSettings, DEFAULT_STATUS_SETTINGS, normaliseStatusSettings, type StatusSettings } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import { ArgoFileError, labelOf, readJson, type ArgoInput } from './argo-file';
import { appendIfChanged, appendIfChangedAt, canonicalJson, lastProfileEvent, profileStream } from './profile-streams';

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

/**
 * Appends a StatusSettingsSet unless the settings in effect are already these: true when it appended.
 * With `expectedRevision` (If-Match), only if nobody set them since that revision (else ConcurrencyError).
 */
export function setStatusSettings(store: EventStore, tenant: string, settings: StatusSettings, source: string | null, expectedRevision?: number): Promise<boolean> {
  const data: StatusSettingsSetData = { ...normaliseStatusSettings(settings), source };
  const stream = profileStream(tenant, STATUS_SETTINGS_STREAM);
  const same = (last: StatusSettingsSetData) => contentOf(last) === contentOf(data);
  return expectedRevision === undefined ? appendIfChanged(store, stream, STATUS_SETTINGS_SET, data, same) : appendIfChangedAt(store, stream, STATUS_SETTINGS_SET, data, same, expectedRevision);
}

/** Status settings from a JSON file or document (envelope accepted), checked; omitted fields take the defaults. */
export async function readStatusSettings(input: ArgoInput): Promise<StatusSettings> {
  const doc = await readJson(input);
  const problems = checkStatusSettings(doc);
  if (problems.length > 0) throw new ArgoFileError(labelOf(input), problems.map((p) => (p.field ? `${p.field} ${p.reason}` : p.reason)).join('; '));
  return normaliseStatusSettings(doc as Partial<StatusSettings>);
}
