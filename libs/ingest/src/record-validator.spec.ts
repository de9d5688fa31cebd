import { describe, expect, it } from 'vitest';
import { LIMITS, type MetricData } from './metric-data';
import { recordValidator } from './record-validator';

const NOW = Date.parse('2024-03-07T12:00:00Z');

const record = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  timestamp: '2024-03-07T10:00:00Z',
  service: 'webdav',
  hostname: 'se.example.org',
  metric: 'webdav-probe',
  status: 'OK',
  monitoring_host: 'mon1.example.org',
  summary: 'all good',
  message: null,
  tags: { scope: 'EGI' },
  actual_data: 'time=0.5s;1;5',
  ...overrides,
});

const without = (field: string): Record<string, unknown> => {
  const r = record();
  delete r[field];
  return r;
};

const validator = recordValidator();
const rejection = (value: unknown) => {
  const v = validator.json(value, NOW);
  if (v.ok) throw new Error('expected a rejection');
  return { field: v.field, reason: v.reason };
};

describe('record validation (JSON)', () => {
  it('accepts an ARGO record and maps it to ProbeResultRecorded data', () => {
    expect(validator.json(record(), NOW)).toEqual({
      ok: true,
      result: {
        timestamp: Date.parse('2024-03-07T10:00:00Z'),
        service: 'webdav',
        hostname: 'se.example.org',
        metric: 'webdav-probe',
        status: 'OK',
        monitoringHost: 'mon1.example.org',
        summary: 'all good',
        message: null,
        tags: { scope: 'EGI' },
        actualData: 'time=0.5s;1;5',
      },
    });
  });

  it('treats absent optional fields as null', () => {
    const v = validator.json({ timestamp: '2024-03-07T10:00:00Z', service: 's', hostname: 'h', metric: 'm', status: 'CRITICAL' }, NOW);
    expect(v.ok && v.result).toMatchObject({ monitoringHost: null, summary: null, message: null, tags: null, actualData: null });
  });

  it.each(['timestamp', 'service', 'hostname', 'metric', 'status'])('refuses a record without %s', (field) => {
    expect(rejection(without(field))).toEqual({ field, reason: `${field} is required` });
  });

  it.each(['service', 'hostname', 'metric', 'status'])('refuses a blank %s', (field) => {
    expect(rejection(record({ [field]: '  ' }))).toEqual({ field, reason: `${field} must not be blank` });
  });

  it.each([
    ['hostname', 42, 'hostname must be string'],
    ['status', null, 'status must be string'],
    ['summary', 7, 'summary must be string or null'],
    ['tags', 'scope=EGI', 'tags must be object or null'],
    ['tags.scope', 1, 'tags.scope must be string or null'],
  ])('refuses a wrongly typed %s', (field, value, reason) => {
    const r = field === 'tags.scope' ? record({ tags: { scope: value } }) : record({ [field]: value });
    expect(rejection(r)).toEqual({ field, reason });
  });

  it('refuses what is not an object', () => {
    expect(rejection([record()])).toEqual({ field: null, reason: 'a record must be a JSON object' });
    expect(rejection('OK')).toEqual({ field: null, reason: 'a record must be a JSON object' });
  });

  it('refuses unknown fields, so a misspelt optional field is not silently dropped', () => {
    expect(rejection(record({ monitoringHost: 'mon1' }))).toEqual({ field: 'monitoringHost', reason: 'unknown field monitoringHost (ARGO metric-data field names are expected)' });
  });

  it('refuses a status outside the operations profile, naming the allowed ones', () => {
    expect(rejection(record({ status: 'ok' }))).toEqual({ field: 'status', reason: 'status "ok" is not one of OK, WARNING, CRITICAL, UNKNOWN, MISSING, DOWNTIME' });
  });

  it('takes the status set as a parameter', () => {
    const custom = recordValidator({ statuses: ['UP', 'DOWN'], maxFutureMs: 0 });
    expect(custom.json(record({ status: 'UP', timestamp: '2024-03-07T11:00:00Z' }), NOW).ok).toBe(true);
    expect(custom.json(record({ status: 'OK' }), NOW).ok).toBe(false);
  });

  it.each(['2024-03-07 10:00:00Z', '2024-03-07T10:00:00', '2024-02-30T10:00:00Z', '2024-03-07T24:00:00Z', '7 March 2024', '1709805600'])('refuses the timestamp %j', (timestamp) => {
    expect(rejection(record({ timestamp }))).toEqual({ field: 'timestamp', reason: `timestamp ${JSON.stringify(timestamp)} is not an ISO-8601 date-time with a zone, e.g. 2024-03-07T10:00:00Z` });
  });

  it('refuses a timestamp before 1970', () => {
    expect(rejection(record({ timestamp: '1969-12-31T23:59:59Z' })).reason).toBe('timestamp "1969-12-31T23:59:59Z" is before 1970');
  });

  it('accepts a clock skew of up to an hour and refuses results further in the future', () => {
    expect(validator.json(record({ timestamp: '2024-03-07T13:00:00Z' }), NOW).ok).toBe(true);
    expect(rejection(record({ timestamp: '2024-03-07T13:00:01Z' }))).toEqual({ field: 'timestamp', reason: 'timestamp "2024-03-07T13:00:01Z" is more than 60 minutes in the future' });
  });

  it('accepts results however old', () => {
    expect(validator.json(record({ timestamp: '2015-05-01T00:00:00Z' }), NOW).ok).toBe(true);
  });

  it.each([
    ['hostname', LIMITS.name],
    ['monitoring_host', LIMITS.name],
    ['message', LIMITS.text],
    ['actual_data', LIMITS.text],
  ])('refuses a %s longer than %d characters', (field, limit) => {
    expect(validator.json(record({ [field]: 'x'.repeat(limit) }), NOW).ok).toBe(true);
    expect(rejection(record({ [field]: 'x'.repeat(limit + 1) }))).toEqual({ field, reason: `${field} is longer than ${limit} characters` });
  });

  it('refuses oversized tags', () => {
    const many = Object.fromEntries(Array.from({ length: LIMITS.tags + 1 }, (_, i) => [`t${i}`, 'v']));
    expect(rejection(record({ tags: many })).reason).toBe(`tags holds more than ${LIMITS.tags} entries`);
    expect(rejection(record({ tags: { scope: 'x'.repeat(LIMITS.tagValue + 1) } })).reason).toBe(`tag "scope" is longer than ${LIMITS.tagValue} characters`);
  });
});

describe('record validation (decoded Avro)', () => {
  it('applies the same rules to a record the Avro decoder produced', () => {
    const decoded = record({ status: 'BROKEN' }) as unknown as MetricData;
    expect(validator.decoded(decoded, NOW)).toEqual({ ok: false, field: 'status', reason: 'status "BROKEN" is not one of OK, WARNING, CRITICAL, UNKNOWN, MISSING, DOWNTIME' });
    expect(validator.decoded({ ...(record() as unknown as MetricData), hostname: '' }, NOW)).toMatchObject({ ok: false, field: 'hostname' });
    expect(validator.decoded(record() as unknown as MetricData, NOW).ok).toBe(true);
  });
});
