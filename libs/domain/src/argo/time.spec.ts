import { describe, expect, it } from 'vitest';
import { TimestampSeconds } from './time';

const parsed = (ts: string) => Math.floor(Date.parse(ts) / 1000);

describe('TimestampSeconds', () => {
  it('reads every form of timestamp as Date.parse does, whichever day came before', () => {
    const seconds = new TimestampSeconds();
    const samples = [
      '2022-01-14T10:15:30Z',
      '2022-01-14T23:59:59Z',
      '2022-01-13T00:00:00Z',
      '2022-01-14T10:15:30.999Z',
      '2022-01-14T10:15:30+02:00',
      '2016-12-31T23:59:60Z',
      '2022-01-14T24:00:00Z',
      '1969-12-31T23:59:59Z',
      '2024-02-29T12:00:00Z',
      '2022-01-14T10:15:30Z',
    ];
    for (const ts of samples) if (!Number.isNaN(Date.parse(ts))) expect(seconds.of(ts), ts).toBe(parsed(ts));
  });

  it('names the whole timestamp when its date or time is invalid', () => {
    const seconds = new TimestampSeconds();
    seconds.of('2022-01-14T10:00:00Z');
    expect(() => seconds.of('2022-13-14T10:00:00Z')).toThrow("invalid timestamp '2022-13-14T10:00:00Z'");
    expect(() => seconds.of('2022-01-14T1a:00:00Z')).toThrow("invalid timestamp '2022-01-14T1a:00:00Z'");
  });
});
