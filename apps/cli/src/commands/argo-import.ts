import {
  ArgoFileError,
  isObject,
  readAggregation,
  readDowntimes,
  readEndpoints,
  readFirst,
  readGroups,
  readMetricProfile,
  readOperations,
  readRecords,
  readReport,
  readThresholds,
  readWeights,
} from '@vigil/argo';
import { Operations, parseThresholds, type OperationsProfile } from '@vigil/domain';
import { ConcurrencyError, type EventStore, type StreamRef } from '@vigil/event-store';
import type { RecordedEvent } from '@vigil/events';

/** Profiles and feeds live in the `profile` category, one stream per kind. */
export const PROFILE_CATEGORY = 'profile';

/** Data of every `*Set` event of schemas/profile. */
export interface ProfileSetData {
  name: string;
  /** Canonical JSON of the normalised profile or feed. */
  profile: string;
  source: string | null;
}

/** One ARGO input kind: its CLI option, stream, event type and reader. */
export interface ArgoFeed {
  option: string;
  streamId: string;
  type: string;
  read(file: string): Promise<{ name: string; profile: unknown }>;
}

/** One file read, validated and ready to compare with the tenant's stream. */
export interface ProfileImport {
  feed: ArgoFeed;
  file: string;
  data: ProfileSetData;
}

export interface ImportSummary {
  tenant: string;
  appended: string[];
  unchanged: string[];
}

/** JSON with object keys sorted at every depth, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Map) return sortKeys(Object.fromEntries(value));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

// Feed rows carry no meaningful order: sorting them makes a reordered file "unchanged".
const sortedRows = <T>(rows: T[]): T[] =>
  rows
    .map((row) => [canonicalJson(row), row] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);

/** The profile's own name: `name` of a web-API profile, `info.name` of a report, `profile` of Avro rows. */
async function nameIn(file: string, fallback: string): Promise<string> {
  const first = file.endsWith('.avro') ? (await readRecords(file))[0] : await readFirst(file);
  const info = first?.info;
  const candidates = [first?.name, isObject(info) ? info.name : undefined, first?.profile];
  const name = candidates.find((c): c is string => typeof c === 'string' && c !== '');
  return name ?? fallback;
}

function checkOperations(file: string, profile: OperationsProfile): void {
  try {
    new Operations(profile);
  } catch (err) {
    throw new ArgoFileError(file, `operations profile is inconsistent: ${(err as Error).message}`);
  }
}

async function readCheckedThresholds(file: string) {
  const rules = await readThresholds(file);
  rules.forEach((rule, i) => {
    let parsed: number;
    try {
      parsed = parseThresholds(rule.thresholds).size;
    } catch (err) {
      throw new ArgoFileError(file, `thresholds.rules[${i}].thresholds '${rule.thresholds}': ${(err as Error).message}`);
    }
    if (parsed === 0) throw new ArgoFileError(file, `thresholds.rules[${i}].thresholds '${rule.thresholds}' has no label=value;warn;crit;min;max item`);
  });
  return rules;
}

async function readCheckedDowntimes(file: string) {
  const downtimes = await readDowntimes(file);
  downtimes.forEach((d, i) => {
    const start = Date.parse(d.start_time);
    const end = Date.parse(d.end_time);
    if (Number.isNaN(start) || Number.isNaN(end)) throw new ArgoFileError(file, `downtime ${i} (${d.hostname} ${d.service}): start_time and end_time must be ISO-8601 times`);
    if (start > end) throw new ArgoFileError(file, `downtime ${i} (${d.hostname} ${d.service}): start_time ${d.start_time} is after end_time ${d.end_time}`);
  });
  return downtimes;
}

