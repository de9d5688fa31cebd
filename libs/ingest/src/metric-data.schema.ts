import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { MetricData } from './metric-data';

const nullableString = { type: ['string', 'null'] };

/** The JSON shape of a MetricData record; the semantic rules (status, timestamp, lengths) follow in code. */
export const METRIC_DATA_JSON_SCHEMA = {
  type: 'object',
  required: ['timestamp', 'service', 'hostname', 'metric', 'status'],
  additionalProperties: false,
  properties: {
    timestamp: { type: 'string' },
    service: { type: 'string' },
    hostname: { type: 'string' },
    metric: { type: 'string' },
    status: { type: 'string' },
    monitoring_host: nullableString,
    summary: nullableString,
    message: nullableString,
    actual_data: nullableString,
    tags: { type: ['object', 'null'], additionalProperties: nullableString },
  },
} as const;

let compiled: ValidateFunction<MetricData> | undefined;

/** Compiled once per process: ajv turns the schema into straight-line code, no reflection per record. */
export function metricDataShape(): ValidateFunction<MetricData> {
  return (compiled ??= new Ajv({ allErrors: false, strict: true }).compile<MetricData>(METRIC_DATA_JSON_SCHEMA));
}

const field = (e: ErrorObject): string => e.instancePath.slice(1).replace(/\//g, '.');

/** One ajv error as the field it concerns and a sentence a producer can act on. */
export function explainShape(e: ErrorObject): { field: string | null; reason: string } {
  const at = field(e);
  switch (e.keyword) {
    case 'required':
      return { field: e.params.missingProperty, reason: `${e.params.missingProperty} is required` };
    case 'additionalProperties':
      return { field: e.params.additionalProperty, reason: `unknown field ${e.params.additionalProperty} (ARGO metric-data field names are expected)` };
    case 'type': {
      const types = ([] as string[]).concat(e.params.type).join(' or ');
      return at === '' ? { field: null, reason: 'a record must be a JSON object' } : { field: at, reason: `${at} must be ${types}` };
    }
    default:
      return { field: at || null, reason: `${at || 'record'} ${e.message ?? 'is invalid'}` };
  }
}
