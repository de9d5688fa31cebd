import { Operations, parseThresholds, type OperationsProfile } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import { ArgoFileError, isAvroFile, isObject, labelOf, readFirst, readRecords, type ArgoInput } from './argo-file';
import { appendIfChanged, canonicalJson, lastProfileEvent, profileStream } from './profile-streams';
import { readAggregation, readDowntimes, readEndpoints, readGroups, readMetricProfile, readOperations, readReport, readThresholds, readWeights } from './readers';
import { readStatusSettings, STATUS_SETTINGS_SET, STATUS_SETTINGS_STREAM, type StatusSettingsSetData } from './status-settings.store';

/** Data of every profile and feed `*Set` event of schemas/profile (StatusSettingsSet aside). */
export interface ProfileSetData {
  name: string;
  /** Canonical JSON of the normalised profile or feed. */
  profile: string;
  source: string | null;
}

/** One kind `vigil argo import` and POST /api/v1/argo/import load: its CLI option, API field, stream, event type and reader. */
export interface ArgoFeed {
  option: string;
  field: string;
  streamId: string;
  type: string;
  /** Reads and checks one document into its event's data (the source aside). */
  read(input: ArgoInput): Promise<object>;
  /** Whether an event's data says what the last one did (ids, dates, row order and source aside). */
  same(last: object, next: object): boolean;
}

/** One document read, checked and ready to compare with the tenant's stream. */
export interface ProfileImport {
  feed: ArgoFeed;
  /** The file, or the label of an inline document. */
  file: string;
  data: { source: string | null; [field: string]: unknown };
}

export interface ImportSummary {
  tenant: string;
  /** Stream ids (under profile/) that got a new event... */
  appended: string[];
  /** ...and those whose last event already said the same. */
  unchanged: string[];
}

// Feed rows carry no meaningful order: sorting them makes a reordered file "unchanged".
const sortedRows = <T>(rows: T[]): T[] =>
  rows
    .map((row) => [canonicalJson(row), row] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);

/** The profile's own name: `name` of a web-API profile, `info.name` of a report, `profile` of Avro rows. */
async function nameIn(input: ArgoInput, fallback: string): Promise<string> {
  const first = isAvroFile(input) ? (await readRecords(input))[0] : await readFirst(input);
  const info = first?.info;
  const candidates = [first?.name, isObject(info) ? info.name : undefined, first?.profile];
  const name = candidates.find((c): c is string => typeof c === 'string' && c !== '');
  return name ?? fallback;
}

function checkOperations(input: ArgoInput, profile: OperationsProfile): void {
  try {
    new Operations(profile);
  } catch (err) {
    throw new ArgoFileError(labelOf(input), `operations profile is inconsistent: ${(err as Error).message}`);
  }
}

async function readCheckedThresholds(input: ArgoInput) {
  const rules = await readThresholds(input);
  rules.forEach((rule, i) => {
    let parsed: number;
    try {
      parsed = parseThresholds(rule.thresholds).size;
    } catch (err) {
      throw new ArgoFileError(labelOf(input), `thresholds.rules[${i}].thresholds '${rule.thresholds}': ${(err as Error).message}`);
    }
    if (parsed === 0) throw new ArgoFileError(labelOf(input), `thresholds.rules[${i}].thresholds '${rule.thresholds}' has no label=value;warn;crit;min;max item`);
  });
  return rules;
}

async function readCheckedDowntimes(input: ArgoInput) {
  const downtimes = await readDowntimes(input);
  downtimes.forEach((d, i) => {
    const start = Date.parse(d.start_time);
    const end = Date.parse(d.end_time);
    if (Number.isNaN(start) || Number.isNaN(end)) throw new ArgoFileError(labelOf(input), `downtime ${i} (${d.hostname} ${d.service}): start_time and end_time must be ISO-8601 times`);
    if (start > end) throw new ArgoFileError(labelOf(input), `downtime ${i} (${d.hostname} ${d.service}): start_time ${d.start_time} is after end_time ${d.end_time}`);
  });
  return downtimes;
}

/** A profile or feed kind: its data is `{name, profile: canonical JSON}`. */
function profileFeed(option: string, field: string, streamId: string, type: string, read: (input: ArgoInput) => Promise<{ name: string; profile: unknown }>): ArgoFeed {
  return {
    option, field, streamId, type,
    read: async (input) => {
      const { name, profile } = await read(input);
      return { name, profile: canonicalJson(profile) };
    },
    same: (last, next) => {
      const [a, b] = [last as ProfileSetData, next as ProfileSetData];
      return a.name === b.name && a.profile === b.profile;
    },
  };
}

const settingsContent = (d: object): string => {
  const { defaultFreshnessSeconds, metricFreshness, downtimeOverlay } = d as StatusSettingsSetData;
  return canonicalJson({ defaultFreshnessSeconds, metricFreshness, downtimeOverlay });
};

