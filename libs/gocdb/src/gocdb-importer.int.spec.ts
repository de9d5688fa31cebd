import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { JetStreamEventStore, type EventStore } from '@vigil/event-store';
import { importGocdb } from './gocdb-importer';
import { fetchPi, type DocumentKind, type PiText } from './gocdb-source';
import { jetStreamLister, streamOf, type StreamLister } from './gocdb-streams';

const fixtureDir = path.join(__dirname, '../../../test/fixtures/gocdb');
const fixture = (name: string) => readFileSync(path.join(fixtureDir, name), 'utf8');
const FILES: Record<DocumentKind, string> = { sites: 'sites.xml', services: 'services.xml', serviceGroups: 'service-groups.xml', downtimes: 'downtimes.xml' };
const documents = (xml: Partial<Record<DocumentKind, string>> = {}): PiText[] =>
  (Object.keys(FILES) as DocumentKind[]).map((kind) => ({ kind, source: FILES[kind], xml: xml[kind] ?? fixture(FILES[kind]) }));
const newTenant = () => `gocdb-${randomUUID().slice(0, 8)}`;

let nc: NatsConnection;
let store: EventStore;
let lister: StreamLister;
beforeAll(async () => {
  nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  store = await JetStreamEventStore.open(nc);
  lister = jetStreamLister(nc);
});
afterAll(async () => {
  await nc?.close();
});

const types = async (tenant: string, kind: Parameters<typeof streamOf>[1], key: string) => (await store.readStream(streamOf(tenant, kind, key))).map((e) => e.type);

describe('importing GOCDB into the JetStream event store', () => {
  const tenant = newTenant();

  it('appends every record on the first import', async () => {
    const summary = await importGocdb(documents(), { store, lister, tenant });
    expect(summary.skipped).toEqual([]);
    expect(summary.records).toEqual({
      ngi: { changed: 6, unchanged: 0, skipped: 0 },
      site: { changed: 23, unchanged: 0, skipped: 0 },
      service: { changed: 216, unchanged: 0, skipped: 0 },
      serviceGroup: { changed: 5, unchanged: 0, skipped: 0 },
      downtime: { changed: 16, unchanged: 0, skipped: 0 },
    });
    expect(summary.appended).toBe(Object.values(summary.events).reduce((a, b) => a + b));
    expect(await types(tenant, 'ngi', 'NGI_IBERGRID')).toEqual(['NgiRegistered']);
    expect(await types(tenant, 'site', 'FZK-LCG2')).toEqual(['SiteRegistered']);
    expect(await types(tenant, 'service', '1008G0')).toEqual(['ServiceRegistered', 'EndpointAdded', 'EndpointAdded']);
    expect(await types(tenant, 'serviceGroup', 'WLCG-TIER1-STORAGE')).toEqual(['ServiceGroupRegistered']);
    expect(await types(tenant, 'downtime', '30001G0')).toEqual(['DowntimeDeclared']);
  });

  it('appends nothing when the same files are imported again', async () => {
    const summary = await importGocdb(documents(), { store, lister, tenant });
    expect(summary).toMatchObject({ appended: 0, changed: 0, unchanged: 23 + 216 + 5 + 16, skipped: [] });
    expect(await types(tenant, 'site', 'FZK-LCG2')).toEqual(['SiteRegistered']);
  });

  it('appends only the change of a changed file', async () => {
    const services = fixture('services.xml').replace(
      /(<PRIMARY_KEY>1002G0<\/PRIMARY_KEY>[\s\S]*?<NOTIFICATIONS>)Y/,
      '$1N',
    );
    const summary = await importGocdb(documents({ services }), { store, lister, tenant });
    expect(summary).toMatchObject({ appended: 1, events: { ServiceUpdated: 1 }, changed: 1, skipped: [] });
    const events = await store.readStream(streamOf(tenant, 'service', '1002G0'));
    expect(events.map((e) => [e.type, (e.data as { notify?: boolean }).notify])).toEqual([
      ['ServiceRegistered', true],
      ['EndpointAdded', undefined],
      ['ServiceUpdated', false],
    ]);
  });
});

