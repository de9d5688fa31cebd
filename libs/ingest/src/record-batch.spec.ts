import { describe, expect, it } from 'vitest';
import { AVRO_TYPE, encodeMetricData, parsePayload, type RecordBatch } from './record-batch';
import type { MetricData } from './metric-data';
import { recordValidator } from './record-validator';

const NOW = Date.parse('2024-03-07T12:00:00Z');
const validator = recordValidator();

const record = (i: number, status = 'OK'): MetricData => ({
  timestamp: '2024-03-07T10:00:00Z',
  service: 'webdav',
  hostname: `se${i}.example.org`,
  metric: 'webdav-probe',
  status,
  monitoring_host: null,
  summary: null,
  message: null,
  tags: { scope: 'EGI' },
  actual_data: null,
});

const batch = (r: RecordBatch | { error: string }): RecordBatch => {
  if ('error' in r) throw new Error(r.error);
  return r;
};
const statuses = (b: RecordBatch) => Array.from({ length: b.size }, (_, i) => b.check(i, NOW).ok);

describe('ingest payloads', () => {
  it('reads an Avro array of MetricData records', () => {
    const b = batch(parsePayload(encodeMetricData([record(1), record(2, 'NOPE')]), AVRO_TYPE, validator));
    expect(b.size).toBe(2);
    expect(statuses(b)).toEqual([true, false]);
  });

  it('reads a single Avro MetricData record', () => {
    const b = batch(parsePayload(encodeMetricData(record(1)), 'application/avro; charset=binary', validator));
    expect(b.size).toBe(1);
    expect(b.check(0, NOW)).toMatchObject({ ok: true, result: { hostname: 'se1.example.org', tags: { scope: 'EGI' } } });
  });

  it('keeps the Avro bytes of a record for the dead-letter stream', () => {
    const b = batch(parsePayload(encodeMetricData([record(1), record(2, 'NOPE')]), AVRO_TYPE, validator));
    expect(b.original(1)).toEqual(encodeMetricData(record(2, 'NOPE')));
  });

  it('reads JSON, one record or an array, with or without a Content-Type', () => {
    expect(batch(parsePayload(Buffer.from(JSON.stringify(record(1))), undefined, validator)).size).toBe(1);
    const b = batch(parsePayload(Buffer.from(JSON.stringify([record(1), { hostname: 'x' }, record(3)])), 'application/json', validator));
    expect(statuses(b)).toEqual([true, false, true]);
    expect(JSON.parse(b.original(1).toString())).toEqual({ hostname: 'x' });
  });

  it('fails a payload that does not decode, saying why', () => {
    expect(parsePayload(Buffer.from('{"timestamp": '), 'application/json', validator)).toEqual({ error: expect.stringMatching(/^payload is not valid JSON/) });
    expect(parsePayload(Buffer.from('not avro at all'), AVRO_TYPE, validator)).toEqual({ error: expect.stringMatching(/^payload is not Avro MetricData/) });
    expect(parsePayload(Buffer.from('<xml/>'), 'text/xml', validator)).toEqual({ error: 'unsupported Content-Type "text/xml": send application/json or application/avro' });
  });
});
