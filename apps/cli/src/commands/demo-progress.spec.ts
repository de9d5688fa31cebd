import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from './demo-progress';

/** A non-terminal stderr (a log file, CI): one line per 10 %. */
function logStream(): { out: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const out = { isTTY: false, write: (s: string) => (lines.push(s.trimEnd()), true) } as unknown as NodeJS.WriteStream;
  return { out, lines };
}

describe('the demo progress bar', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the share done, the rate and an ETA from that rate', () => {
    vi.useFakeTimers({ now: 0 });
    const { out, lines } = logStream();
    const bar = new ProgressBar('sending   ', 1000, out);
    vi.setSystemTime(10_000);
    bar.update(250);
    expect(lines.at(-1)).toBe('sending    [########......................]  25% 250/1,000 25/s ETA 30s');
  });

  it('a backlog that grows keeps its rate and ETA, against the larger total', () => {
    vi.useFakeTimers({ now: 0 });
    const { out, lines } = logStream();
    const bar = new ProgressBar('projecting', 100, out);
    bar.grow(400);
    bar.grow(200); // a smaller backlog later never shrinks the total
    vi.setSystemTime(20_000);
    bar.update(200);
    expect(lines.at(-1)).toBe('projecting [###############...............]  50% 200/400 10/s ETA 20s');
  });

  it('in a log, prints no line again when a growing backlog moves the share back', () => {
    const { out, lines } = logStream();
    const bar = new ProgressBar('projecting', 400, out);
    bar.update(200);
    bar.grow(1000);
    bar.update(300);
    bar.update(600);
    expect(lines.map((l) => l.match(/\d+%/)![0])).toEqual(['50%', '60%']);
  });

  it('ends at 100 % without an ETA', () => {
    const { out, lines } = logStream();
    const bar = new ProgressBar('projecting', 400, out);
    bar.finish(400);
    expect(lines.at(-1)).toMatch(/^projecting \[#{30}\] 100% 400\/400 [\d,]+\/s$/);
  });
});
