import { describe, expect, it } from 'vitest';
import { modeOf, timelinePoints } from './status-reader.service';

const s = (iso: string) => Date.parse(iso) / 1000;
const key = { supergroup: 'NGI_A', endpoint_group: 'SITE-A', function: '', service: '', hostname: '', metric: '' };

describe('status query modes', () => {
  it('closes a past range at 23:59:59 of its last day and a range ending today at now', () => {
    const now = Date.parse('2024-03-07T15:30:20.500Z');
    expect(modeOf({ start_time: '2024-03-01T00:00:00Z', end_time: '2024-03-02T10:00:00Z' }, now)).toMatchObject({ kind: 'range', closing: s('2024-03-02T23:59:59Z') });
    expect(modeOf({ start_time: '2024-03-07T00:00:00Z', end_time: '2024-03-07T23:59:59Z' }, now)).toMatchObject({ closing: s('2024-03-07T15:30:20Z') });
    expect(modeOf({}, now)).toEqual({ kind: 'current' });
  });

  it('names the field a mismatched at/start_time/end_time comes from', () => {
    const field = (q: object) => {
      try {
        modeOf(q, Date.now());
      } catch (err) {
        return (err as { getResponse(): { errors: { field: string }[] } }).getResponse().errors[0].field;
      }
      return undefined;
    };
    expect(field({ end_time: '2024-03-02T00:00:00Z' })).toBe('start_time');
    expect(field({ start_time: '2024-03-02T00:00:00Z' })).toBe('end_time');
    expect(field({ start_time: '2024-03-02T00:00:00Z', end_time: '2024-03-02T00:00:00Z' })).toBe('end_time');
    expect(field({ at: '2024-03-02T00:00:00Z', end_time: '2024-03-03T00:00:00Z' })).toBe('at');
    expect(field({ at: '2200-01-01T00:00:00Z' })).toBe('at');
  });
});

describe('timeline points', () => {
  const start = new Date('2024-03-07T00:00:00Z');
  const closing = s('2024-03-07T23:59:59Z');

  it('starts with the status at the start, lists each change and repeats the last at the closing point', () => {
    const points = timelinePoints({ ...key, initial: 'OK', changes: [[s('2024-03-07T10:00:00Z'), 'CRITICAL']] }, start, closing);
    expect(points).toEqual([
      { timestamp: '2024-03-07T00:00:00Z', value: 'OK' },
      { timestamp: '2024-03-07T10:00:00Z', value: 'CRITICAL' },
      { timestamp: '2024-03-07T23:59:59Z', value: 'CRITICAL' },
    ]);
  });

  it('leaves out the time an item was out of the tree, and gives no closing point when it ends out of it', () => {
    const back = timelinePoints({ ...key, initial: 'OK', changes: [[s('2024-03-07T01:00:00Z'), ''], [s('2024-03-07T02:00:00Z'), 'OK'], [s('2024-03-07T03:00:00Z'), 'WARNING']] }, start, closing);
    expect(back.map((p) => p.value)).toEqual(['OK', 'WARNING', 'WARNING']);
    const gone = timelinePoints({ ...key, initial: 'OK', changes: [[s('2024-03-07T01:00:00Z'), '']] }, start, closing);
    expect(gone).toEqual([{ timestamp: '2024-03-07T00:00:00Z', value: 'OK' }]);
  });
});
