import { describe, it, expect } from 'vitest';
import { fromStreamName, toStreamName } from './kurrentdb-stream-name';

describe('KurrentDB stream names', () => {
  it('puts the category first so $ce-<category> gathers the streams of every tenant', () => {
    expect(toStreamName({ tenant: 'default', category: 'site', id: 'CERN-PROD' })).toBe('site-default~CERN-PROD');
  });

  it('keeps tenant and id apart, whatever the id holds', () => {
    for (const ref of [
      { tenant: 'egi-prod', category: 'service', id: 'ce01.cern.ch/CREAM-CE' },
      { tenant: 't1', category: 'clock', id: 'a~b-c d' },
    ]) {
      expect(fromStreamName(toStreamName(ref))).toEqual(ref);
    }
  });

  it('refuses a category with a dash, which $ce-<category> would split', () => {
    expect(() => toStreamName({ tenant: 'default', category: 'service-group', id: 'x' })).toThrow(/category/);
  });

  it('refuses a tenant that is not an identifier, and an empty id', () => {
    expect(() => toStreamName({ tenant: 'a~b', category: 'site', id: 'x' })).toThrow(/tenant/);
    expect(() => toStreamName({ tenant: 'a', category: 'site', id: '' })).toThrow(/empty/);
  });

  it('does not mistake other streams for Vigil streams', () => {
    expect(fromStreamName('$ce-site')).toBeUndefined();
    expect(fromStreamName('orders-123')).toBeUndefined();
  });
});
