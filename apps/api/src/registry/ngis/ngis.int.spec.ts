import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type RegistryTestApp } from '../shared/registry-test-app';

describe('NGIs over HTTP', () => {
  let api: RegistryTestApp;
  beforeAll(async () => {
    api = await startRegistryApp();
  });
  afterAll(async () => {
    await api?.close();
  });

  const ngi = (name: string, over: Record<string, unknown> = {}) => ({ name, email: `${name.toLowerCase()}@example.org`, scopes: ['EGI'], ...over });

  it('registers an NGI that GET then returns with its revision as ETag', async () => {
    const created = await api.call('POST', '/api/v1/ngis', ngi('NGI_IT'));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'NGI_IT', email: 'ngi_it@example.org', rodEmail: null, helpdeskEmail: null, securityEmail: null, scopes: ['EGI'], revision: 0 });
    const read = await api.read('/api/v1/ngis/NGI_IT');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.etag).toBe('"0"');
    expect((await api.events('ngi', 'NGI_IT')).map((e) => e.type)).toEqual(['NgiRegistered']);
  });

  it('refuses malformed input with 400 naming each field, and records nothing', async () => {
    const res = await api.call('POST', '/api/v1/ngis', { name: 'NGI BAD', email: 'not-an-email', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'email', 'name']);
    expect(await api.events('ngi', 'NGI BAD')).toEqual([]);
  });

  it('refuses a name another NGI already has, whatever its case, with 409 and appends nothing', async () => {
    await api.call('POST', '/api/v1/ngis', ngi('NGI_FR'));
    const res = await api.call('POST', '/api/v1/ngis', ngi('ngi_fr'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'NGI_NAME_TAKEN', errors: [{ field: 'name' }] });
    expect(await api.events('ngi', 'ngi_fr')).toEqual([]);
  });

  it('answers 404 for an unknown NGI, on read and on write', async () => {
    expect((await api.read('/api/v1/ngis/NGI_NOWHERE')).status).toBe(404);
    const res = await api.call('PATCH', '/api/v1/ngis/NGI_NOWHERE', { email: 'a@b.org' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(await api.events('ngi', 'NGI_NOWHERE')).toEqual([]);
  });

  it('updates only the fields sent and clears a contact set to null', async () => {
    await api.call('POST', '/api/v1/ngis', ngi('NGI_DE', { rodEmail: 'rod@de.example.org' }));
    const res = await api.call('PATCH', '/api/v1/ngis/NGI_DE', { helpdeskEmail: 'help@de.example.org', rodEmail: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'ngi_de@example.org', helpdeskEmail: 'help@de.example.org', rodEmail: null, revision: 1 });
    expect((await api.read('/api/v1/ngis/NGI_DE')).body).toEqual(res.body);
  });

  it('removes an NGI: it is gone from GET and from the list', async () => {
    await api.call('POST', '/api/v1/ngis', ngi('NGI_GONE'));
    expect((await api.call('DELETE', '/api/v1/ngis/NGI_GONE')).status).toBe(204);
    expect((await api.read('/api/v1/ngis/NGI_GONE')).status).toBe(404);
    const list = await api.read('/api/v1/ngis?limit=1000');
    expect(list.body.items.map((n: { name: string }) => n.name)).not.toContain('NGI_GONE');
  });

  it('lists NGIs by name, page by page, with an opaque cursor', async () => {
    for (const name of ['NGI_P3', 'NGI_P1', 'NGI_P2']) await api.call('POST', '/api/v1/ngis', ngi(name));
    const all = (await api.read('/api/v1/ngis')).body.items.map((n: { name: string }) => n.name);
    expect(all).toEqual([...all].sort());
    const first = await api.read('/api/v1/ngis?limit=2');
    expect(first.body.items).toHaveLength(2);
    const pages = [first.body.items];
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const next = await api.read(`/api/v1/ngis?limit=2&cursor=${cursor}`);
      pages.push(next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(pages.flat().map((n: { name: string }) => n.name)).toEqual(all);
  });

  it('refuses a page size outside 1..1000 and a made-up cursor with 400 naming the parameter', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=ten', 'limit'], ['cursor=bogus', 'cursor']]) {
      const res = await api.read(`/api/v1/ngis?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
  });
});
