import type { AggregationProfile, MetricProfile } from '../argo/model';
import type { OperationsProfile } from '../argo/operations';
import type { ThresholdRuleInput } from '../argo/threshold-rule';
import type { DowntimeClassification, DowntimeSeverity } from '../downtimes/downtime.events';

/** Levels of the status tree, bottom-up (vigil.status.StatusLevel). */
export type StatusLevel = 'metric' | 'endpoint' | 'service' | 'function' | 'group' | 'supergroup';

/** The profiles one tenant's statuses follow (ARGO's shapes). */
export interface StatusProfiles {
  operations: OperationsProfile;
  aggregation: AggregationProfile;
  metricProfile: MetricProfile;
  thresholds: ThresholdRuleInput[];
}

/** Times are epoch ms. `eventId` and `at` (the event's time) label the changes an input causes. */
export interface ResultInput {
  kind: 'result';
  eventId?: string;
  timestamp: number;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  actualData?: string | null;
}

/**
 * One endpoint (hostname × service type) in one endpoint group, identified by
 * (endpointGroup, service, hostname): a move is a remove from the old group and an upsert into the new.
 */
export interface EndpointInput {
  kind: 'endpoint';
  op: 'upsert' | 'remove';
  eventId?: string;
  at?: number;
  endpointGroup: string;
  /** '' when the endpoint group belongs to no supergroup. */
  supergroup: string;
  service: string;
  hostname: string;
  monitored: boolean;
  tags?: Record<string, string> | null;
}

/** A downtime of one endpoint (hostname × service type); `id` is unique per endpoint it covers. */
export interface DowntimeInput {
  kind: 'downtime';
  op: 'upsert' | 'remove';
  eventId?: string;
  at?: number;
  id: string;
  hostname: string;
  service: string;
  start: number;
  end: number;
  severity: DowntimeSeverity;
  classification: DowntimeClassification;
}

/** Profiles that change; the ones left out stay as they are. */
export interface ProfilesInput extends Partial<StatusProfiles> {
  kind: 'profiles';
  eventId?: string;
  at?: number;
}

/** New status settings (StatusSettingsSet): they apply from this input on, at the last tick's time. */
export interface SettingsInput {
  kind: 'settings';
  eventId?: string;
  at?: number;
  freshnessMs: number;
  metricFreshnessMs: Record<string, number>;
  downtimeClassifications: DowntimeClassification[];
}

/** Time passed: freshness expiry and downtime bounds are evaluated at `at`. */
export interface TickInput {
  kind: 'tick';
  eventId?: string;
  at: number;
}

export type StatusInput = ResultInput | EndpointInput | DowntimeInput | ProfilesInput | SettingsInput | TickInput;

/**
 * The data of a StatusChanged event (schemas/status/status-changed.avsc). Keys that do not apply
 * to the level are ''. `status` is '' when the item left the tree (removed, unmonitored, or no
 * longer expected); `previousStatus` is '' for the first status of an item.
 */
export interface StatusChangedData {
  level: StatusLevel;
  supergroup: string;
  endpointGroup: string;
  function: string;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  previousStatus: string;
  since: number;
  triggerEventId: string | null;
}

export interface StatusEngineOptions {
  /** Missing profiles default to EGI's operations profile, ap1 and no metrics or thresholds. */
  profiles?: Partial<StatusProfiles>;
  /** How long a result stays fresh (default 24 h). */
  freshnessMs?: number;
  /** Per-metric freshness overriding `freshnessMs`. */
  metricFreshnessMs?: Record<string, number>;
  /** Classifications of OUTAGE downtimes that turn an endpoint DOWNTIME (ARGO: SCHEDULED only). */
  downtimeClassifications?: DowntimeClassification[];
  /** The clock before the first tick (ms). */
  now?: number;
}

/** Everything the engine's statuses are a function of: JSON-serialisable. */
export interface StatusEngineSnapshot {
  version: 1;
  clock: number;
  freshnessMs: number;
  metricFreshnessMs: Record<string, number>;
  downtimeClassifications: DowntimeClassification[];
  profiles: StatusProfiles;
  /** [endpointGroup, supergroup, service, hostname, monitored, appearedAt, tags] */
  endpoints: [string, string, string, string, boolean, number, Record<string, string> | null][];
  /** [service, hostname, metric, timestamp, status, actualData]: the latest result per metric. */
  results: [string, string, string, number, string, string | null][];
  downtimes: Omit<DowntimeInput, 'kind' | 'op' | 'eventId' | 'at'>[];
}
