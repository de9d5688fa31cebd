import { describe, expect, it } from 'vitest';
import { versionState } from '@vigil/projections';
import { progressFigures } from './replay.command';

describe('vigil replay progress and versions', () => {
  it('reports events per second and the time left at the pace so far', () => {
    expect(progressFigures({ events: 5_000, elapsedMs: 2_000, sequence: 1_000, target: 3_000 }, 0)).toEqual({ eventsPerSecond: 2_500, etaSeconds: 4 });
  });

  it('has no ETA before any progress', () => {
    expect(progressFigures({ events: 0, elapsedMs: 0, sequence: 0, target: 10 }, 0).etaSeconds).toBeNull();
  });

  it('marks a read model stale when its recorded version differs from the code', () => {
    expect([versionState(2, 1), versionState(2, 2), versionState(2, null)]).toEqual(['stale', 'current', 'unrecorded']);
  });
});
