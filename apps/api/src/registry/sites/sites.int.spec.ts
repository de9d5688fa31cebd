import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type RegistryTestApp } from '../shared/registry-test-app';

describe('sites over HTTP', () => {
  let api: RegistryTestApp;
  beforeAll(async () => {
    api = await startRegistryApp();
    expect((await api.call('POST', '/api/v1/ngis', { name: 'NGI_XX', email: 'ops@example.org' })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
  });

  const site = (shortName: string, over: Record<string, unknown> = {}) => ({
    shortName,
    officialName: `${shortName} computing centre`,
    ngi: 'NGI_XX',
    country: 'Italy',
    timezone: 'Europe/Rome',
    domain: 'example.org',
    ...over,
  });
  const certify = (shortName: string, to: string, reason = `moving to ${to}`) => api.call('POST', `/api/v1/sites/${shortName}/certification`, { to, reason });

  it('registers a site as a Candidate that GET then returns', async () => {
    const created = await api.call('POST', '/api/v1/sites', site('SITE-A', { contacts: [{ role: 'Site Administrator', email: 'admin@example.org' }] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      shortName: 'SITE-A',
      ngi: 'NGI_XX',
      certificationStatus: 'Candidate',
      productionInfrastructure: 'Production',
      contacts: [{ role: 'Site Administrator', email: 'admin@example.org', name: null }],
      certificationHistory: [],
      revision: 0,
    });
    expect((await api.read('/api/v1/sites/SITE-A')).body).toEqual(created.body);
    const list = await api.read('/api/v1/sites');
    expect(list.body.items.map((s: { shortName: string }) => s.shortName)).toContain('SITE-A');
  });

  it('names the nested field of a malformed contact and an unknown time zone in a 400', async () => {
    const res = await api.call('POST', '/api/v1/sites', site('SITE-BAD', { timezone: 'Mars/Olympus', contacts: [{ role: 'Admin', email: 'nope' }] }));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contacts[0].email', 'timezone']);
    expect(await api.events('site', 'SITE-BAD')).toEqual([]);
  });

  it('refuses a site under an unknown NGI with 409 UNKNOWN_NGI and appends nothing', async () => {
    const res = await api.call('POST', '/api/v1/sites', site('SITE-ORPHAN', { ngi: 'NGI_NONE' }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_NGI', errors: [{ field: 'ngi' }] });
    expect(await api.events('site', 'SITE-ORPHAN')).toEqual([]);
  });

  it('refuses a short name that differs from an existing one only by case', async () => {
    await api.call('POST', '/api/v1/sites', site('SITE-CASE'));
    const res = await api.call('POST', '/api/v1/sites', site('site-case'));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SITE_SHORT_NAME_TAKEN');
  });

  it('walks the allowed certification changes, keeps their reasons, and refuses Suspended → Certified', async () => {
    await api.call('POST', '/api/v1/sites', site('SITE-CERT'));
    for (const to of ['Uncertified', 'Certified', 'Suspended']) expect((await certify('SITE-CERT', to)).status).toBe(200);
    const forbidden = await certify('SITE-CERT', 'Certified');
    expect(forbidden.status).toBe(409);
    expect(forbidden.body).toMatchObject({ code: 'CERTIFICATION_TRANSITION_FORBIDDEN', errors: [{ field: 'to' }] });
    const certification = await api.read('/api/v1/sites/SITE-CERT/certification');
    expect(certification.body.status).toBe('Suspended');
    expect(certification.body.history.map((h: { from: string; to: string; reason: string }) => `${h.from}>${h.to}:${h.reason}`)).toEqual([
      'Candidate>Uncertified:moving to Uncertified',
      'Uncertified>Certified:moving to Certified',
      'Certified>Suspended:moving to Suspended',
    ]);
    expect((await api.events('site', 'SITE-CERT')).map((e) => e.type)).toEqual(['SiteRegistered', 'SiteCertificationChanged', 'SiteCertificationChanged', 'SiteCertificationChanged']);
  });

  it('refuses a Candidate going straight to Certified, and a certification change without a reason or with an unknown status', async () => {
    await api.call('POST', '/api/v1/sites', site('SITE-NEW'));
    expect((await certify('SITE-NEW', 'Certified')).body.code).toBe('CERTIFICATION_TRANSITION_FORBIDDEN');
    const noReason = await api.call('POST', '/api/v1/sites/SITE-NEW/certification', { to: 'Uncertified', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const tooLong = await certify('SITE-NEW', 'Uncertified', 'x'.repeat(301));
    expect(tooLong.status).toBe(400);
    const unknown = await certify('SITE-NEW', 'Blessed');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('to');
    expect((await api.events('site', 'SITE-NEW')).map((e) => e.type)).toEqual(['SiteRegistered']);
  });

  it('lets one of two writers holding the same revision win and answers the other 409, losing nothing', async () => {
    const created = await api.call('POST', '/api/v1/sites', site('SITE-RACE'));
    const ifMatch = { 'if-match': created.etag! };
    const [a, b] = await Promise.all([
      api.call('PATCH', '/api/v1/sites/SITE-RACE', { country: 'France' }, ifMatch),
      api.call('PATCH', '/api/v1/sites/SITE-RACE', { officialName: 'Renamed centre' }, ifMatch),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect(lost.body.code).toBe('CONCURRENCY_CONFLICT');
    const now = await api.read('/api/v1/sites/SITE-RACE');
    expect(now.body).toEqual(won.body);
    expect(now.body.revision).toBe(1);
    expect(await api.events('site', 'SITE-RACE')).toHaveLength(2);
  });

  it('applies two unconditional updates sent at once one after the other: both land', async () => {
    await api.call('POST', '/api/v1/sites', site('SITE-BOTH'));
    const [a, b] = await Promise.all([
      api.call('PATCH', '/api/v1/sites/SITE-BOTH', { country: 'France' }),
      api.call('PATCH', '/api/v1/sites/SITE-BOTH', { officialName: 'Renamed centre' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await api.read('/api/v1/sites/SITE-BOTH')).body).toMatchObject({ country: 'France', officialName: 'Renamed centre', revision: 2 });
  });

  it('refuses a stale or malformed If-Match', async () => {
    await api.call('POST', '/api/v1/sites', site('SITE-STALE'));
    await api.call('PATCH', '/api/v1/sites/SITE-STALE', { country: 'Spain' });
    const stale = await api.call('PATCH', '/api/v1/sites/SITE-STALE', { country: 'Portugal' }, { 'if-match': '"0"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONCURRENCY_CONFLICT');
    const malformed = await api.call('PATCH', '/api/v1/sites/SITE-STALE', { country: 'Portugal' }, { 'if-match': 'yesterday' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('If-Match');
    expect((await api.read('/api/v1/sites/SITE-STALE')).body.country).toBe('Spain');
  });

  it('refuses to remove an NGI that still has sites, then removes a site and answers 404 for it', async () => {
    const ngi = await api.call('DELETE', '/api/v1/ngis/NGI_XX');
    expect(ngi.status).toBe(409);
    expect(ngi.body.code).toBe('NGI_HAS_SITES');
    await api.call('POST', '/api/v1/sites', site('SITE-GONE'));
    expect((await api.call('DELETE', '/api/v1/sites/SITE-GONE')).status).toBe(204);
    expect((await api.read('/api/v1/sites/SITE-GONE')).status).toBe(404);
    expect((await api.call('PATCH', '/api/v1/sites/SITE-GONE', { country: 'Italy' })).status).toBe(404);
  });

  it('lets a reader key read sites but not write them', async () => {
    expect((await api.asReader('GET', '/api/v1/sites')).status).toBe(200);
    const denied = await api.asReader('POST', '/api/v1/sites', site('SITE-READER'));
    expect(denied.status).toBe(403);
    expect(await api.events('site', 'SITE-READER')).toEqual([]);
  });

  it('shows a process started later everything written before, and lets it write on top', async () => {
    const later = await startRegistryApp({ tenant: api.tenant });
    try {
      expect((await later.read('/api/v1/sites/SITE-CERT')).body).toEqual((await api.read('/api/v1/sites/SITE-CERT')).body);
      const dup = await later.call('POST', '/api/v1/sites', site('SITE-A'));
      expect(dup.body.code).toBe('SITE_ALREADY_REGISTERED');
      expect((await later.call('POST', '/api/v1/sites', site('SITE-LATER'))).status).toBe(201);
    } finally {
      await later.close();
    }
  });
});
