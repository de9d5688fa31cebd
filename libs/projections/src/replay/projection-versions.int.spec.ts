import { describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { catalog } from '@vigil/events';
import { useEventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { projectionVersions, recordLiveVersions, staleMessage } from './projection-versions';
import { ReplayProgressStore } from './replay-progress.store';
import { replayProjection } from './replay-runner';
import { replayTargets } from './replay-targets';

const bed = useEventStoreBed('projection-versions');
const topology = replayTargets.find((t) => t.name === 'topology')!;
const atVersion = (version: number) => [{ name: 'topology', version }];
const state = async (version: number) => (await projectionVersions(bed.clickhouse, atVersion(version)))[0];

describe('projection versions of the live projectors', { timeout: 60_000 }, () => {
  it('a code version change marks the read model stale until a replay rebuilds it', async () => {
    await bed.append('t1', 'site', 'SITE-A', 'SiteRegistered', siteRegistered({ shortName: 'SITE-A' }).data);
    await bed.append('t1', 'service', 's1', 'ServiceRegistered', serviceRegistered({ id: 's1', site: 'SITE-A' }).data);

    // First start of version 1 on a new database: it builds the read model from the start of the log.
    expect(await recordLiveVersions(bed.clickhouse, atVersion(1))).toEqual([]);
    expect(await state(1)).toMatchObject({ recordedVersion: 1, builtBy: 'live', state: 'current' });
    expect(await recordLiveVersions(bed.clickhouse, atVersion(1))).toEqual([]);

    // Version 2 starts over rows built by version 1: reported stale, and the record is not overwritten.
    const stale = await recordLiveVersions(bed.clickhouse, atVersion(2));
    expect(stale.map((s) => [s.projection, s.recordedVersion, s.codeVersion])).toEqual([['topology', 1, 2]]);
    expect(staleMessage(stale[0])).toContain('`vigil replay --projection topology`');
    expect(await state(2)).toMatchObject({ recordedVersion: 1, state: 'stale' });

    const bucket = `vigil_replays_test_${bed.run}`;
    const progress = await ReplayProgressStore.open(bed.nc, bucket);
    try {
      const report = await replayProjection({ ...topology, version: 2 }, { nc: bed.nc, schemas: catalog(), clickhouse: bed.clickhouse, stream: bed.stream, prefix: bed.prefix, progress });
      expect(report.phase).toBe('swapped');
    } finally {
      await new Kvm(bed.nc).open(bucket).then((kv) => kv.destroy());
    }
    expect(await state(2)).toMatchObject({ recordedVersion: 2, builtBy: 'replay', state: 'current' });
    expect(await recordLiveVersions(bed.clickhouse, atVersion(2))).toEqual([]);
  });
});
