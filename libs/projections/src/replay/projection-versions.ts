import { sql, type ClickHouse } from '@vigil/read-models';
import { replayTargets } from './replay-targets';

export type VersionState = 'current' | 'stale' | 'unrecorded';

export interface ProjectionVersionStatus {
  projection: string;
  codeVersion: number;
  recordedVersion: number | null;
  /** When the recorded version was written: a rebuild's swap, or a live projector's first start. */
  rebuiltAt: string | null;
  /** `live`: built from the start of the log by the live projector; `replay`: by `vigil replay`. */
  builtBy: 'live' | 'replay' | null;
  state: VersionState;
}

/** A projection and the version of the code running it. */
export interface VersionedProjection {
  name: string;
  version: number;
}

/** through_position 0 marks a version recorded by a live projector (a replay records at least position 9999). */
const LIVE_POSITION = 0;

/** Written once a rebuild is swapped in. */
export async function recordProjectionVersion(clickhouse: ClickHouse, projection: string, version: number, throughPosition: number): Promise<void> {
  await clickhouse.insert('projection_versions', [{ projection, version, through_position: throughPosition, rebuilt_at: new Date() }]);
}

/** Any recorded version other than the code's marks the read model stale; never recorded is `unrecorded`. */
export const versionState = (code: number, recorded: number | null): VersionState => (recorded === null ? 'unrecorded' : recorded === code ? 'current' : 'stale');

/** The command that rebuilds a projection's read model with the running code. */
export const rebuildCommand = (projection: string): string => `vigil replay --projection ${projection}`;

/** Latest record per projection; within one second (rebuilt_at's precision) a rebuild wins over a live record. */
export async function projectionVersions(clickhouse: ClickHouse, projections: readonly VersionedProjection[] = replayTargets): Promise<ProjectionVersionStatus[]> {
  const rows = await clickhouse.query<{ projection: string; version: number; through: string; last_rebuilt: string }>(sql`
    SELECT projection, argMax(version, (rebuilt_at, through_position)) AS version, toString(argMax(through_position, (rebuilt_at, through_position))) AS through, toString(max(rebuilt_at)) AS last_rebuilt
    FROM projection_versions GROUP BY projection`);
  const recorded = new Map(rows.map((r) => [r.projection, r]));
  return projections.map((t) => {
    const r = recorded.get(t.name);
    const version = r ? Number(r.version) : null;
    return {
      projection: t.name, codeVersion: t.version, recordedVersion: version,
      rebuiltAt: r ? `${r.last_rebuilt.replace(' ', 'T')}Z` : null,
      builtBy: r ? (Number(r.through) === LIVE_POSITION ? 'live' : 'replay') : null,
      state: versionState(t.version, version),
    };
  });
}

/**
 * Called when the live projectors start. A read model nobody recorded yet is being built by this code
 * from the start of the log: its version is recorded. A recorded version other than the code's is
 * left as it is (the rows were built by other code) and returned as stale, for the caller to say so.
 */
export async function recordLiveVersions(clickhouse: ClickHouse, projections: readonly VersionedProjection[] = replayTargets): Promise<ProjectionVersionStatus[]> {
  const states = await projectionVersions(clickhouse, projections);
  const unrecorded = states.filter((s) => s.state === 'unrecorded');
  if (unrecorded.length > 0) {
    const now = new Date();
    await clickhouse.insert('projection_versions', unrecorded.map((s) => ({ projection: s.projection, version: s.codeVersion, through_position: LIVE_POSITION, rebuilt_at: now })));
  }
  return states.filter((s) => s.state === 'stale');
}

/** One log line per stale read model: which versions differ and the command that rebuilds it. */
export const staleMessage = (s: ProjectionVersionStatus): string =>
  `read model of projection ${s.projection} is STALE: built by version ${s.recordedVersion}, the running code is version ${s.codeVersion}; rebuild it with \`${rebuildCommand(s.projection)}\``;
