import { describe, expect, it } from 'vitest';
import { shardOf } from './shard';

describe('shardOf', () => {
  it('always sends an endpoint to the same shard', () => {
    expect(shardOf('se.example.org')).toBe(shardOf('se.example.org'));
  });

  it('spreads hostnames over every shard', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`host${i}.site${i % 350}.example.org`)]++;
    for (const c of counts) expect(c).toBeGreaterThan(700);
  });
});
