import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTopologyView, emptyTopologyView, type TopologyEvent } from '@vigil/domain';
import { expectSchemaRoundTrip } from '../../domain/src/shared/decider-spec';
import type { DocumentKind } from './gocdb-source';
import { parseDocuments } from './gocdb-importer';
import { planImport, type GocdbInput, type ImportPlan } from './import-plan';
import { emptyStreams, FOLDS, type TenantState } from './tenant-state';

const fixtureDir = path.join(__dirname, '../../../test/fixtures/gocdb');
const fixture = (name: string) => readFileSync(path.join(fixtureDir, name), 'utf8');
const FILES: Record<DocumentKind, string> = { sites: 'sites.xml', services: 'services.xml', serviceGroups: 'service-groups.xml', downtimes: 'downtimes.xml' };
const inputOf = (xml: Partial<Record<DocumentKind, string>> = {}): GocdbInput =>
  parseDocuments((Object.keys(FILES) as DocumentKind[]).map((kind) => ({ kind, source: FILES[kind], xml: xml[kind] ?? fixture(FILES[kind]) }))).input;

const now = Date.UTC(2026, 0, 15, 12);
const empty = (): TenantState => ({ view: emptyTopologyView(), streams: emptyStreams() });

/** The tenant's state once a plan's appends are in the store (what the next import reads back). */
function stateAfter(plan: ImportPlan, before: TenantState): TenantState {
  const streams = emptyStreams();
  for (const kind of Object.keys(before.streams) as (keyof TenantState['streams'])[]) for (const [k, v] of before.streams[kind]) streams[kind].set(k, v as never);
  const topology: TopologyEvent[] = [];
  for (const a of plan.appends) {
    const current = streams[a.kind].get(a.key) ?? { state: FOLDS[a.kind].initial(), revision: null };
    const state = a.events.reduce((s, e) => FOLDS[a.kind].evolve(s as never, e as never), current.state);
    streams[a.kind].set(a.key, { state, revision: (current.revision ?? -1) + a.events.length } as never);
    if (a.kind !== 'downtime') topology.push(...(a.events as TopologyEvent[]));
  }
  return { view: buildTopologyView(topology, before.view), streams };
}

const eventTypes = (plan: ImportPlan) => plan.appends.flatMap((a) => a.events.map((e) => e.type));
const count = (types: string[]) => types.reduce<Record<string, number>>((c, t) => ({ ...c, [t]: (c[t] ?? 0) + 1 }), {});

