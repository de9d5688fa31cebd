import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type RegistryTestApp } from '../shared/registry-test-app';

describe('service groups over HTTP', () => {
  let api: RegistryTestApp;
  beforeAll(async () => {
    api = await startRegistryApp();
    await api.call('POST', '/api/v1/ngis', { name: 'NGI_XX', email: 'ops@example.org' });
    for (const [shortName, id] of [['SITE-A', '1G0'], ['SITE-B', '2G0']]) {
      await api.call('POST', '/api/v1/sites', { shortName, officialName: shortName, ngi: 'NGI_XX', country: 'Italy', timezone: 'Europe/Rome', domain: 'example.org' });
      const res = await api.call('POST', '/api/v1/services', { id, hostname: `${id.toLowerCase()}.example.org`, serviceType: 'SRM', site: shortName, production: true, monitored: true });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it('groups services of several sites, and GET returns the group with its members', async () => {
    const created = await api.call('POST', '/api/v1/service-groups', { name: 'TIER1', description: 'Tier-1 storage', services: ['1G0', '2G0', '1G0'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'TIER1', description: 'Tier-1 storage', monitored: true, services: ['1G0', '2G0'], revision: 0 });
    expect((await api.read('/api/v1/service-groups/TIER1')).body).toEqual(created.body);
    expect((await api.read('/api/v1/service-groups')).body.items.map((g: { name: string }) => g.name)).toEqual(['TIER1']);
  });

  it('refuses an unknown member service with 409 and appends nothing', async () => {
    const res = await api.call('POST', '/api/v1/service-groups', { name: 'GHOSTS', description: 'x', services: ['99G0'] });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_SERVICE', errors: [{ field: 'services' }] });
    expect(await api.events('serviceGroup', 'GHOSTS')).toEqual([]);
  });

  it('refuses a group without a description or with a non-list of services with 400', async () => {
    const res = await api.call('POST', '/api/v1/service-groups', { name: 'BAD', services: '1G0' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['description', 'services']));
  });

  it('adds and removes members, refusing a member twice', async () => {
    await api.call('POST', '/api/v1/service-groups', { name: 'WLCG', description: 'WLCG services' });
    const added = await api.call('POST', '/api/v1/service-groups/WLCG/services', { service: '2G0' });
    expect(added.status).toBe(200);
    expect(added.body.services).toEqual(['2G0']);
    const twice = await api.call('POST', '/api/v1/service-groups/WLCG/services', { service: '2G0' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SERVICE_ALREADY_MEMBER');
    expect((await api.call('DELETE', '/api/v1/service-groups/WLCG/services/2G0')).status).toBe(204);
    expect((await api.read('/api/v1/service-groups/WLCG')).body.services).toEqual([]);
    const notMember = await api.call('DELETE', '/api/v1/service-groups/WLCG/services/2G0');
    expect(notMember.body.code).toBe('SERVICE_NOT_MEMBER');
  });

  it('updates the description and monitoring flag, and removes a group', async () => {
    await api.call('POST', '/api/v1/service-groups', { name: 'TEMP', description: 'for a while' });
    const updated = await api.call('PATCH', '/api/v1/service-groups/TEMP', { description: 'still here', monitored: false });
    expect(updated.body).toMatchObject({ description: 'still here', monitored: false, revision: 1 });
    expect((await api.call('DELETE', '/api/v1/service-groups/TEMP')).status).toBe(204);
    expect((await api.read('/api/v1/service-groups/TEMP')).status).toBe(404);
    expect((await api.call('PATCH', '/api/v1/service-groups/TEMP', { monitored: true })).status).toBe(404);
  });

  it('drops a removed service from its groups', async () => {
    await api.call('POST', '/api/v1/services', { id: '3G0', hostname: '3g0.example.org', serviceType: 'SRM', site: 'SITE-A', production: true, monitored: true });
    await api.call('POST', '/api/v1/service-groups', { name: 'SHORT-LIVED', description: 'x', services: ['1G0', '3G0'] });
    expect((await api.call('DELETE', '/api/v1/services/3G0')).status).toBe(204);
    expect((await api.read('/api/v1/service-groups/SHORT-LIVED')).body.services).toEqual(['1G0']);
  });

  it('refuses a name taken by another group whatever the case', async () => {
    const res = await api.call('POST', '/api/v1/service-groups', { name: 'tier1', description: 'copy' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SERVICE_GROUP_NAME_TAKEN');
  });
});
