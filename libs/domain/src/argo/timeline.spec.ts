import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { Operations } from './operations';
import { egiOps } from './test-ops';
import { aggregateTimelines, fillTimelinePeriod, timelineFromSamples } from './timeline';

const H = 3600;
const fixture = path.resolve(__dirname, '../../../../../shared/fixtures/argo/timeline/timeline.json');
const secondOf = (ts: string) => (Date.parse(ts) - Date.parse(`${ts.slice(0, 10)}T00:00:00Z`)) / 1000;

describe('timelines', () => {
  it('merges the four fixture timelines with the AND table exactly as ARGO does', () => {
    const { data } = JSON.parse(readFileSync(fixture, 'utf8'));
    const ops = new Operations({
      available_states: data.available_states,
      defaults: { down: 'DOWNTIME', missing: 'MISSING', unknown: 'UNKNOWN' },
      operations: data.operation_truth_table,
    });
    const inputs = data.inputs.map((i: { timestamps: { timestamp: string; status: string }[] }) =>
      timelineFromSamples(
        ops.missing,
        i.timestamps.map((x) => secondOf(x.timestamp)),
        i.timestamps.map((x) => ops.id(x.status)),
      ),
    );
    const merged = aggregateTimelines(inputs, ops, data.operation);
    const expected = data.output.timestamps.map((x: { timestamp: string; status: string }) => [secondOf(x.timestamp), x.status]);
    expect(merged.t.map((t, i) => [t, ops.name(merged.s[i])])).toEqual(expected);
  });

  it('starts a metric with no result at midnight as MISSING until its first result', () => {
    const ops = egiOps();
    const tl = timelineFromSamples(ops.missing, [40 * 60], [ops.id('WARNING')]);
    expect(tl.t).toEqual([0, 2400]);
    expect(tl.s.map((s) => ops.name(s))).toEqual(['MISSING', 'WARNING']);
  });

  it('lets a result at 00:00:00 replace the status carried from yesterday', () => {
    const ops = egiOps();
    const tl = timelineFromSamples(ops.id('OK'), [0], [ops.id('CRITICAL')]);
    expect(tl.s.map((s) => ops.name(s))).toEqual(['CRITICAL']);
  });

  it('ignores a result older than the latest one seen', () => {
    const ops = egiOps();
    const tl = timelineFromSamples(ops.id('OK'), [5 * H, 3 * H], [ops.id('CRITICAL'), ops.id('WARNING')]);
    expect(tl.t).toEqual([0, 5 * H]);
  });

  it('fills a period and resumes the earlier status after it', () => {
    const ops = egiOps();
    const tl = timelineFromSamples(ops.id('OK'), [2 * H], [ops.id('CRITICAL')]);
    const filled = fillTimelinePeriod(tl, H, 12 * H - 1, ops.excluded, 1);
    expect(filled.t).toEqual([0, H, 12 * H]);
    expect(filled.s.map((s) => ops.name(s))).toEqual(['OK', 'EXCLUDED', 'CRITICAL']);
  });
});
