import { describe, expect, it } from 'vitest';
import { DEMO_SERVICE_TYPES } from './demo-service-types';
import { generateTopology } from './demo-topology';

const EGI = { seed: 7, ngis: 40, sites: 350, endpoints: 8000 };

describe('generateTopology', () => {
  it('gives exactly the NGIs, sites and endpoints asked for, every NGI with a site and every site with a Site-BDII', () => {
    const t = generateTopology(EGI);
    expect(t.ngis).toHaveLength(40);
    expect(t.sites).toHaveLength(350);
    expect(t.services).toHaveLength(8000);
    expect(new Set(t.sites.map((s) => s.ngi))).toEqual(new Set(t.ngis));
    const bdiiSites = t.services.filter((s) => s.serviceType === 'Site-BDII').map((s) => s.site);
    expect(new Set(bdiiSites).size).toBe(350);
  });

  it('is the same for the same seed and differs for another seed', () => {
    expect(generateTopology(EGI)).toEqual(generateTopology(EGI));
    expect(generateTopology({ ...EGI, seed: 8 }).sites.map((s) => s.shortName)).not.toEqual(generateTopology(EGI).sites.map((s) => s.shortName));
  });

  it('names are unique: site short names, service keys, hostname per service type', () => {
    const t = generateTopology(EGI);
    expect(new Set(t.sites.map((s) => s.shortName)).size).toBe(t.sites.length);
    expect(new Set(t.services.map((s) => s.primaryKey)).size).toBe(t.services.length);
    expect(new Set(t.services.map((s) => `${s.serviceType} ${s.hostname}`)).size).toBe(t.services.length);
    expect(t.sites[0].shortName).toMatch(/^[A-Z]{2}-[A-Z0-9-]+$/);
    expect(t.services[0].hostname).toMatch(/^[a-z0-9.-]+$/);
  });

  it('spreads services over many EGI types and unevenly over sites (a few large sites)', () => {
    const t = generateTopology(EGI);
    const types = new Set(t.services.map((s) => s.serviceType));
    expect(types.size).toBe(DEMO_SERVICE_TYPES.length);
    const perSite = [...t.sites.map((s) => t.services.filter((x) => x.site === s.shortName).length)].sort((a, b) => b - a);
    expect(perSite[0]).toBeGreaterThan(3 * perSite[Math.floor(perSite.length / 2)]);
  });

  it('refuses counts that cannot make a registry: more NGIs than sites, fewer endpoints than sites', () => {
    expect(() => generateTopology({ seed: 1, ngis: 5, sites: 4, endpoints: 10 })).toThrow(/sites \(4\) must be at least ngis \(5\)/);
    expect(() => generateTopology({ seed: 1, ngis: 1, sites: 4, endpoints: 3 })).toThrow(/endpoints \(3\) must be at least sites \(4\)/);
    expect(() => generateTopology({ seed: 1, ngis: 0, sites: 4, endpoints: 3 })).toThrow(/ngis must be a positive integer/);
  });
});