describe('planning a GOCDB import', () => {
  const first = planImport(inputOf(), empty(), now);
  const imported = stateAfter(first, empty());

  it('registers every NGI, site, service, group and downtime of the fixtures, nothing skipped', () => {
    expect(first.skipped).toEqual([]);
    const c = count(eventTypes(first));
    expect(c).toMatchObject({ NgiRegistered: 6, SiteRegistered: 23, ServiceRegistered: 216, ServiceGroupRegistered: 5, DowntimeDeclared: 16 });
    expect(first.appends.every((a) => a.expectedRevision === null)).toBe(true);
    expect(first.appends.slice(0, 2).map((a) => a.kind)).toEqual(['ngi', 'site']);
  });

  it('emits events that survive their Avro schemas', () => {
    expectSchemaRoundTrip(first.appends.flatMap((a) => a.events));
  });

  it("takes a site's certification status as is on first import, even where a new site would start as Candidate", () => {
    const goegrid = first.appends.find((a) => a.kind === 'site' && a.key === 'GoeGrid')!;
    expect(goegrid.events).toEqual([{ type: 'SiteRegistered', data: expect.objectContaining({ certificationStatus: 'Suspended' }) }]);
  });

  it('records past downtimes with the classification GOCDB gave them, times in epoch ms', () => {
    const d = first.appends.find((a) => a.kind === 'downtime' && a.key === '30001G0')!;
    expect(d.events).toEqual([
      {
        type: 'DowntimeDeclared',
        data: { id: '30001G0', site: 'FZK-LCG2', services: ['1007G0', '1008G0'], endpoints: ['5007', '5008'], severity: 'OUTAGE', classification: 'SCHEDULED', start: 1741071600000, end: 1741107600000, description: 'dCache upgrade to 9.2 on the disk pools' },
      },
    ]);
  });

  it('plans nothing when the tenant already holds the same facts', () => {
    const again = planImport(inputOf(), imported, now);
    expect(again.appends).toEqual([]);
    expect(again.skipped).toEqual([]);
    expect(again.unchanged).toHaveLength(23 + 216 + 5 + 16);
  });

  it('plans only the differences, each against the revision read', () => {
    const sites = fixture('sites.xml').replace('<OFFICIAL_NAME>Karlsruhe Institute of Technology</OFFICIAL_NAME>', '<OFFICIAL_NAME>KIT GridKa</OFFICIAL_NAME>');
    const services = fixture('services.xml').replace(
      /(<PRIMARY_KEY>1001G0<\/PRIMARY_KEY>[\s\S]*?<ENDPOINTS>)[\s\S]*?(<\/ENDPOINTS>)/,
      '$1<ENDPOINT><ID>7777</ID><NAME>bdii-new</NAME><URL>ldap://site-bdii.gridka.de:2170</URL></ENDPOINT>$2',
    );
    const plan = planImport(inputOf({ sites, services }), imported, now);
    expect(plan.skipped).toEqual([]);
    expect(plan.appends.map((a) => [a.kind, a.key, a.expectedRevision, a.events.map((e) => e.type)])).toEqual([
      ['site', 'FZK-LCG2', 0, ['SiteUpdated']],
      ['service', '1001G0', 1, ['EndpointRemoved', 'EndpointAdded']],
    ]);
    expect(plan.appends[0].events[0].data).toMatchObject({ shortName: 'FZK-LCG2', officialName: 'KIT GridKa' });
  });

  it('changes a certification status under the transition rules, skipping a forbidden one with its key and reason', () => {
    const sites = fixture('sites.xml')
      .replace(/(<SHORT_NAME>GoeGrid<\/SHORT_NAME>[\s\S]*?<CERTIFICATION_STATUS>)Suspended/, '$1Certified')
      .replace(/(<SHORT_NAME>DESY-HH<\/SHORT_NAME>[\s\S]*?<CERTIFICATION_STATUS>)Certified/, '$1Suspended');
    const plan = planImport(inputOf({ sites }), imported, now);
    expect(plan.skipped).toEqual([
      { kind: 'site', key: '103G0', name: 'GoeGrid', code: 'CERTIFICATION_TRANSITION_FORBIDDEN', reason: 'a site cannot go from Suspended to Certified' },
    ]);
    expect(plan.appends.map((a) => a.events)).toEqual([
      [{ type: 'SiteCertificationChanged', data: { shortName: 'DESY-HH', from: 'Certified', to: 'Suspended', reason: 'certification status imported from GOCDB' } }],
    ]);
  });

  it('skips a production service that is not monitored, importing the rest', () => {
    const plan = planImport({ ...inputOf(), services: parseDocuments([{ kind: 'services', source: 'b.xml', xml: fixture('broken-services.xml') }]).input.services }, imported, now);
    expect(plan.skipped).toEqual([
      { kind: 'service', key: '8001G0', name: 'arc-ce09.gridka.de ARC-CE', code: 'PRODUCTION_SERVICE_NOT_MONITORED', reason: 'a production ARC-CE service must be monitored' },
      { kind: 'service', key: '8003G0', name: 'voms.example-unknown.org VOMS', code: 'UNKNOWN_SITE', reason: 'no site named NO-SUCH-SITE' },
    ]);
    expect(plan.appends.map((a) => [a.key, a.events.map((e) => e.type)])).toEqual([['8004G0', ['ServiceRegistered', 'EndpointAdded']]]);
  });

  it('lets a production squid go unmonitored (an exempt service type)', () => {
    const squid = first.appends.find((a) => a.key === '1016G0')!;
    expect(squid.events[0].data).toMatchObject({ serviceType: 'org.squid-cache.Squid', production: true, monitored: false });
  });

  it('follows a service group: members that left are removed, new ones added', () => {
    const groups = fixture('service-groups.xml').replace(/<SERVICE_ENDPOINT PRIMARY_KEY="1007G0">[\s\S]*?<\/SERVICE_ENDPOINT>/, '');
    const plan = planImport(inputOf({ serviceGroups: groups }), imported, now);
    expect(plan.appends.map((a) => a.events)).toEqual([[{ type: 'ServiceGroupMemberRemoved', data: { name: 'WLCG-TIER1-STORAGE', service: '1007G0' } }]]);
  });

  it("updates a downtime GOCDB changed, with GOCDB's values", () => {
    const downtimes = fixture('downtimes.xml').replaceAll('<DESCRIPTION>Cooling failure in the data centre</DESCRIPTION>', '<DESCRIPTION>Cooling failure, chiller replaced</DESCRIPTION>');
    const plan = planImport(inputOf({ downtimes }), imported, now);
    expect(plan.appends.map((a) => [a.key, a.expectedRevision, a.events[0].type, (a.events[0].data as { description: string }).description])).toEqual([
      ['30002G0', 0, 'DowntimeUpdated', 'Cooling failure, chiller replaced'],
    ]);
  });

  it('skips a downtime of a service the registry does not know', () => {
    const downtimes = fixture('downtimes.xml').replace('<HOSTNAME>srm.gridka.de</HOSTNAME>', '<HOSTNAME>srm-gone.gridka.de</HOSTNAME>');
    const plan = planImport(inputOf({ downtimes }), imported, now);
    expect(plan.skipped).toEqual([{ kind: 'downtime', key: '30001G0', name: 'FZK-LCG2', code: 'UNKNOWN_SERVICE', reason: 'no service srm-gone.gridka.de SRM', }]);
    expect(plan.appends).toEqual([]);
  });

  it('imports a record given twice once, reporting the repeat', () => {
    const input = inputOf();
    const plan = planImport({ ...input, sites: [...input.sites, { ...input.sites[0], officialName: 'other' }] }, empty(), now);
    expect(plan.skipped).toEqual([{ kind: 'site', key: '101G0', name: 'FZK-LCG2', code: 'DUPLICATE_RECORD', reason: '101G0 appears more than once; only the first is imported' }]);
  });

  it('never changes the state it plans against', () => {
    const before = imported.streams.site.get('DESY-HH');
    planImport(inputOf({ sites: fixture('sites.xml').replace('Deutsches Elektronen-Synchrotron Hamburg', 'DESY') }), imported, now);
    expect(imported.streams.site.get('DESY-HH')).toBe(before);
  });
});
