import { describe, it, expect } from 'vitest';
import { decodeToken, encodeToken, subjectFor } from './subject';

describe('event subjects', () => {
  it('puts tenant, category and stream id in their own tokens', () => {
    expect(subjectFor({ tenant: 'default', category: 'site', id: 'CERN-PROD' })).toBe('vigil.events.default.site.CERN-PROD');
  });

  it('encodes hostnames and other unsafe ids reversibly into one token', () => {
    for (const id of ['ce01.example.org', 'a b*c>d%e', 'org.squid-cache.Squid@h.cern.ch', 'ünïcode/é']) {
      const token = encodeToken(id);
      expect(token).toMatch(/^[A-Za-z0-9_%-]+$/);
      expect(decodeToken(token)).toBe(id);
    }
  });

  it('refuses tenants that would escape their subject token', () => {
    expect(() => subjectFor({ tenant: 'a.b', category: 'site', id: 'x' })).toThrow(/tenant/);
    expect(() => subjectFor({ tenant: 'a', category: '>', id: 'x' })).toThrow(/category/);
  });
});