/** Every kind an ARGO import loads, in the order it appends them. */
export const ARGO_FEEDS: readonly ArgoFeed[] = [
  profileFeed('operations', 'operations', 'operations', 'OperationsProfileSet', async (input) => {
    const profile = await readOperations(input);
    checkOperations(input, profile);
    return { name: profile.name ?? (await nameIn(input, 'operations')), profile };
  }),
  profileFeed('aggregation', 'aggregation', 'aggregation', 'AggregationProfileSet', async (input) => ({ profile: await readAggregation(input), name: await nameIn(input, 'aggregation') })),
  profileFeed('metric-profile', 'metricProfile', 'metric-profile', 'MetricProfileSet', async (input) => ({ profile: await readMetricProfile(input), name: await nameIn(input, 'metric-profile') })),
  profileFeed('thresholds', 'thresholds', 'thresholds', 'ThresholdsProfileSet', async (input) => ({ profile: { rules: await readCheckedThresholds(input) }, name: await nameIn(input, 'thresholds') })),
  profileFeed('config', 'config', 'report', 'ReportConfigSet', async (input) => {
    const report = await readReport(input);
    return { name: report.name || 'report', profile: report };
  }),
  profileFeed('weights', 'weights', 'weights', 'WeightsSet', async (input) => ({ name: 'weights', profile: Object.fromEntries(await readWeights(input)) })),
  profileFeed('topology-endpoints', 'topologyEndpoints', 'topology-endpoints', 'ArgoTopologyEndpointsSet', async (input) => ({ name: 'topology-endpoints', profile: sortedRows(await readEndpoints(input)) })),
  profileFeed('topology-groups', 'topologyGroups', 'topology-groups', 'ArgoTopologyGroupsSet', async (input) => ({ name: 'topology-groups', profile: sortedRows(await readGroups(input)) })),
  profileFeed('downtimes', 'downtimes', 'downtimes', 'ArgoDowntimesSet', async (input) => ({ name: 'downtimes', profile: sortedRows(await readCheckedDowntimes(input)) })),
  {
    option: 'status-settings', field: 'statusSettings', streamId: STATUS_SETTINGS_STREAM, type: STATUS_SETTINGS_SET,
    read: (input) => readStatusSettings(input),
    same: (last, next) => settingsContent(last) === settingsContent(next),
  },
];

/**
 * Reads and checks every given document before anything is appended: one bad document imports
 * nothing. `inputOf` picks each kind's document (a CLI file, an API body field); `source` says
 * where it came from in the events.
 */
export async function readArgoDocuments(inputOf: (feed: ArgoFeed) => ArgoInput | undefined, source: (input: ArgoInput) => string | null): Promise<ProfileImport[]> {
  const imports: ProfileImport[] = [];
  for (const feed of ARGO_FEEDS) {
    const input = inputOf(feed);
    if (input === undefined) continue;
    imports.push({ feed, file: labelOf(input), data: { ...(await feed.read(input)), source: source(input) } });
  }
  return imports;
}

/** Files by CLI option (`operations`, `metric-profile`, ...). */
export const readArgoFiles = (files: Partial<Record<string, string>>, source = (file: string) => file): Promise<ProfileImport[]> =>
  readArgoDocuments((feed) => files[feed.option] || undefined, (input) => source(labelOf(input)));

/** Aggregation operations must exist in the operations profile being imported, else in the tenant's current one. */
export async function checkAggregationOperations(store: EventStore, tenant: string, imports: ProfileImport[]): Promise<void> {
  const aggregation = imports.find((i) => i.feed.streamId === 'aggregation');
  if (!aggregation) return;
  const operations = (imports.find((i) => i.feed.streamId === 'operations')?.data as unknown as ProfileSetData | undefined)
    ?? (await lastProfileEvent<ProfileSetData>(store, profileStream(tenant, 'operations')))?.data;
  if (!operations) return;
  const known = new Set((JSON.parse(operations.profile) as OperationsProfile).operations.map((op) => op.name));
  const profile = JSON.parse((aggregation.data as unknown as ProfileSetData).profile) as { metric_operation: string; profile_operation: string; groups: { name: string; operation: string; services: { name: string; operation: string }[] }[] };
  const used = [
    ['metric_operation', profile.metric_operation],
    ['profile_operation', profile.profile_operation],
    ...profile.groups.flatMap((g) => [[`group ${g.name}`, g.operation], ...g.services.map((s) => [`service ${s.name} of group ${g.name}`, s.operation])]),
  ];
  const unknown = used.find(([, op]) => !known.has(op));
  if (unknown) throw new ArgoFileError(aggregation.file, `${unknown[0]} uses operation '${unknown[1]}', not in the operations profile (${[...known].join(', ')})`);
}

/** Appends one event per document whose content differs from the last event of its stream. */
export async function importProfiles(store: EventStore, tenant: string, imports: ProfileImport[]): Promise<ImportSummary> {
  const summary: ImportSummary = { tenant, appended: [], unchanged: [] };
  for (const item of imports) {
    const { feed, data } = item;
    const changed = await appendIfChanged(store, profileStream(tenant, feed.streamId), feed.type, data, (last) => feed.same(last, data));
    (changed ? summary.appended : summary.unchanged).push(feed.streamId);
  }
  return summary;
}
