import { describe, expect, it } from 'vitest';
import { recordLiveVersions, replayTargets } from '@vigil/projections';
import { runVigil, useEventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../../libs/domain/src/topology/topology.fixtures';

const bed = useEventStoreBed('replay-cli');
const vigil = (...args: string[]) => runVigil(['replay', ...args, '--stream-name', bed.stream, '--prefix', bed.prefix], { VIGIL_CLICKHOUSE_DATABASE: bed.database });
const line = (stdout: string, projection: string) => stdout.split('\n').find((l) => l.startsWith(`${projection} `)) ?? '';

describe('vigil replay --status', { timeout: 120_000 }, () => {
  it('names the stale read model and the command that rebuilds it, and reports it current once rebuilt', async () => {
    await bed.append('t1', 'site', 'SITE-A', 'SiteRegistered', siteRegistered({ shortName: 'SITE-A' }).data);
    await bed.append('t1', 'service', 's1', 'ServiceRegistered', serviceRegistered({ id: 's1', site: 'SITE-A' }).data);
    const code = replayTargets.find((t) => t.name === 'topology')!.version;
    // The live projectors of another code version built these read models.
    await recordLiveVersions(bed.clickhouse, replayTargets.map((t) => ({ name: t.name, version: t.version + 1 })));

    const before = await vigil('--status');
    expect(before.code).toBe(0);
    expect(line(before.stdout, 'topology')).toMatch(new RegExp(`v${code}\\s+v${code + 1}\\s+live .*STALE: rebuild with vigil replay --projection topology$`));

    const rebuilt = await vigil('--projection', 'topology');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^topology: rebuilt through sequence 2 \(2 events\) in [\d.]+ s and swapped in/m);

    const after = await vigil('--status', '--json');
    const rows = JSON.parse(after.stdout) as { projection: string; state: string; recordedVersion: number; builtBy: string }[];
    expect(rows.find((r) => r.projection === 'topology')).toMatchObject({ state: 'current', recordedVersion: code, builtBy: 'replay' });
    expect(rows.find((r) => r.projection === 'status')).toMatchObject({ state: 'stale' });
  });

  it('refuses an unknown projection and lists the known ones', async () => {
    const r = await vigil('--projection', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('metric-results, topology, status, ar, alerts, budgets, alarms, or all');
  });
});
