import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDowntimes } from './downtime.parser';
import { MalformedXmlError } from './pi-xml';
import { parseServiceGroups } from './service-group.parser';
import { parseServices } from './service.parser';
import { parseSites } from './site.parser';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../test/fixtures/gocdb', name), 'utf8');
const results = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<results>${body}</results>`;
const site = (fields: string) =>
  results(`<SITE PRIMARY_KEY="7G0"><PRIMARY_KEY>7G0</PRIMARY_KEY><SHORT_NAME>EXAMPLE-SITE</SHORT_NAME><ROC>NGI_XX</ROC>
    <PRODUCTION_INFRASTRUCTURE>Production</PRODUCTION_INFRASTRUCTURE>${fields}</SITE>`);

describe('GOCDB PI parsing', () => {
  it('reads every site of the fixture with its ROC, domain, scopes and contacts', () => {
    const { records, skipped } = parseSites(fixture('sites.xml'), 'sites.xml');
    expect(skipped).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(20);
    expect(new Set(records.map((s) => s.ngi))).toEqual(new Set(['NGI_DE', 'NGI_IT', 'NGI_FRANCE', 'NGI_UK', 'NGI_NL', 'NGI_IBERGRID']));
    expect(records.find((s) => s.shortName === 'FZK-LCG2')).toEqual({
      primaryKey: '101G0',
      shortName: 'FZK-LCG2',
      officialName: 'Karlsruhe Institute of Technology',
      ngi: 'NGI_DE',
      country: 'Germany',
      timezone: 'Europe/Berlin',
      domain: 'gridka.de',
      certificationStatus: 'Certified',
      productionInfrastructure: 'Production',
      scopes: ['EGI', 'wlcg'],
      contacts: [
        { role: 'site', email: 'grid-admin@gridka.de', name: null },
        { role: 'security', email: 'security@gridka.de', name: null },
        { role: 'alarm', email: 'grid-alarm@gridka.de', name: null },
      ],
    });
  });

  it('takes the certification status exactly as GOCDB gives it', () => {
    const statuses = parseSites(fixture('sites.xml'), 'sites.xml').records.map((s) => s.certificationStatus);
    expect(new Set(statuses)).toEqual(new Set(['Certified', 'Suspended', 'Candidate', 'Uncertified', 'Closed']));
  });

  it('reads service endpoints with their flags, URL, scopes and endpoints', () => {
    const { records, skipped } = parseServices(fixture('services.xml'), 'services.xml');
    expect(skipped).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(100);
    expect(records[0]).toEqual({
      primaryKey: '1001G0',
      hostname: 'site-bdii.gridka.de',
      serviceType: 'Site-BDII',
      site: 'FZK-LCG2',
      production: true,
      monitored: true,
      beta: false,
      notify: true,
      url: 'ldap://site-bdii.gridka.de:2170/mds-vo-name=FZK-LCG2,o=grid',
      scopes: ['EGI', 'wlcg'],
      endpoints: [{ id: '5001', name: 'site-bdii-main', url: 'ldap://site-bdii.gridka.de:2170/mds-vo-name=FZK-LCG2,o=grid', interfaceName: 'Site-BDII', monitored: true }],
    });
  });

  it("defaults what GOCDB leaves out: no URL, beta off, notifications on, an endpoint's interface from its service type", () => {
    const xml = results(`<SERVICE_ENDPOINT PRIMARY_KEY="1G0"><PRIMARY_KEY>1G0</PRIMARY_KEY><HOSTNAME>ce01.example.org</HOSTNAME>
      <SERVICE_TYPE>ARC-CE</SERVICE_TYPE><IN_PRODUCTION>N</IN_PRODUCTION><NODE_MONITORED>N</NODE_MONITORED><SITENAME>EXAMPLE-SITE</SITENAME><URL/>
      <ENDPOINTS><ENDPOINT><ID>3</ID><NAME>main</NAME><URL>https://ce01.example.org</URL></ENDPOINT></ENDPOINTS><SCOPES/></SERVICE_ENDPOINT>`);
    expect(parseServices(xml, 'x.xml').records[0]).toMatchObject({
      url: null,
      beta: false,
      notify: true,
      scopes: [],
      endpoints: [{ id: '3', name: 'main', url: 'https://ce01.example.org', interfaceName: 'ARC-CE', monitored: true }],
    });
  });

  it('ignores elements it does not know', () => {
    const { records } = parseSites(site('<CERTIFICATION_STATUS>Certified</CERTIFICATION_STATUS><FUTURE_FIELD><X>1</X></FUTURE_FIELD>'), 'x.xml');
    expect(records.map((s) => s.shortName)).toEqual(['EXAMPLE-SITE']);
  });

  it('skips a record with an unknown certification status, naming its primary key and the field', () => {
    const { records, skipped } = parseSites(site('<CERTIFICATION_STATUS>Approved</CERTIFICATION_STATUS>'), 'x.xml');
    expect(records).toEqual([]);
    expect(skipped).toEqual([
      { kind: 'site', key: '7G0', name: 'EXAMPLE-SITE', code: 'INVALID_RECORD', reason: expect.stringContaining("CERTIFICATION_STATUS must be one of Candidate, Uncertified, Certified, Suspended, Closed, not 'Approved'") },
    ]);
  });

  it('skips a service whose production flag is neither Y nor N, keeping the others', () => {
    const { records, skipped } = parseServices(fixture('broken-services.xml'), 'broken-services.xml');
    expect(records.map((s) => s.primaryKey)).toEqual(['8001G0', '8003G0', '8004G0']);
    expect(skipped).toEqual([{ kind: 'service', key: '8002G0', name: 'webdav02.desy.de webdav', code: 'INVALID_RECORD', reason: "IN_PRODUCTION must be Y or N, not 'maybe'" }]);
  });

  it('names a record without a primary key by its position', () => {
    const { skipped } = parseServiceGroups(results('<SERVICE_GROUP><NAME>G</NAME></SERVICE_GROUP>'), 'x.xml');
    expect(skipped).toEqual([{ kind: 'serviceGroup', key: 'SERVICE_GROUP#1', name: 'G', code: 'INVALID_RECORD', reason: 'PRIMARY_KEY is required' }]);
  });

  it('refuses malformed XML with an error naming the file and the line', () => {
    expect(() => parseSites(fixture('broken-sites.xml'), 'broken-sites.xml')).toThrow(MalformedXmlError);
    expect(() => parseSites(fixture('broken-sites.xml'), 'broken-sites.xml')).toThrow(/^broken-sites\.xml: .*line 10/);
  });

  it('refuses a document that is not a PI <results> document, or is empty', () => {
    expect(() => parseSites('<html><body>Service unavailable</body></html>', 'page.html')).toThrow('page.html: expected a GOCDB PI <results> document, found <html>');
    expect(() => parseSites('  ', 'empty.xml')).toThrow('empty.xml: the document is empty');
  });

  it('reads a service group with its member services', () => {
    const groups = parseServiceGroups(fixture('service-groups.xml'), 'service-groups.xml').records;
    const tier1 = groups.find((g) => g.name === 'WLCG-TIER1-STORAGE')!;
    expect(tier1).toMatchObject({ primaryKey: '9001G0', monitored: true, description: 'Tier-1 storage endpoints of the WLCG sites of EGI' });
    expect(tier1.services.length).toBeGreaterThan(5);
    expect(tier1.services[0]).toEqual({ primaryKey: expect.stringMatching(/G0$/), hostname: expect.any(String), serviceType: 'SRM' });
    expect(groups.find((g) => g.name === 'BIOMED-COMPUTE')?.monitored).toBe(false);
  });

  it('merges the repeats of a downtime (one element per affected service) into one downtime', () => {
    const { records, skipped } = parseDowntimes(fixture('downtimes.xml'), 'downtimes.xml');
    expect(skipped).toEqual([]);
    expect(records.find((d) => d.primaryKey === '30001G0')).toEqual({
      primaryKey: '30001G0',
      hostedBy: 'FZK-LCG2',
      services: [
        { primaryKey: null, hostname: 'srm.gridka.de', serviceType: 'SRM' },
        { primaryKey: null, hostname: 'webdav.gridka.de', serviceType: 'webdav' },
      ],
      endpoints: ['5007', '5008'],
      severity: 'OUTAGE',
      classification: 'SCHEDULED',
      start: 1741071600,
      end: 1741107600,
      description: 'dCache upgrade to 9.2 on the disk pools',
    });
    expect(new Set(records.map((d) => `${d.severity}/${d.classification}`))).toEqual(new Set(['OUTAGE/SCHEDULED', 'OUTAGE/UNSCHEDULED', 'WARNING/SCHEDULED', 'WARNING/UNSCHEDULED']));
  });

  it('reads the nested form, services named by primary key', () => {
    const xml = results(`<DOWNTIME ID="5" PRIMARY_KEY="5G0" CLASSIFICATION="UNSCHEDULED"><PRIMARY_KEY>5G0</PRIMARY_KEY><SEVERITY>WARNING</SEVERITY>
      <DESCRIPTION>at risk</DESCRIPTION><START_DATE>1000</START_DATE><END_DATE>2000</END_DATE>
      <SERVICES><SERVICE><PRIMARY_KEY>1G0</PRIMARY_KEY><HOSTNAME>a.example.org</HOSTNAME><SERVICE_TYPE>SRM</SERVICE_TYPE><HOSTED_BY>S</HOSTED_BY>
      <AFFECTED_ENDPOINTS><ENDPOINT><ID>9</ID></ENDPOINT></AFFECTED_ENDPOINTS></SERVICE></SERVICES></DOWNTIME>`);
    expect(parseDowntimes(xml, 'x.xml').records).toEqual([
      { primaryKey: '5G0', hostedBy: 'S', services: [{ primaryKey: '1G0', hostname: 'a.example.org', serviceType: 'SRM' }], endpoints: ['9'], severity: 'WARNING', classification: 'UNSCHEDULED', start: 1000, end: 2000, description: 'at risk' },
    ]);
  });

  it('skips a whole downtime when one of its repeats is broken', () => {
    const repeat = (host: string, start: string) =>
      `<DOWNTIME PRIMARY_KEY="6G0" CLASSIFICATION="SCHEDULED"><PRIMARY_KEY>6G0</PRIMARY_KEY><HOSTNAME>${host}</HOSTNAME><SERVICE_TYPE>SRM</SERVICE_TYPE>
       <SEVERITY>OUTAGE</SEVERITY><START_DATE>${start}</START_DATE><END_DATE>5000</END_DATE></DOWNTIME>`;
    const { records, skipped } = parseDowntimes(results(repeat('a.example.org', '1000') + repeat('b.example.org', 'soon')), 'x.xml');
    expect(records).toEqual([]);
    expect(skipped).toMatchObject([{ kind: 'downtime', key: '6G0', code: 'INVALID_RECORD', reason: "START_DATE must be Unix seconds, not 'soon'" }]);
  });

  it("gives the next page's link of a paginated answer", () => {
    const xml = results('<meta><count>1</count><link rel="self" href="https://pi/?method=get_site"/><link rel="next" href="https://pi/?method=get_site&amp;page=2"/></meta>');
    expect(parseSites(xml, 'x.xml').next).toBe('https://pi/?method=get_site&page=2');
  });
});