/** Every kind `vigil argo import` loads, in the order it appends them. */
export const ARGO_FEEDS: readonly ArgoFeed[] = [
  {
    option: 'operations', streamId: 'operations', type: 'OperationsProfileSet',
    read: async (file) => {
      const profile = await readOperations(file);
      checkOperations(file, profile);
      return { name: profile.name ?? (await nameIn(file, 'operations')), profile };
    },
  },
  {
    option: 'aggregation', streamId: 'aggregation', type: 'AggregationProfileSet',
    read: async (file) => ({ profile: await readAggregation(file), name: await nameIn(file, 'aggregation') }),
  },
  {
    option: 'metric-profile', streamId: 'metric-profile', type: 'MetricProfileSet',
    read: async (file) => ({ profile: await readMetricProfile(file), name: await nameIn(file, 'metric-profile') }),
  },
  {
    option: 'thresholds', streamId: 'thresholds', type: 'ThresholdsProfileSet',
    read: async (file) => ({ profile: { rules: await readCheckedThresholds(file) }, name: await nameIn(file, 'thresholds') }),
  },
  {
    option: 'config', streamId: 'report', type: 'ReportConfigSet',
    read: async (file) => {
      const report = await readReport(file);
      return { name: report.name || 'report', profile: report };
    },
  },
  {
    option: 'weights', streamId: 'weights', type: 'WeightsSet',
    read: async (file) => ({ name: 'weights', profile: Object.fromEntries(await readWeights(file)) }),
  },
  {
    option: 'topology-endpoints', streamId: 'topology-endpoints', type: 'ArgoTopologyEndpointsSet',
    read: async (file) => ({ name: 'topology-endpoints', profile: sortedRows(await readEndpoints(file)) }),
  },
  {
    option: 'topology-groups', streamId: 'topology-groups', type: 'ArgoTopologyGroupsSet',
    read: async (file) => ({ name: 'topology-groups', profile: sortedRows(await readGroups(file)) }),
  },
  {
    option: 'downtimes', streamId: 'downtimes', type: 'ArgoDowntimesSet',
    read: async (file) => ({ name: 'downtimes', profile: sortedRows(await readCheckedDowntimes(file)) }),
  },
];

/** Reads and validates every given file before anything is appended: one bad file imports nothing. */
export async function readArgoFiles(files: Partial<Record<string, string>>, source = (file: string) => file): Promise<ProfileImport[]> {
  const imports: ProfileImport[] = [];
  for (const feed of ARGO_FEEDS) {
    const file = files[feed.option];
    if (!file) continue;
    const { name, profile } = await feed.read(file);
    imports.push({ feed, file, data: { name, profile: canonicalJson(profile), source: source(file) } });
  }
  return imports;
}

/** Aggregation operations must exist in the operations profile being imported, else in the tenant's current one. */
export async function checkAggregationOperations(store: EventStore, tenant: string, imports: ProfileImport[]): Promise<void> {
  const aggregation = imports.find((i) => i.feed.streamId === 'aggregation');
  if (!aggregation) return;
  const operations = imports.find((i) => i.feed.streamId === 'operations')?.data
    ?? (await lastEvent(store, streamOf(tenant, 'operations')))?.data;
  if (!operations) return;
  const known = new Set((JSON.parse(operations.profile) as OperationsProfile).operations.map((op) => op.name));
  const profile = JSON.parse(aggregation.data.profile) as { metric_operation: string; profile_operation: string; groups: { name: string; operation: string; services: { name: string; operation: string }[] }[] };
  const used = [
    ['metric_operation', profile.metric_operation],
    ['profile_operation', profile.profile_operation],
    ...profile.groups.flatMap((g) => [[`group ${g.name}`, g.operation], ...g.services.map((s) => [`service ${s.name} of group ${g.name}`, s.operation])]),
  ];
  const unknown = used.find(([, op]) => !known.has(op));
  if (unknown) throw new ArgoFileError(aggregation.file, `${unknown[0]} uses operation '${unknown[1]}', not in the operations profile (${[...known].join(', ')})`);
}

const streamOf = (tenant: string, id: string): StreamRef => ({ tenant, category: PROFILE_CATEGORY, id });

async function lastEvent(store: EventStore, stream: StreamRef): Promise<RecordedEvent<ProfileSetData> | undefined> {
  const [last] = await store.readStream(stream, { direction: 'backwards', limit: 1 });
  return last as RecordedEvent<ProfileSetData> | undefined;
}

/** Appends one event per profile whose content differs from the last event of its stream. */
export async function importProfiles(store: EventStore, tenant: string, imports: ProfileImport[]): Promise<ImportSummary> {
  const summary: ImportSummary = { tenant, appended: [], unchanged: [] };
  for (const item of imports) {
    const changed = await appendIfChanged(store, streamOf(tenant, item.feed.streamId), item);
    (changed ? summary.appended : summary.unchanged).push(item.feed.streamId);
  }
  return summary;
}

// A concurrent import of the same tenant may append first: re-read and compare again.
async function appendIfChanged(store: EventStore, stream: StreamRef, item: ProfileImport, attempts = 3): Promise<boolean> {
  const last = await lastEvent(store, stream);
  if (last && last.data.name === item.data.name && last.data.profile === item.data.profile) return false;
  try {
    await store.append(stream, [{ type: item.feed.type, data: item.data }], last ? { revision: last.revision } : 'no-stream');
    return true;
  } catch (err) {
    if (err instanceof ConcurrencyError && attempts > 1) return appendIfChanged(store, stream, item, attempts - 1);
    throw err;
  }
}
