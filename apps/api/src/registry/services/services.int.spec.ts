import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type RegistryTestApp } from '../shared/registry-test-app';

describe('services and their endpoints over HTTP', () => {
  let api: RegistryTestApp;
  beforeAll(async () => {
    api = await startRegistryApp();
    await api.call('POST', '/api/v1/ngis', { name: 'NGI_XX', email: 'ops@example.org' });
    for (const shortName of ['SITE-A', 'SITE-B']) {
      const res = await api.call('POST', '/api/v1/sites', { shortName, officialName: shortName, ngi: 'NGI_XX', country: 'Italy', timezone: 'Europe/Rome', domain: 'example.org' });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  const service = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    hostname: `${id.toLowerCase()}.example.org`,
    serviceType: 'org.opensciencegrid.htcondorce',
    site: 'SITE-A',
    production: true,
    monitored: true,
    ...over,
  });

  it('registers a service that GET returns with defaults and no endpoints', async () => {
    const created = await api.call('POST', '/api/v1/services', service('1G0', { scopes: ['EGI'] }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: '1G0',
      hostname: '1g0.example.org',
      serviceType: 'org.opensciencegrid.htcondorce',
      site: 'SITE-A',
      production: true,
      monitored: true,
      beta: false,
      notify: true,
      url: null,
      scopes: ['EGI'],
      endpoints: [],
      revision: 0,
    });
    expect((await api.read('/api/v1/services/1G0')).body).toEqual(created.body);
  });

  it('generates an id when none is given', async () => {
    const created = await api.call('POST', '/api/v1/services', { ...service('X'), id: undefined, hostname: 'generated.example.org' });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.read(`/api/v1/services/${created.body.id}`)).status).toBe(200);
  });

  it('refuses a production service that is not monitored with 409, unless its type is exempt', async () => {
    const res = await api.call('POST', '/api/v1/services', service('2G0', { monitored: false }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'PRODUCTION_SERVICE_NOT_MONITORED', errors: [{ field: 'monitored' }] });
    expect(await api.events('service', '2G0')).toEqual([]);
    const voms = await api.call('POST', '/api/v1/services', service('3G0', { serviceType: 'VOMS', monitored: false }));
    expect(voms.status).toBe(201);
  });

  it('refuses a second service of the same type on the same host, whatever the case', async () => {
    const res = await api.call('POST', '/api/v1/services', service('4G0', { hostname: '1G0.EXAMPLE.ORG' }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'SERVICE_ALREADY_ON_HOST', errors: [{ field: 'hostname' }] });
    expect(await api.events('service', '4G0')).toEqual([]);
    const otherType = await api.call('POST', '/api/v1/services', service('5G0', { hostname: '1g0.example.org', serviceType: 'Site-BDII' }));
    expect(otherType.status).toBe(201);
  });

  it('refuses a service on an unknown site with 409, and malformed fields with 400', async () => {
    const unknownSite = await api.call('POST', '/api/v1/services', service('6G0', { site: 'SITE-NONE' }));
    expect(unknownSite.status).toBe(409);
    expect(unknownSite.body.code).toBe('UNKNOWN_SITE');
    const malformed = await api.call('POST', '/api/v1/services', service('6G0', { hostname: 'not a host', production: 'yes', url: 'nowhere' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['hostname', 'production', 'url']);
    expect(await api.events('service', '6G0')).toEqual([]);
  });

  it('moves a service to another site and keeps the rules on update', async () => {
    await api.call('POST', '/api/v1/services', service('7G0'));
    const moved = await api.call('PATCH', '/api/v1/services/7G0', { site: 'SITE-B', url: 'https://7g0.example.org' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ site: 'SITE-B', url: 'https://7g0.example.org', revision: 1 });
    const unmonitored = await api.call('PATCH', '/api/v1/services/7G0', { monitored: false });
    expect(unmonitored.body.code).toBe('PRODUCTION_SERVICE_NOT_MONITORED');
    const onSiteB = await api.read('/api/v1/services?site=SITE-B');
    expect(onSiteB.body.items.map((s: { id: string }) => s.id)).toEqual(['7G0']);
  });

  it('refuses to remove a site that still hosts services', async () => {
    const res = await api.call('DELETE', '/api/v1/sites/SITE-B');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SITE_HAS_SERVICES');
  });

  it('adds endpoints with names unique within the service, updates and removes them', async () => {
    await api.call('POST', '/api/v1/services', service('8G0'));
    const added = await api.call('POST', '/api/v1/services/8G0/endpoints', { id: '81', name: 'main', url: 'https://8g0.example.org:9619' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      service: '8G0',
      id: '81',
      name: 'main',
      url: 'https://8g0.example.org:9619',
      interfaceName: 'org.opensciencegrid.htcondorce',
      monitored: true,
      revision: 1,
    });
    const twin = await api.call('POST', '/api/v1/services/8G0/endpoints', { id: '82', name: 'MAIN', url: 'https://8g0.example.org:9620' });
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ code: 'ENDPOINT_NAME_TAKEN', errors: [{ field: 'name' }] });
    const renamed = await api.call('PATCH', '/api/v1/services/8G0/endpoints/81', { name: 'primary', monitored: false });
    expect(renamed.body).toMatchObject({ name: 'primary', monitored: false, revision: 2 });
    expect((await api.read('/api/v1/services/8G0/endpoints/81')).body).toEqual(renamed.body);
    expect((await api.read('/api/v1/services/8G0')).body.endpoints).toHaveLength(1);
    expect((await api.call('DELETE', '/api/v1/services/8G0/endpoints/81')).status).toBe(204);
    expect((await api.read('/api/v1/services/8G0/endpoints/81')).status).toBe(404);
    expect((await api.read('/api/v1/services/8G0/endpoints')).body).toEqual({ items: [], nextCursor: null });
    expect((await api.events('service', '8G0')).map((e) => e.type)).toEqual(['ServiceRegistered', 'EndpointAdded', 'EndpointUpdated', 'EndpointRemoved']);
  });

  it('answers 404 for endpoints of an unknown service and an unknown endpoint', async () => {
    expect((await api.call('POST', '/api/v1/services/NOPE/endpoints', { name: 'main', url: 'https://x.example.org' })).status).toBe(404);
    expect((await api.call('PATCH', '/api/v1/services/1G0/endpoints/NOPE', { name: 'x' })).status).toBe(404);
    expect((await api.read('/api/v1/services/NOPE')).status).toBe(404);
  });

  it('removes a service: GET answers 404 and another service may take its host', async () => {
    await api.call('POST', '/api/v1/services', service('9G0', { hostname: 'reused.example.org' }));
    expect((await api.call('DELETE', '/api/v1/services/9G0')).status).toBe(204);
    expect((await api.read('/api/v1/services/9G0')).status).toBe(404);
    expect((await api.call('POST', '/api/v1/services', service('10G0', { hostname: 'reused.example.org' }))).status).toBe(201);
  });
});
