import * as avro from 'avsc';
import { catalog } from '@vigil/events';
import type { MetricData } from './metric-data';
import type { RecordValidator, Verdict } from './record-validator';

export const JSON_TYPE = 'application/json';
export const AVRO_TYPE = 'application/avro';

/** Records of one message or request, checked one by one; `original` is what goes to the dead-letter stream. */
export interface RecordBatch {
  readonly size: number;
  readonly contentType: typeof JSON_TYPE | typeof AVRO_TYPE;
  check(index: number, now: number): Verdict;
  /** The record as it was sent (its own JSON text or Avro binary). */
  original(index: number): Buffer;
}

export function jsonBatch(records: readonly unknown[], validator: RecordValidator): RecordBatch {
  return {
    size: records.length,
    contentType: JSON_TYPE,
    check: (i, now) => validator.json(records[i], now),
    original: (i) => Buffer.from(JSON.stringify(records[i]) ?? 'null'),
  };
}

let types: { record: avro.Type; array: avro.Type } | undefined;
/** MetricData from schemas/ (the source of truth), as plain records: no methods to trip up for..in. */
function avroTypes(): { record: avro.Type; array: avro.Type } {
  if (!types) {
    const record = avro.Type.forSchema(catalog().get('MetricData').type.schema() as avro.Schema, { omitRecordMethods: true });
    types = { record, array: avro.Type.forSchema({ type: 'array', items: record }) };
  }
  return types;
}

export function avroBatch(records: readonly MetricData[], validator: RecordValidator): RecordBatch {
  return {
    size: records.length,
    contentType: AVRO_TYPE,
    check: (i, now) => validator.decoded(records[i], now),
    original: (i) => avroTypes().record.toBuffer(records[i]),
  };
}

/** Avro binary of MetricData records: an array of them, or a single one. */
export function encodeMetricData(records: MetricData | readonly MetricData[]): Buffer {
  const t = avroTypes();
  return Array.isArray(records) ? t.array.toBuffer(records) : t.record.toBuffer(records);
}

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

/**
 * Reads an ingest message. `Content-Type: application/avro` (or `avro/binary`): Avro binary of
 * MetricData, either an Avro array of records or one record (the array reading is tried first; a
 * record's bytes do not, in practice, also decode as a complete array). `application/json` or no Content-Type: JSON, an array
 * of records or one record object. Anything else, or bytes that do not decode, fail as a whole.
 */
export function parsePayload(bytes: Uint8Array, contentType: string | undefined, validator: RecordValidator): RecordBatch | { error: string } {
  const media = mediaType(contentType);
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (media === AVRO_TYPE || media === 'avro/binary') return parseAvro(buf, validator);
  if (media === JSON_TYPE || media === '') return parseJson(buf, validator);
  return { error: `unsupported Content-Type ${JSON.stringify(contentType)}: send ${JSON_TYPE} or ${AVRO_TYPE}` };
}

function parseJson(buf: Buffer, validator: RecordValidator): RecordBatch | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    return { error: `payload is not valid JSON: ${(err as Error).message}` };
  }
  return jsonBatch(Array.isArray(value) ? value : [value], validator);
}

function parseAvro(buf: Buffer, validator: RecordValidator): RecordBatch | { error: string } {
  const t = avroTypes();
  try {
    return avroBatch(t.array.fromBuffer(buf) as MetricData[], validator);
  } catch {
    try {
      return avroBatch([t.record.fromBuffer(buf) as MetricData], validator);
    } catch (err) {
      return { error: `payload is not Avro MetricData (neither an array of records nor one record): ${(err as Error).message}` };
    }
  }
}
