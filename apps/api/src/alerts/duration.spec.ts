import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('Alertmanager durations', () => {
  it('reads and writes the spellings Alertmanager users know', () => {
    expect(['30s', '5m', '4h', '1h30m', '500ms', '0s'].map(parseDuration)).toEqual([30_000, 300_000, 14_400_000, 5_400_000, 500, 0]);
    expect([30_000, 300_000, 14_400_000, 5_400_000, 0].map(formatDuration)).toEqual(['30s', '5m', '4h', '1h30m', '0s']);
  });
  it('refuses what is not a duration', () => {
    expect(['30', '5 m', 'm5', '', '1.5h', '-1s'].map(parseDuration)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
