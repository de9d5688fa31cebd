import { describe, expect, it } from 'vitest';
import { nextFlapping, percentStateChange, pushSample, transitionWeight } from './flapping';

const alternating = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'OK' : 'CRITICAL'));

describe('Nagios flap detection', () => {
  it('weights the oldest transition 0.75 and the newest 1.25', () => {
    expect(transitionWeight(1)).toBeCloseTo(0.75);
    expect(transitionWeight(20)).toBeCloseTo(1.25);
    expect(transitionWeight(10.5)).toBeCloseTo(1);
  });

  it('counts 100 % when every one of the 21 samples differs from the one before', () => {
    expect(percentStateChange(alternating(21))).toBeCloseTo(100);
  });

  it('counts 0 % for a steady state, whatever the status', () => {
    expect(percentStateChange(Array(21).fill('CRITICAL'))).toBe(0);
  });

  it('gives a recent transition more weight than an old one', () => {
    const oldChange = ['OK', 'CRITICAL', ...Array(19).fill('CRITICAL')];
    const newChange = [...Array(20).fill('OK'), 'CRITICAL'];
    expect(percentStateChange(oldChange)).toBeCloseTo((0.75 * 100) / 20);
    expect(percentStateChange(newChange)).toBeCloseTo((1.25 * 100) / 20);
  });

  it('computes the documented example: 7 transitions at positions 3,4,5,13,14,15,20', () => {
    const flipAt = new Set([3, 4, 5, 13, 14, 15, 20]);
    let current = 'OK';
    // transition x sits between samples x and x+1: rebuild exactly 21 samples
    const samples = ['OK'];
    for (let x = 1; x <= 20; x++) {
      if (flipAt.has(x)) current = current === 'OK' ? 'CRITICAL' : 'OK';
      samples.push(current);
    }
    const expected = [...flipAt].reduce((s, x) => s + transitionWeight(x), 0) * 5;
    expect(percentStateChange(samples)).toBeCloseTo(expected);
  });

  it('starts at the high threshold, stops only at the low one, and holds in between', () => {
    expect(nextFlapping(false, 30, 20, 30)).toBe(true);
    expect(nextFlapping(false, 29.9, 20, 30)).toBe(false);
    expect(nextFlapping(true, 25, 20, 30)).toBe(true);
    expect(nextFlapping(true, 20, 20, 30)).toBe(false);
  });

  it('keeps only the last 21 samples', () => {
    let s: string[] = [];
    for (let i = 0; i < 30; i++) s = pushSample(s, String(i));
    expect(s).toHaveLength(21);
    expect(s[0]).toBe('9');
  });
});
