import { describe, expect, it } from 'vitest';
import { catalog } from './schema-catalog';
import { commitFingerprint, decodeCommit, encodeCommit, peekCommit, prepareEvents } from './commit-codec';
import { positionOf } from './envelope';

const cat = catalog();
const header = { commitId: 'c0ffee', tenant: 'acme', category: 'probe', streamId: 'shard-1', firstRevision: 7, recordedAt: 1_700_000_000_123 };
const result = (hostname: string, status: string) => ({
  timestamp: 1_700_000_000_000, service: 'SRM', hostname, metric: 'put', status, monitoringHost: null, summary: 'ü summary', message: null, tags: { site: 'A', vo: null }, actualData: 'time=1s',
});
const events = [
  { type: 'ProbeResultRecorded', data: result('se.a', 'OK'), eventId: 'id-1', occurredAt: 1_700_000_000_000, correlationId: 'corr', causationId: null },
  { type: 'ClockTicked', data: { at: 1_700_000_060_000 }, eventId: 'id-2' },
  { type: 'ProbeResultRecorded', data: result('se.b', 'CRITICAL'), eventId: 'id-3', causationId: 'cause' },
];
const commit = () => encodeCommit(cat, header, prepareEvents(cat, events));

describe('commit codec', () => {
  it('decodes every event of a commit with its envelope, revision and position', () => {
    const decoded = decodeCommit(cat, commit(), 42, commitFingerprint(cat));
    expect(decoded.map((e) => [e.eventId, e.type, e.revision, e.position, e.correlationId, e.causationId])).toEqual([
      ['id-1', 'ProbeResultRecorded', 7, positionOf(42, 0), 'corr', null],
      ['id-2', 'ClockTicked', 8, positionOf(42, 1), null, null],
      ['id-3', 'ProbeResultRecorded', 9, positionOf(42, 2), null, 'cause'],
    ]);
    expect(decoded[0]).toMatchObject({ tenant: 'acme', category: 'probe', streamId: 'shard-1', recordedAt: header.recordedAt, occurredAt: 1_700_000_000_000, data: result('se.a', 'OK') });
    expect(decoded[1].occurredAt).toBe(header.recordedAt);
    expect(decoded[2].data).toEqual(result('se.b', 'CRITICAL'));
  });

  it('returns only the requested types, at their own positions in the commit', () => {
    const decoded = decodeCommit(cat, commit(), 42, commitFingerprint(cat), new Set(['ClockTicked']));
    expect(decoded).toHaveLength(1);
    expect(decoded[0]).toMatchObject({ eventId: 'id-2', revision: 8, position: positionOf(42, 1), data: { at: 1_700_000_060_000 } });
  });

  it('refuses a truncated commit instead of returning part of it', () => {
    const bytes = commit();
    expect(() => decodeCommit(cat, bytes.subarray(0, bytes.length - 5), 42, commitFingerprint(cat))).toThrow();
    expect(() => decodeCommit(cat, Buffer.concat([bytes, Buffer.from([0])]), 42, commitFingerprint(cat))).toThrow(/trailing/);
  });

  it('peeks at the header and event ids without the data', () => {
    expect(peekCommit(cat, commit(), commitFingerprint(cat))).toMatchObject({ ...header, eventIds: ['id-1', 'id-2', 'id-3'] });
  });
});
