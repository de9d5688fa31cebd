// The downtime feeds and exports end to end: downtimes declared over HTTP, every format fetched
// and read back with real parsers (ical.js, rss-parser, csv-parse).
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { NATS, PlatformModule } from '@vigil/platform';
import { parse as parseCsv } from 'csv-parse/sync';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../../../../test/support/api-keys';
import { AuthModule } from '../../auth/auth.module';
import { configureHttp } from '../../http-app';
import { RegistryModule } from '../registry.module';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 5, 2, 10);
const iso = (ms: number) => new Date(ms).toISOString();
const second = (isoTime: string) => Math.floor(Date.parse(isoTime) / 1000) * 1000;
const HOSTILE = `Disk swap, RAID; "hot" path C:\\data\\new\nline two <b>&amp;</b> it's ünïcödé 🚀 日本語 — ${'long text '.repeat(12)}end`;

let ICAL: typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default;

interface Row {
  id: string;
  site: string;
  ngi: string | null;
  services: string[];
  endpoints: string[];
  serviceTypes: string[];
  hostnames: string[];
  severity: string;
  classification: string;
  start: string;
  end: string;
  description: string;
  declaredAt: string;
  updatedAt: string;
  revision: number;
}

describe('downtime feeds and exports', () => {
  const bucket = `test_api_keys_${randomUUID().slice(0, 8)}`;
  const tenant = `t${randomUUID().slice(0, 8)}`;
  const otherTenant = `t${randomUUID().slice(0, 8)}`;
  const clock = { now: NOW };
  let app: INestApplication;
  let dataDir: string;
  let base: string;
  let operator: string;
  let reader: string;
  let otherOperator: string;
  let otherReader: string;

  const fetchAs = (key: string | undefined, url: string, init: RequestInit = {}) =>
    fetch(`${base}${url}`, { ...init, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as Record<string, string>) } });
  const text = async (url: string, key: string | undefined = reader) => {
    const res = await fetchAs(key, url);
    expect(res.status, `${url}: ${res.status}`).toBe(200);
    return { body: await res.text(), type: res.headers.get('content-type') };
  };
  const json = async <T = Row[]>(url: string, key = reader): Promise<T> => JSON.parse((await text(url, key)).body) as T;
  const post = async (key: string, url: string, body: unknown) => {
    const res = await fetchAs(key, url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(res.status, `${url}: ${await res.clone().text()}`).toBe(201);
  };

  const calendarEvents = (body: string) => new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const feedItems = async (body: string) => (await new Parser().parseString(body)).items;
  const csvRows = (body: string): Row[] =>
    (parseCsv(body, { columns: true }) as Record<string, string>[]).map((r) => {
      const list = (v: string) => (v === '' ? [] : v.split(' '));
      return { ...r, ngi: r.ngi || null, services: list(r.services), endpoints: list(r.endpoints), serviceTypes: list(r.serviceTypes), hostnames: list(r.hostnames), revision: Number(r.revision) } as Row;
    });

  /** What every format says about a downtime beside its own description. */
  const details = (d: Row) =>
    [
      `Site: ${d.site} (${d.ngi})`,
      `Services: ${d.services.join(', ')}`,
      `Hostnames: ${d.hostnames.join(', ')}`,
      `Service types: ${d.serviceTypes.join(', ')}`,
      ...(d.endpoints.length ? [`Endpoints: ${d.endpoints.join(', ')}`] : []),
      `From ${d.start} to ${d.end}`,
    ].join('\n');

  beforeAll(async () => {
    ICAL = (await import('ical.js')).default;
    dataDir = await mkdtemp(path.join(tmpdir(), 'vigil-feeds-e2e-'));
    process.env.VIGIL_DATA_DIR = dataDir;
    @Module({ imports: [PlatformModule, AuthModule.withBucket(bucket), RegistryModule.withClock(() => clock.now)] })
    class FeedsTestModule {}
    app = configureHttp(await NestFactory.create(FeedsTestModule, { logger: false }));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const nc = app.get<NatsConnection>(NATS);
    [operator, reader, otherOperator, otherReader] = await Promise.all([
      createKey(nc, 'operator', tenant, { bucket }),
      createKey(nc, 'reader', tenant, { bucket }),
      createKey(nc, 'operator', otherTenant, { bucket }),
      createKey(nc, 'reader', otherTenant, { bucket }),
    ]);
    const site = (shortName: string, ngi: string) => ({ shortName, officialName: shortName, ngi, country: 'Italy', timezone: 'Europe/Rome', domain: 'example.org' });
    for (const ngi of ['NGI_IT', 'NGI_DE']) await post(operator, '/api/v1/ngis', { name: ngi, email: 'ops@example.org' });
    await post(operator, '/api/v1/sites', site('SITE-A', 'NGI_IT'));
    await post(operator, '/api/v1/sites', site('SITE-B', 'NGI_DE'));
    for (const [id, serviceType, siteName] of [['1G0', 'SRM', 'SITE-A'], ['2G0', 'ARC-CE', 'SITE-A'], ['3G0', 'Site-BDII', 'SITE-B']]) {
      await post(operator, '/api/v1/services', { id, hostname: `${id.toLowerCase()}.example.org`, serviceType, site: siteName, production: true, monitored: true });
    }
    const downtime = (id: string, services: string[], severity: string, start: number, end: number, description = `Work ${id}`) =>
      post(operator, '/api/v1/downtimes', { id, services, severity, start: iso(start), end: iso(end), description });
    await downtime('DT-HOSTILE', ['1G0', '2G0'], 'OUTAGE', NOW + 3 * DAY, NOW + 4 * DAY, HOSTILE);
    await downtime('DT-WARN', ['1G0'], 'WARNING', NOW - HOUR, NOW + 2 * HOUR);
    await downtime('DT-B', ['3G0'], 'OUTAGE', NOW + 2 * HOUR, NOW + 5 * HOUR);
    await downtime('DT-PAST', ['3G0'], 'WARNING', NOW - 47 * HOUR, NOW - 40 * HOUR);
    await post(otherOperator, '/api/v1/ngis', { name: 'NGI_IT', email: 'ops@example.org' });
    await post(otherOperator, '/api/v1/sites', site('SITE-A', 'NGI_IT'));
    await post(otherOperator, '/api/v1/services', { id: '1G0', hostname: 'other.example.org', serviceType: 'SRM', site: 'SITE-A', production: true, monitored: true });
    await post(otherOperator, '/api/v1/downtimes', { id: 'DT-OTHER', services: ['1G0'], severity: 'OUTAGE', start: iso(NOW + DAY), end: iso(NOW + 2 * DAY), description: 'other tenant' });
  });

  afterAll(async () => {
    if (app) {
      await new Kvm(app.get<NatsConnection>(NATS)).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
      await app.close();
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('exports every downtime as JSON, by start time, exactly as the list shows them', async () => {
    const rows = await json('/api/v1/downtimes.json');
    expect(rows.map((d) => d.id)).toEqual(['DT-PAST', 'DT-WARN', 'DT-B', 'DT-HOSTILE']);
    expect((await json<{ items: Row[] }>('/api/v1/downtimes?limit=1000')).items).toEqual(rows);
    expect(rows[3]).toMatchObject({ site: 'SITE-A', ngi: 'NGI_IT', serviceTypes: ['ARC-CE', 'SRM'], hostnames: ['1g0.example.org', '2g0.example.org'], description: HOSTILE });
  });

  it('serves an iCalendar a real parser reads as one event per downtime: UTC times, escaped text, folded lines', async () => {
    const rows = await json('/api/v1/downtimes.json');
    const { body, type } = await text('/api/v1/downtimes.ics');
    expect(type).toBe('text/calendar; charset=utf-8');
    expect(body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(body).toContain('Disk swap\\, RAID\\; "hot" path C:\\\\data\\\\new\\nline two');
    const events = calendarEvents(body);
    expect(events.map((e) => e.uid)).toEqual(rows.map((d) => `downtime-${d.id}@${tenant}.vigil`));
    events.forEach((event, i) => {
      const d = rows[i];
      expect(event.summary).toBe(`${d.site} ${d.severity} (${d.classification})`);
      expect(event.description).toBe(`${d.description}\n\n${details(d)}`);
      expect(event.startDate.toJSDate().toISOString()).toBe(d.start);
      expect(event.endDate.toJSDate().toISOString()).toBe(d.end);
      expect(event.startDate.zone?.tzid).toBe('UTC');
      expect((event.component.getFirstPropertyValue('last-modified') as { toJSDate(): Date }).toJSDate().getTime()).toBe(second(d.updatedAt));
      expect(event.sequence).toBe(d.revision);
    });
    expect(events[3].summary).toBe('SITE-A OUTAGE (SCHEDULED)');
  });

  it('serves RSS 2.0 and Atom feeds a real parser reads as one item per downtime', async () => {
    const rows = await json('/api/v1/downtimes.json');
    const rss = await text('/api/v1/downtimes.rss');
    const atom = await text('/api/v1/downtimes.atom');
    expect(rss.type).toBe('application/rss+xml; charset=utf-8');
    expect(atom.type).toBe('application/atom+xml; charset=utf-8');
    const rssItems = await feedItems(rss.body);
    const atomItems = await feedItems(atom.body);
    const entryId = (d: Row) => `urn:vigil:${tenant}:downtime:${d.id}`;
    const title = (d: Row) => `${d.site} ${d.severity} (${d.classification}): ${d.start} to ${d.end}`;
    expect(rssItems.map((item) => item.guid)).toEqual(rows.map(entryId));
    expect(atomItems.map((item) => item.id)).toEqual(rows.map(entryId));
    rows.forEach((d, i) => {
      expect(rssItems[i].title).toBe(title(d));
      expect(rssItems[i].content).toBe(`${d.description}\n\n${details(d)}`);
      expect(rssItems[i].pubDate).toBe(new Date(d.declaredAt).toUTCString());
      expect(rssItems[i].link).toBe(`${base}/api/v1/downtimes/${d.id}`);
      expect(atomItems[i].title).toBe(title(d));
      expect(atomItems[i].summary).toBe(`${d.description}\n\n${details(d)}`);
      expect(atomItems[i].pubDate).toBe(d.declaredAt);
    });
  });

  it('exports CSV that round-trips to the JSON export, hostile text included', async () => {
    const rows = await json('/api/v1/downtimes.json');
    const csv = await text('/api/v1/downtimes.csv');
    expect(csv.type).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.body.startsWith('id,site,ngi,services,endpoints,serviceTypes,hostnames,severity,classification,start,end,description,declaredAt,updatedAt,revision\r\n')).toBe(true);
    expect(csvRows(csv.body)).toEqual(rows);
  });

  it('applies the same filters to every format', async () => {
    const ids = { ngi: 'NGI_DE', serviceType: 'ARC-CE', severity: 'WARNING', classification: 'SCHEDULED' };
    const expected: Record<string, string[]> = { ngi: ['DT-PAST', 'DT-B'], serviceType: ['DT-HOSTILE'], severity: ['DT-PAST', 'DT-WARN'], classification: ['DT-HOSTILE'] };
    for (const [filter, value] of Object.entries(ids)) {
      const query = `?${filter}=${value}`;
      const want = expected[filter];
      expect((await json(`/api/v1/downtimes.json${query}`)).map((d) => d.id), query).toEqual(want);
      expect((await json<{ items: Row[] }>(`/api/v1/downtimes${query}`)).items.map((d) => d.id), query).toEqual(want);
      expect(csvRows((await text(`/api/v1/downtimes.csv${query}`)).body).map((d) => d.id), query).toEqual(want);
      expect(calendarEvents((await text(`/api/v1/downtimes.ics${query}`)).body).map((e) => e.uid), query).toEqual(want.map((id) => `downtime-${id}@${tenant}.vigil`));
      expect((await feedItems((await text(`/api/v1/downtimes.rss${query}`)).body)).map((i) => i.guid), query).toEqual(want.map((id) => `urn:vigil:${tenant}:downtime:${id}`));
      expect((await feedItems((await text(`/api/v1/downtimes.atom${query}`)).body)).map((i) => i.id), query).toEqual(want.map((id) => `urn:vigil:${tenant}:downtime:${id}`));
    }
    expect((await json('/api/v1/downtimes.json?site=SITE-B&severity=OUTAGE')).map((d) => d.id)).toEqual(['DT-B']);
  });

  it('finds ongoing downtimes by the clock, and those overlapping a window', async () => {
    const ids = async (query: string) => (await json(`/api/v1/downtimes.json?${query}`)).map((d) => d.id);
    expect(await ids('ongoing=true')).toEqual(['DT-WARN']);
    expect(await ids('ongoing=false')).toEqual(['DT-PAST', 'DT-B', 'DT-HOSTILE']);
    clock.now = NOW + 3 * HOUR;
    try {
      expect(await ids('ongoing=true')).toEqual(['DT-B']);
    } finally {
      clock.now = NOW;
    }
    expect(await ids(`from=${iso(NOW + HOUR)}&to=${iso(NOW + 3 * DAY)}`)).toEqual(['DT-WARN', 'DT-B']);
    expect(await ids(`to=${encodeURIComponent('2025-06-01T00:00:00+02:00')}`)).toEqual(['DT-PAST']);
  });

  it('pages the filtered list with a cursor in the export order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Row[]; nextCursor: string | null } = await json(`/api/v1/downtimes?ngi=NGI_IT&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await json('/api/v1/downtimes.json?ngi=NGI_IT')).map((d) => d.id));
    expect(seen).toEqual(['DT-WARN', 'DT-HOSTILE']);
  });

  it.each([
    ['severity=DOWN', 'severity'],
    ['classification=PLANNED', 'classification'],
    ['ongoing=yes', 'ongoing'],
    ['from=tomorrow', 'from'],
    ['to=2025-06-02T10:00:00', 'to'],
    [`from=${iso(NOW)}&to=${iso(NOW - HOUR)}`, 'to'],
    ['site=bad%20name', 'site'],
    ['colour=red', 'colour'],
  ])('refuses ?%s with 400 naming %s, on the list and on the feeds', async (query, field) => {
    for (const route of ['/api/v1/downtimes', '/api/v1/downtimes.ics', '/api/v1/downtimes.csv']) {
      const res = await fetchAs(reader, `${route}?${query}`);
      expect(res.status, route).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
  });

  it('answers 401 without a key; feeds (only) accept ?api_key= and never echo it', async () => {
    for (const route of ['downtimes', 'downtimes.json', 'downtimes.csv', 'downtimes.ics', 'downtimes.rss', 'downtimes.atom']) {
      expect((await fetchAs(undefined, `/api/v1/${route}`)).status, route).toBe(401);
      expect((await fetchAs(undefined, `/api/v1/${route}?api_key=not-a-key-${'x'.repeat(40)}`)).status, route).toBe(401);
    }
    for (const route of ['downtimes.json', 'downtimes.csv', 'downtimes.ics', 'downtimes.rss', 'downtimes.atom']) {
      const res = await fetchAs(undefined, `/api/v1/${route}?site=SITE-B&api_key=${reader}`);
      expect(res.status, route).toBe(200);
      expect(await res.text(), route).not.toContain(reader);
    }
    const rss = await new Parser().parseString(await (await fetchAs(undefined, `/api/v1/downtimes.rss?site=SITE-B&api_key=${reader}`)).text());
    expect(rss.feedUrl).toBe(`${base}/api/v1/downtimes.rss?site=SITE-B`);
    expect((await fetchAs(undefined, `/api/v1/downtimes?api_key=${reader}`)).status).toBe(401);
    expect((await fetchAs(undefined, `/api/v1/downtimes/DT-B?api_key=${reader}`)).status).toBe(401);
    expect((await fetchAs(reader, `/api/v1/downtimes.ics?api_key=${otherReader}`)).status).toBe(401);
  });

  it('lets a polling feed reader revalidate: an unchanged feed answers 304 to its ETag', async () => {
    const first = await fetchAs(reader, '/api/v1/downtimes.ics?site=SITE-A');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetchAs(reader, '/api/v1/downtimes.ics?site=SITE-A', {
      // fetch sends Cache-Control: no-cache with a conditional header unless told otherwise
      headers: { 'if-none-match': etag ?? '', 'cache-control': 'max-age=0' },
    });
    expect(again.status).toBe(304);
  });

  it("keeps tenants apart: each feed shows its own tenant's downtimes only", async () => {
    expect((await json('/api/v1/downtimes.json', otherReader)).map((d) => d.id)).toEqual(['DT-OTHER']);
    const otherCalendar = calendarEvents((await text('/api/v1/downtimes.ics', otherReader)).body);
    expect(otherCalendar.map((e) => e.uid)).toEqual([`downtime-DT-OTHER@${otherTenant}.vigil`]);
    for (const route of ['downtimes.ics', 'downtimes.rss', 'downtimes.atom', 'downtimes.csv', 'downtimes.json']) {
      expect((await text(`/api/v1/${route}`)).body, route).not.toContain('DT-OTHER');
    }
  });

  it('shows an edit in the feeds with a new LAST-MODIFIED and SEQUENCE, and drops a cancelled downtime', async () => {
    const before = calendarEvents((await text('/api/v1/downtimes.ics?site=SITE-B')).body).find((e) => e.uid.startsWith('downtime-DT-B@'));
    const patch = await fetchAs(operator, '/api/v1/downtimes/DT-B', { method: 'PATCH', body: JSON.stringify({ description: 'Moved; new plan' }), headers: { 'content-type': 'application/json' } });
    expect(patch.status).toBe(200);
    const after = calendarEvents((await text('/api/v1/downtimes.ics?site=SITE-B')).body).find((e) => e.uid.startsWith('downtime-DT-B@'));
    expect(after?.description?.startsWith('Moved; new plan\n\n')).toBe(true);
    expect(after?.sequence).toBe((before?.sequence ?? 0) + 1);
    await post(operator, '/api/v1/downtimes', { id: 'DT-GONE', services: ['3G0'], severity: 'OUTAGE', start: iso(NOW + 5 * DAY), end: iso(NOW + 6 * DAY), description: 'to cancel' });
    expect((await text('/api/v1/downtimes.ics')).body).toContain('downtime-DT-GONE@');
    expect((await fetchAs(operator, '/api/v1/downtimes/DT-GONE', { method: 'DELETE' })).status).toBe(204);
    expect((await text('/api/v1/downtimes.ics')).body).not.toContain('downtime-DT-GONE@');
    expect((await text('/api/v1/downtimes.rss')).body).not.toContain('DT-GONE');
  });
});
