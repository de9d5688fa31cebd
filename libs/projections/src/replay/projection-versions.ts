import { sql, type ClickHouse } from '@vigil/read-models';
import { replayTargets } from './replay-targets';

export type VersionState = 'current' | 'stale' | 'unrecorded';

export interface ProjectionVersionStatus {
  projection: string;
  codeVersion: number;
  recordedVersion: number | null;
  rebuiltAt: string | null;
  state: VersionState;
}

/** Written once a rebuild is swapped in. */
export async function recordProjectionVersion(clickhouse: ClickHouse, projection: string, version: number, throughPosition: number): Promise<void> {
  await clickhouse.insert('projection_versions', [{ projection, version, through_position: throughPosition, rebuilt_at: new Date() }]);
}

/** Any recorded version other than the code's marks the read model stale; never rebuilt is `unrecorded`. */
export const versionState = (code: number, recorded: number | null): VersionState => (recorded === null ? 'unrecorded' : recorded === code ? 'current' : 'stale');

export async function projectionVersions(clickhouse: ClickHouse): Promise<ProjectionVersionStatus[]> {
  const rows = await clickhouse.query<{ projection: string; version: number; last_rebuilt: string }>(sql`
    SELECT projection, argMax(version, rebuilt_at) AS version, toString(max(rebuilt_at)) AS last_rebuilt
    FROM projection_versions GROUP BY projection`);
  const recorded = new Map(rows.map((r) => [r.projection, r]));
  return replayTargets.map((t) => {
    const r = recorded.get(t.name);
    const version = r ? Number(r.version) : null;
    return { projection: t.name, codeVersion: t.version, recordedVersion: version, rebuiltAt: r ? `${r.last_rebuilt.replace(' ', 'T')}Z` : null, state: versionState(t.version, version) };
  });
}
