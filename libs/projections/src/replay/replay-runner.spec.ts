import { describe, expect, it } from 'vitest';
import { takeoverNotice } from './replay-runner';

describe('takeoverNotice', () => {
  it("names the lock and the dead holder's pid and host", () => {
    expect(takeoverNotice('vigil_x.status', { holder: 'h1', at: '2026-01-01T00:00:00Z', host: 'box', pid: 4242 })).toBe(
      'vigil replay: vigil_x.status: took over the lock of pid 4242 on box, which is no longer running',
    );
  });

  it('falls back to the holder id when the value carries no pid', () => {
    expect(takeoverNotice('vigil_x.ar', { holder: 'h1', at: '2026-01-01T00:00:00Z' })).toBe('vigil replay: vigil_x.ar: took over the lock of h1, which is no longer running');
  });
});
