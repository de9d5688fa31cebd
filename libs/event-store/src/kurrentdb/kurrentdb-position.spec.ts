import { describe, it, expect } from 'vitest';
import { START } from '@kurrent/kurrentdb-client';
import { fromCheckpoint, toPosition } from './kurrentdb-position';

describe('KurrentDB positions', () => {
  it('uses the commit position as the global position', () => {
    expect(toPosition(1_234_567n)).toBe(1_234_567);
  });

  it('treats the server sentinel for "no position" as absent', () => {
    expect(toPosition(undefined)).toBeUndefined();
    expect(toPosition(18_446_744_073_709_551_615n)).toBeUndefined();
  });

  it('refuses a position a JS number cannot hold exactly', () => {
    expect(() => toPosition(2n ** 53n + 1n)).toThrow(RangeError);
  });

  it('resumes a subscription at the checkpoint itself, since KurrentDB starts after it', () => {
    expect(fromCheckpoint(undefined)).toBe(START);
    expect(fromCheckpoint(4096)).toEqual({ commit: 4096n, prepare: 4096n });
  });
});
