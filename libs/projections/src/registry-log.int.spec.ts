import { describe, expect, it } from 'vitest';
import { catalog } from '@vigil/events';
import { SCHEMA_HEADER } from '@vigil/event-store';
import { useEventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../domain/src/topology/topology.fixtures';
import { readRegistryLog, registryLogFor, type RegistryLog } from './registry-log';

const bed = useEventStoreBed('registry-log');
const tenant = () => `t${bed.run}`;
const options = () => ({ stream: bed.stream, prefix: bed.prefix, schemas: catalog(), schemaHeader: SCHEMA_HEADER });
const result = (hostname: string) => bed.append(tenant(), 'probe', hostname, 'ProbeResultRecorded', { timestamp: 0, service: 'ARC-CE', hostname, metric: 'job', status: 'OK', monitoringHost: null, summary: null, message: null, tags: null, actualData: null });
const summary = (log: RegistryLog) => log.events.map((e) => [e.type, e.position]);

describe('registry log', { timeout: 60_000 }, () => {
  it('reads the topology events of the whole log in log order, and none of the results around them', async () => {
    await result('ce.a.org');
    expect(await readRegistryLog(bed.nc, options())).toEqual({ events: [], through: 1 });

    await bed.append(tenant(), 'site', 'SITE-A', 'SiteRegistered', siteRegistered({ shortName: 'SITE-A' }).data);
    await result('ce.a.org');
    await bed.append(tenant(), 'service', 's1', 'ServiceRegistered', serviceRegistered({ id: 's1', site: 'SITE-A' }).data);
    await bed.append(tenant(), 'profile', 'metric-profile', 'MetricProfileSet', { name: 'p', profile: '{"services":[]}', source: null });
    await bed.append(tenant(), 'site', 'SITE-A', 'SiteCertificationChanged', { shortName: 'SITE-A', from: 'Certified', to: 'Suspended', reason: 'r' });
    await result('ce.a.org');

    const log = await readRegistryLog(bed.nc, options());
    expect(summary(log)).toEqual([['SiteRegistered', 20_000], ['ServiceRegistered', 40_000], ['SiteCertificationChanged', 60_000]]);
    expect(log.through).toBe(7);
  });

  it('projectors starting together share one read; one whose durable delivered beyond it reads again', async () => {
    const [a, b] = await Promise.all([registryLogFor(bed.nc, options(), 0), registryLogFor(bed.nc, options(), 7)]);
    expect(b).toBe(a);

    // A durable that delivered message 8 (beyond the shared read's end) must not miss it.
    const [c, d] = await Promise.all([registryLogFor(bed.nc, options(), 0), registryLogFor(bed.nc, options(), 8)]);
    expect(d).not.toBe(c);
    await bed.append(tenant(), 'service', 's1', 'ServiceRemoved', { id: 's1' });
    const later = await registryLogFor(bed.nc, options(), 8);
    expect(later.through).toBe(8);
    expect(summary(later).at(-1)).toEqual(['ServiceRemoved', 80_000]);
  });
});
