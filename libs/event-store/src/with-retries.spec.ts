import { describe, expect, it } from 'vitest';
import { withRetries } from './with-retries';

describe('withRetries', () => {
  it('returns the first success after failures, and gives up with the last error after the given attempts', async () => {
    let runs = 0;
    await expect(withRetries(3, 1, async () => (++runs < 3 ? Promise.reject(new Error(`timeout ${runs}`)) : 'stored'))).resolves.toBe('stored');
    expect(runs).toBe(3);
    runs = 0;
    await expect(withRetries(2, 1, async () => Promise.reject(new Error(`timeout ${++runs}`)))).rejects.toThrow('timeout 2');
    expect(runs).toBe(2);
  });
});
