import { describe, expect, it } from 'vitest';
import { eachLimited } from './each-limited';

describe('eachLimited', () => {
  it('handles every item, never more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await eachLimited([...Array(50).keys()], 4, async (i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      seen.push(i);
      inFlight--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(most).toBe(4);
  });

  it('rejects when a call fails', async () => {
    await expect(eachLimited([1, 2, 3], 2, async (i) => { if (i === 2) throw new Error('boom'); })).rejects.toThrow('boom');
  });
});
