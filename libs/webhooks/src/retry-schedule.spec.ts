import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_MS, retryAfterMs, retryDelay, verdictOf } from './retry-schedule';

describe('retry schedule', () => {
  it('follows immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h without jitter at the midpoint', () => {
    const delays = DEFAULT_RETRY_SCHEDULE_MS.map((_, i) => retryDelay(i + 1, DEFAULT_RETRY_SCHEDULE_MS, () => 0.5));
    expect(delays).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000]);
    expect(retryDelay(11)).toBeNull();
  });

  it('jitters each delay by at most 20 %', () => {
    expect(retryDelay(2, DEFAULT_RETRY_SCHEDULE_MS, () => 0)).toBe(4_000);
    expect(retryDelay(2, DEFAULT_RETRY_SCHEDULE_MS, () => 1)).toBe(6_000);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('7')).toBe(7_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 0)).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('treats 2xx as delivered, 410 as gone, 429/502/504 as throttling and anything else as a retry', () => {
    expect([200, 204, 301, 400, 410, 429, 500, 502, 503, 504, null].map(verdictOf)).toEqual(['delivered', 'delivered', 'retry', 'retry', 'gone', 'throttled', 'retry', 'throttled', 'retry', 'throttled', 'retry']);
  });
});
