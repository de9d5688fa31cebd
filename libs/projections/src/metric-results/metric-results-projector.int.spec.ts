import { afterAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { catalog } from '@vigil/events';
import { ident, sql, type ClickHouse } from '@vigil/read-models';
import { createTestDatabase, useEventStoreBed, type TestDatabase } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import type { HostedProjector } from '../projector-host';
import { ReplayProgressStore } from '../replay/replay-progress.store';
import { replayProjections } from '../replay/replay-runner';
import { selectTargets } from '../replay/replay-targets';
import { hostTopologyProjector } from '../topology/topology-projector';
import { hostMetricResultsProjector } from './metric-results-projector';

const bed = useEventStoreBed('metric-results-restart');
const tenant = () => `t${bed.run}`;
const T0 = Date.parse('2025-06-01T00:00:00Z');
const MIN = 60_000;
const others: TestDatabase[] = [];

afterAll(async () => {
  for (const db of others) await db.drop();
});

let clock = T0;
const registry = (category: string, id: string, type: string, data: unknown) => bed.append(tenant(), category, id, type, data, (clock += MIN));
const site = (shortName: string) => registry('site', shortName, 'SiteRegistered', siteRegistered({ shortName, ngi: 'NGI_A' }).data);
const service = (id: string, hostname: string, site: string) => registry('service', id, 'ServiceRegistered', serviceRegistered({ id, hostname, site, serviceType: 'ARC-CE' }).data);
const removed = (id: string) => registry('service', id, 'ServiceRemoved', { id });
/** One result of each host, in that order. */
async function results(...hostnames: string[]): Promise<void> {
  for (const hostname of hostnames) {
    const at = (clock += MIN);
    await bed.append(tenant(), 'probe', `${hostname}-job`, 'ProbeResultRecorded', { timestamp: at, service: 'ARC-CE', hostname, metric: 'job', status: 'OK', monitoringHost: null, summary: null, message: null, tags: null, actualData: null }, at);
  }
}

const options = (clickhouse: ClickHouse) => ({ clickhouse, schemas: catalog(), stream: bed.stream, prefix: bed.prefix, maxWaitMs: 20, onError: (err: unknown) => console.error(err) });
const startResults = async (ch = bed.clickhouse) => settled(bed.started(await hostMetricResultsProjector(bed.nc, options(ch))));
const startTopology = async (ch = bed.clickhouse) => settled(bed.started(await hostTopologyProjector(bed.nc, options(ch))));
async function settled(p: HostedProjector): Promise<HostedProjector> {
  await bed.settle(p);
  return p;
}
const stop = (p: HostedProjector) => p.subscription.unsubscribe();

/** [hostname, endpoint group, known] of every result, in log order. */
const flags = async (ch: ClickHouse) =>
  (await ch.query<{ hostname: string; endpoint_group: string; known_endpoint: number }>(sql`
    SELECT hostname, endpoint_group, known_endpoint FROM metric_results FINAL WHERE tenant = ${tenant()} ORDER BY position`)).map((r) => [r.hostname, r.endpoint_group, r.known_endpoint]);

const rows = async (ch: ClickHouse, table: string) => (await ch.query<Record<string, unknown>>(sql`SELECT * FROM ${ident(table)} FINAL`)).map((r) => JSON.stringify(r)).sort();
const TABLES = ['metric_results', 'topology_endpoints', 'topology_groups'];
const tables = async (ch: ClickHouse) => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await rows(ch, t)])));

async function database(name: string): Promise<ClickHouse> {
  const db = await createTestDatabase(bed.nc, { database: `${bed.database}_${name}` });
  others.push(db);
  return db.clickhouse;
}

describe('metric-results projector across restarts', { timeout: 120_000 }, () => {
  it('flags every result against the topology at its own position, whichever way the topology projector runs ahead or behind', async () => {
    await site('SITE-A');
    await site('SITE-B');
    await service('s1', 'ce.a.org', 'SITE-A');
    await results('ce.a.org', 'ce.b.org');
    let topology = await startTopology();
    let live = await startResults();
    stop(live);

    // The topology projector runs ahead: it has seen a registration and a removal the results projector has not.
    await results('ce.a.org', 'ce.b.org');
    await service('s2', 'ce.b.org', 'SITE-B');
    await results('ce.a.org', 'ce.b.org');
    await removed('s1');
    await results('ce.a.org', 'ce.b.org');
    await bed.settle(topology);
    live = await startResults();

    // Now it lags: the results projector folds a registration the topology tables do not have, then restarts.
    stop(topology);
    await service('s3', 'ce.c.org', 'SITE-A');
    await results('ce.c.org');
    await bed.settle(live);
    stop(live);
    await results('ce.c.org');
    live = await startResults();
    topology = await startTopology();

    expect(await flags(bed.clickhouse)).toEqual([
      ['ce.a.org', 'SITE-A', 1], ['ce.b.org', '', 0],
      ['ce.a.org', 'SITE-A', 1], ['ce.b.org', '', 0],
      ['ce.a.org', 'SITE-A', 1], ['ce.b.org', 'SITE-B', 1],
      ['ce.a.org', '', 0], ['ce.b.org', 'SITE-B', 1],
      ['ce.c.org', 'SITE-A', 1],
      ['ce.c.org', 'SITE-A', 1],
    ]);
  });

  it('builds the very rows of a clean single run and of a replay', async () => {
    const clean = await database('clean');
    await startTopology(clean);
    await startResults(clean);
    const live = await tables(bed.clickhouse);
    expect(live.metric_results).toHaveLength(10);
    expect(await tables(clean)).toEqual(live);

    const replayed = await database('replayed');
    const bucket = `vigil_replays_test_${bed.run}`;
    const progress = await ReplayProgressStore.open(bed.nc, bucket);
    try {
      await replayProjections([...selectTargets('metric-results'), ...selectTargets('topology')], { nc: bed.nc, schemas: catalog(), clickhouse: replayed, stream: bed.stream, prefix: bed.prefix, progress });
    } finally {
      await new Kvm(bed.nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
    }
    expect(await tables(replayed)).toEqual(live);
  });
});
