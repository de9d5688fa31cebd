import { describe, expect, it } from 'vitest';
import { catalog, type NewEvent } from '@vigil/events';
import { SCHEMA_HEADER } from '@vigil/event-store';
import { ident, sql } from '@vigil/read-models';
import { randomRun, useEventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { hostProjector, type HostedProjector } from '../projector-host';
import { topologyProjection, topologySink } from './topology.projection';
import { hostTopologyProjector } from './topology-projector';

const tenant = `t${randomRun()}`;
const MARCH_1 = Date.parse('2024-03-01T00:00:00Z');
const MARCH_10 = Date.parse('2024-03-10T00:00:00Z');

const bed = useEventStoreBed('topology');
/** The projectors started, latest last (the bed stops them all). */
const running: HostedProjector[] = [];

/** The platform's projector: a restart resumes from the topology events of the log up to its checkpoint. */
async function start(): Promise<HostedProjector> {
  const projector = await hostTopologyProjector(bed.nc, { clickhouse: bed.clickhouse, schemas: catalog(), stream: bed.stream, prefix: bed.prefix, onError: (err) => console.error(err) });
  running.push(bed.started(projector));
  return projector;
}

/** A new version of the projection: a fresh durable from the start of the log. */
function startVersion(version: number): HostedProjector {
  const source = { stream: bed.stream, filterSubject: `${bed.prefix}.>`, schemaHeader: SCHEMA_HEADER, database: bed.database };
  const projector = hostProjector(bed.nc, catalog(), source, { ...topologyProjection(), version }, topologySink(bed.clickhouse), (err) => console.error(err));
  running.push(bed.started(projector));
  return projector;
}

async function projected(projector: HostedProjector, count: number): Promise<void> {
  for (let i = 0; i < 300 && projector.stats.events < count; i++) await new Promise((r) => setTimeout(r, 50));
  expect(projector.stats.events).toBe(count);
}

const at = (occurredAt: number, e: { type: string; data: unknown }): NewEvent => ({ ...e, occurredAt });
const append = (category: string, streamId: string, ...list: NewEvent[]) => bed.store.append({ tenant, category, id: streamId }, list, 'any');

interface Endpoint { endpoint_group: string; supergroup: string; service: string; hostname: string; monitored: number; tags: string }

// Current (or as-of) endpoints, deduplicated the way docs/sql.md tells analysts to.
const endpointsAsOf = (time = '2100-01-01 00:00:00') => bed.clickhouse.query<Endpoint>(sql`
  SELECT endpoint_group, supergroup, service, hostname, monitored, tags FROM (
    SELECT endpoint_group, service, hostname,
      argMax(supergroup, (valid_from, position)) AS supergroup, argMax(monitored, (valid_from, position)) AS monitored,
      argMax(tags, (valid_from, position)) AS tags, argMax(removed, (valid_from, position)) AS gone
    FROM topology_endpoints WHERE tenant = ${tenant} AND valid_from <= toDateTime(${time}, 'UTC')
    GROUP BY endpoint_group, service, hostname
  ) WHERE gone = 0 ORDER BY hostname`);

const groupsNow = () => bed.clickhouse.query<{ endpoint_group: string; group_type: string; supergroup: string; tags: string }>(sql`
  SELECT endpoint_group, group_type, supergroup, tags FROM (
    SELECT endpoint_group, group_type, argMax(supergroup, (valid_from, position)) AS supergroup,
      argMax(tags, (valid_from, position)) AS tags, argMax(removed, (valid_from, position)) AS gone
    FROM topology_groups WHERE tenant = ${tenant} GROUP BY endpoint_group, group_type
  ) WHERE gone = 0 ORDER BY endpoint_group`);

const endpointRows = async () =>
  (await bed.clickhouse.query<Record<string, unknown>>(sql`SELECT * FROM topology_endpoints FINAL WHERE tenant = ${tenant} ORDER BY valid_from, position, endpoint_group`)).map((r) => JSON.stringify(r));

const finalCount = async (table: string) =>
  (await bed.clickhouse.query<{ n: string }>(sql`SELECT count() AS n FROM ${ident(table)} FINAL WHERE tenant = ${tenant}`))[0].n;

describe('topology projection', { timeout: 60_000 }, () => {
  it('turns registered sites and services into endpoint groups and endpoints under their NGI', async () => {
    const projector = await start();
    await append('site', 'SITE-A', at(MARCH_1, siteRegistered({ shortName: 'SITE-A', ngi: 'NGI_XX', scopes: ['EGI', 'wlcg'] })));
    await append('site', 'SITE-B', at(MARCH_1, siteRegistered({ shortName: 'SITE-B', ngi: 'NGI_XX', certificationStatus: 'Candidate' })));
    await append('service', '1G0', at(MARCH_1, serviceRegistered({ id: '1G0', site: 'SITE-A', hostname: 'ce.a.org', serviceType: 'CREAM-CE' })));
    await append('service', '3G0', at(MARCH_1, serviceRegistered({ id: '3G0', site: 'SITE-B', hostname: 'se.b.org', serviceType: 'SRM', monitored: false, production: false })));
    await projected(projector, 4);

    expect(await groupsNow()).toEqual([
      { endpoint_group: 'SITE-A', group_type: 'SITES', supergroup: 'NGI_XX', tags: '{"certification":"Certified","infrastructure":"Production","scope":"EGI, wlcg"}' },
      { endpoint_group: 'SITE-B', group_type: 'SITES', supergroup: 'NGI_XX', tags: '{"certification":"Candidate","infrastructure":"Production","scope":"EGI"}' },
    ]);
    expect(await endpointsAsOf()).toEqual([
      { endpoint_group: 'SITE-A', supergroup: 'NGI_XX', service: 'CREAM-CE', hostname: 'ce.a.org', monitored: 1, tags: '{"info_ID":"1G0","monitored":"1","production":"1","scope":"EGI"}' },
      { endpoint_group: 'SITE-B', supergroup: 'NGI_XX', service: 'SRM', hostname: 'se.b.org', monitored: 0, tags: '{"info_ID":"3G0","monitored":"0","production":"0","scope":"EGI"}' },
    ]);
    projector.subscription.unsubscribe();
  });

  it('after a restart, a site moving NGI moves its endpoints and a moved service leaves its old site, with history kept', async () => {
    const projector = await start(); // same durable: resumes after the first four events, state folded from the log
    const { certificationStatus: _, ...siteA } = siteRegistered({ shortName: 'SITE-A', ngi: 'NGI_YY', scopes: ['EGI', 'wlcg'] }).data;
    await append('site', 'SITE-A', at(MARCH_10, { type: 'SiteUpdated', data: siteA }));
    await append('service', '3G0', at(MARCH_10, { ...serviceRegistered({ id: '3G0', site: 'SITE-A', hostname: 'se.b.org', serviceType: 'SRM' }), type: 'ServiceUpdated' }));
    await append('site', 'SITE-B', at(MARCH_10, { type: 'SiteCertificationChanged', data: { shortName: 'SITE-B', from: 'Candidate', to: 'Certified', reason: 'passed' } }));
    await projected(projector, 3);

    const now = await endpointsAsOf();
    expect(now.map((e) => [e.endpoint_group, e.supergroup, e.hostname])).toEqual([
      ['SITE-A', 'NGI_YY', 'ce.a.org'],
      ['SITE-A', 'NGI_YY', 'se.b.org'],
    ]);
    const before = await endpointsAsOf('2024-03-05 00:00:00');
    expect(before.map((e) => [e.endpoint_group, e.supergroup, e.hostname])).toEqual([
      ['SITE-A', 'NGI_XX', 'ce.a.org'],
      ['SITE-B', 'NGI_XX', 'se.b.org'],
    ]);
    expect((await groupsNow()).map((g) => [g.endpoint_group, g.supergroup, JSON.parse(g.tags).certification])).toEqual([
      ['SITE-A', 'NGI_YY', 'Certified'],
      ['SITE-B', 'NGI_XX', 'Certified'],
    ]);
  });

  it('a removed service and site disappear from the current topology', async () => {
    const projector = running[running.length - 1];
    await append('service', '1G0', at(MARCH_10 + 60_000, { type: 'ServiceRemoved', data: { id: '1G0' } }));
    await append('site', 'SITE-B', at(MARCH_10 + 60_000, { type: 'SiteRemoved', data: { shortName: 'SITE-B' } }));
    await projected(projector, 5);

    expect((await endpointsAsOf()).map((e) => e.hostname)).toEqual(['se.b.org']);
    expect((await groupsNow()).map((g) => g.endpoint_group)).toEqual(['SITE-A']);
  });

  it('replaying the whole log again adds no rows under FINAL', async () => {
    await bed.clickhouse.command(sql`OPTIMIZE TABLE topology_endpoints FINAL`);
    const [endpoints, groups] = [await finalCount('topology_endpoints'), await finalCount('topology_groups')];
    const replay = startVersion(2);
    await projected(replay, 9);
    expect([await finalCount('topology_endpoints'), await finalCount('topology_groups')]).toEqual([endpoints, groups]);
    expect((await endpointsAsOf()).map((e) => e.hostname)).toEqual(['se.b.org']);
  });

  it('restarted while its tables run ahead of its checkpoint, it writes no row a single run would not', async () => {
    for (const p of running) p.subscription.unsubscribe();
    const later = MARCH_10 + 3_600_000;
    await append('site', 'SITE-C', at(later, siteRegistered({ shortName: 'SITE-C', ngi: 'NGI_YY' })));
    await append('site', 'SITE-D', at(later, siteRegistered({ shortName: 'SITE-D', ngi: 'NGI_YY' })));
    const move = (site: string, minutes: number) => append('service', '3G0', at(later + minutes * 60_000, { ...serviceRegistered({ id: '3G0', site, hostname: 'se.b.org', serviceType: 'SRM' }), type: 'ServiceUpdated' }));
    await move('SITE-C', 1);
    await move('SITE-D', 2);
    // A single run of a new version over the whole log gets there first: the tables are ahead of this checkpoint.
    await projected(startVersion(3), 13);
    running[running.length - 1].subscription.unsubscribe();
    const before = await endpointRows();

    await projected(await start(), 4);
    expect(await endpointRows()).toEqual(before);
    expect((await endpointsAsOf()).map((e) => [e.endpoint_group, e.hostname])).toEqual([['SITE-D', 'se.b.org']]);
  });
});
