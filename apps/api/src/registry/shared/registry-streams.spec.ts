import { describe, expect, it } from 'vitest';
import { REGISTRY_CATEGORIES, registryStream } from './registry-streams';

describe('registryStream', () => {
  it('keeps the entity kind as the category and the key, untouched, as the stream id', () => {
    expect(registryStream('t1', 'site', 'CERN-PROD')).toEqual({ tenant: 't1', category: 'site', id: 'CERN-PROD' });
    expect(registryStream('t1', 'service', 'ce01.example.org')).toEqual({ tenant: 't1', category: 'service', id: 'ce01.example.org' });
    expect(registryStream('t1', 'downtime', 'ngi-x')).toEqual({ tenant: 't1', category: 'downtime', id: 'ngi-x' });
  });

  it('names service groups servicegroup: categories hold no dash, for KurrentDB', () => {
    expect(registryStream('t1', 'serviceGroup', 'TIER1')).toEqual({ tenant: 't1', category: 'servicegroup', id: 'TIER1' });
    expect(REGISTRY_CATEGORIES.every((c) => /^[a-z]+$/.test(c))).toBe(true);
  });
});