describe('importing broken GOCDB data', () => {
  it('skips broken records and malformed files with their keys and reasons, importing the rest', async () => {
    const tenant = newTenant();
    await importGocdb(documents(), { store, lister, tenant });
    const summary = await importGocdb(
      [
        { kind: 'sites', source: 'broken-sites.xml', xml: fixture('broken-sites.xml') },
        { kind: 'services', source: 'broken-services.xml', xml: fixture('broken-services.xml') },
      ],
      { store, lister, tenant },
    );
    expect(summary.skipped).toEqual([
      { kind: 'file', key: 'broken-sites.xml', code: 'MALFORMED_XML', reason: expect.stringMatching(/^broken-sites\.xml: Expected closing tag 'PRODUCTION_INFRASTRUCTURE'/) },
      { kind: 'service', key: '8002G0', name: 'webdav02.desy.de webdav', code: 'INVALID_RECORD', reason: "IN_PRODUCTION must be Y or N, not 'maybe'" },
      { kind: 'service', key: '8001G0', name: 'arc-ce09.gridka.de ARC-CE', code: 'PRODUCTION_SERVICE_NOT_MONITORED', reason: 'a production ARC-CE service must be monitored' },
      { kind: 'service', key: '8003G0', name: 'voms.example-unknown.org VOMS', code: 'UNKNOWN_SITE', reason: 'no site named NO-SUCH-SITE' },
    ]);
    expect(summary.records.service).toEqual({ changed: 1, unchanged: 0, skipped: 3 });
    expect(await types(tenant, 'service', '8004G0')).toEqual(['ServiceRegistered', 'EndpointAdded']);
    expect(await types(tenant, 'service', '8001G0')).toEqual([]);
    expect(await types(tenant, 'site', 'BROKEN-SITE')).toEqual([]);
  });

  it('reports a record whose stream another writer changed meanwhile, and overwrites nothing', async () => {
    const tenant = newTenant();
    await importGocdb(documents(), { store, lister, tenant });
    const sites = fixture('sites.xml').replace('<TIMEZONE>Europe/Berlin</TIMEZONE>', '<TIMEZONE>UTC</TIMEZONE>');
    // Another writer lands on FZK-LCG2 between the import's read and its append.
    const racing: EventStore = Object.create(store, {
      append: {
        value: async (...args: Parameters<EventStore['append']>) => {
          if (args[0].id === 'FZK-LCG2') await store.append(args[0], [{ type: 'SiteRemoved', data: { shortName: 'FZK-LCG2' } }], 'any');
          return store.append(...args);
        },
      },
    });
    const summary = await importGocdb(documents({ sites }), { store: racing, lister, tenant });
    expect(summary.skipped).toEqual([{ kind: 'site', key: '101G0', name: 'FZK-LCG2', code: 'CONCURRENCY_CONFLICT', reason: expect.stringContaining('not appended') }]);
    expect(summary.appended).toBe(0);
    expect(await types(tenant, 'site', 'FZK-LCG2')).toEqual(['SiteRegistered', 'SiteRemoved']);
  });
});

describe('importing from a GOCDB PI URL', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // The PI answers get_site in two pages linked by <meta><link rel="next">.
    const sites = fixture('sites.xml');
    const cut = sites.indexOf('<SITE ', sites.indexOf('</SITE>'));
    const pages: Record<string, string> = {
      get_site: `${sites.slice(0, cut)}<meta><link rel="next" href="?method=get_site&amp;page=2"/></meta></results>`,
      'get_site/2': `<results>${sites.slice(cut)}`,
      get_service_endpoint: fixture('services.xml'),
      get_service_group: fixture('service-groups.xml'),
      get_downtime: fixture('downtimes.xml'),
    };
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://pi');
      const page = url.searchParams.get('page');
      const body = url.pathname === '/gocdbpi/public/' ? pages[`${url.searchParams.get('method')}${page ? `/${page}` : ''}`] : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/xml' }).end(body ?? '<error/>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gocdbpi/public/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches every method, follows the next page and imports it all', async () => {
    const docs = await fetchPi(base);
    expect(docs.map((d) => d.source.replace(base, ''))).toEqual(['?method=get_site', '?method=get_site&page=2', '?method=get_service_endpoint', '?method=get_service_group', '?method=get_downtime']);
    const summary = await importGocdb(docs, { store, lister, tenant: newTenant() });
    expect(summary.skipped).toEqual([]);
    expect(summary.records.site.changed).toBe(23);
    expect(summary.records.downtime.changed).toBe(16);
  });

  it('reports a method the PI fails to answer', async () => {
    const docs = await fetchPi(`http://127.0.0.1:${(server.address() as AddressInfo).port}/nowhere?method=x`, ['sites']);
    expect(docs).toEqual([{ kind: 'sites', source: expect.stringContaining('method=get_site'), error: 'HTTP 404 Not Found' }]);
  });
});
