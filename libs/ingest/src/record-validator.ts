import type { ProbeResultRecorded } from '@vigil/projections';
import { parseIsoTimestamp } from './iso-timestamp';
import { DEFAULT_RULES, LIMITS, type IngestRules, type MetricData } from './metric-data';
import { explainShape, metricDataShape } from './metric-data.schema';

export type Verdict = { ok: true; result: ProbeResultRecorded } | { ok: false; field: string | null; reason: string };

export interface RecordValidator {
  /** A value parsed from JSON: its shape by the compiled JSON schema, then the rules. */
  json(value: unknown, now: number): Verdict;
  /** A record decoded from Avro: decoding has checked the shape; the same rules follow. */
  decoded(record: MetricData, now: number): Verdict;
}

const NAMES = ['service', 'hostname', 'metric', 'status'] as const;
const TEXTS = ['summary', 'message', 'actual_data'] as const;
const NOT_BLANK = /\S/;

const reject = (field: string | null, reason: string): Verdict => ({ ok: false, field, reason });
const quote = (value: string): string => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** Compiled checks for the ingest hot path: no reflection, one pass over each record. */
export function recordValidator(rules: IngestRules = DEFAULT_RULES): RecordValidator {
  const shape = metricDataShape();
  const statuses = new Set(rules.statuses);
  const statusList = rules.statuses.join(', ');
  const futureMinutes = Math.round(rules.maxFutureMs / 60_000);

  const decoded = (r: MetricData, now: number): Verdict => {
    for (const name of NAMES) {
      if (!NOT_BLANK.test(r[name])) return reject(name, `${name} must not be blank`);
      if (r[name].length > LIMITS.name) return reject(name, `${name} is longer than ${LIMITS.name} characters`);
    }
    if (r.monitoring_host != null && r.monitoring_host.length > LIMITS.name) return reject('monitoring_host', `monitoring_host is longer than ${LIMITS.name} characters`);
    for (const text of TEXTS) {
      const value = r[text];
      if (value != null && value.length > LIMITS.text) return reject(text, `${text} is longer than ${LIMITS.text} characters`);
    }
    if (r.tags != null) {
      const problem = checkTags(r.tags);
      if (problem) return reject('tags', problem);
    }
    if (!statuses.has(r.status)) return reject('status', `status ${quote(r.status)} is not one of ${statusList}`);
    const timestamp = parseIsoTimestamp(r.timestamp);
    if (Number.isNaN(timestamp)) return reject('timestamp', `timestamp ${quote(r.timestamp)} is not an ISO-8601 date-time with a zone, e.g. 2024-03-07T10:00:00Z`);
    if (timestamp < 0) return reject('timestamp', `timestamp ${quote(r.timestamp)} is before 1970`);
    if (timestamp > now + rules.maxFutureMs) return reject('timestamp', `timestamp ${quote(r.timestamp)} is more than ${futureMinutes} minutes in the future`);
    return { ok: true, result: toProbeResult(r, timestamp) };
  };

  return {
    decoded,
    json(value, now) {
      if (!shape(value)) return { ok: false, ...explainShape(shape.errors![0]) };
      return decoded(value, now);
    },
  };
}

function checkTags(tags: Record<string, string | null>): string | undefined {
  let count = 0;
  for (const key in tags) {
    if (++count > LIMITS.tags) return `tags holds more than ${LIMITS.tags} entries`;
    if (key.length > LIMITS.name) return `tag name ${quote(key)} is longer than ${LIMITS.name} characters`;
    const value = tags[key];
    if (value != null && value.length > LIMITS.tagValue) return `tag ${quote(key)} is longer than ${LIMITS.tagValue} characters`;
  }
  return undefined;
}

/** ARGO's record as the ProbeResultRecorded event's data: ms timestamp, camelCase, null for absent. */
export function toProbeResult(r: MetricData, timestamp: number): ProbeResultRecorded {
  return {
    timestamp,
    service: r.service,
    hostname: r.hostname,
    metric: r.metric,
    status: r.status,
    monitoringHost: r.monitoring_host ?? null,
    summary: r.summary ?? null,
    message: r.message ?? null,
    tags: r.tags ?? null,
    actualData: r.actual_data ?? null,
  };
}
