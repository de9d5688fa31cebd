import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeArgoDay, Operations, selectEndpoints, selectGroups, ThresholdRules, type ArgoDayResult } from '@vigil/domain';
import { datesFrom, egiMonthInputs, generatedArgoDay } from '../../../test/bench/ar-month.bench';
import { argoFileDays, ArgoMonthRunner, readArgoFileDay, runArgoMonth, type ArgoMonthInputs } from './argo-month.runner';
import { readAggregation, readDowntimes, readEndpoints, readGroups, readMetricProfile, readOperations, readRecomputations, readReport, readThresholds } from './readers';

const BENCH_SOURCE = path.resolve(__dirname, '../../../test/bench/ar-month.bench.ts');
const BATCH_DAY = path.resolve(__dirname, '../../../../shared/fixtures/argo/batch-day');
const at = (name: string) => path.join(BATCH_DAY, name);

/** The same days one after the other on this thread. */
async function sequential(inputs: ArgoMonthInputs, dates: string[], load: (date: string) => Promise<{ results: never[]; previous: never[] } | object>): Promise<ArgoDayResult[]> {
  const ops = new Operations(inputs.operations);
  const thresholds = inputs.thresholds && new ThresholdRules(inputs.thresholds);
  const out: ArgoDayResult[] = [];
  for (const date of dates) out.push(computeArgoDay({ ...inputs, ops, thresholds, date, ...((await load(date)) as { results: never[]; previous: never[] }) }));
  return out;
}

describe('ArgoMonthRunner (days computed in parallel worker threads)', () => {
  it('gives exactly the sequential results for generated EGI days, in date order', async () => {
    const inputs = await egiMonthInputs();
    const dates = datesFrom('2024-02-27', 4);
    const options = { seed: 11, endpoints: 120 };
    const parallel = await runArgoMonth({ inputs, dates, source: { module: BENCH_SOURCE, name: 'generatedArgoDay', options }, workers: 2 });
    const expected = await sequential(inputs, dates, (date) => generatedArgoDay(date, options));
    expect(parallel).toHaveLength(4);
    expect(parallel[0].metrics.length).toBeGreaterThan(0);
    expect(parallel).toEqual(expected);
  }, 60_000);

  it('carries thresholds, downtimes and recomputations into the workers (ARGO batch-day files)', async () => {
    const report = await readReport(at('config.json'));
    const inputs: ArgoMonthInputs = {
      operations: await readOperations(at('operations.json')),
      aggregation: await readAggregation(at('aggregations.json')),
      metricProfile: await readMetricProfile(at('metric_profiles.json')),
      endpoints: selectEndpoints(await readEndpoints(at('topology_endpoints.json')), report.filterTags, report.endpointGroupType),
      groups: selectGroups(await readGroups(at('topology_groups.json')), report.filterTags),
      downtimes: await readDowntimes(at('downtimes.json')),
      thresholds: await readThresholds(at('threshold.json')),
      recomputations: await readRecomputations(at('recomp.json')),
    };
    const files = {
      '2022-01-13': { metricData: at('previous_day.avro'), previousDay: at('previous_day.avro') },
      '2022-01-14': { metricData: at('metric_data.avro'), previousDay: at('previous_day.avro') },
    };
    const dates = Object.keys(files);
    const parallel = await runArgoMonth({ inputs, dates, source: argoFileDays(files), workers: 2 });
    const expected = await sequential(inputs, dates, (date) => readArgoFileDay(date, files));
    expect(parallel[1].groups.find((g) => g.group === 'Group_3')?.ar.availability).toBe(54.16667);
    expect(parallel[1].metrics.some((m) => m.timeline.marks !== undefined)).toBe(true);
    expect(parallel).toEqual(expected);
  }, 60_000);

  it('runs a month once: its workers have let go of the results', async () => {
    const runner = await ArgoMonthRunner.open({ inputs: await egiMonthInputs(), dates: ['2024-03-01'], source: { module: BENCH_SOURCE, name: 'generatedArgoDay', options: { seed: 3, endpoints: 5 } } });
    try {
      expect(runner.results).toBe(5 * 5 * 24);
      expect(await runner.run()).toHaveLength(1);
      await expect(runner.run()).rejects.toThrow('an ArgoMonthRunner runs once');
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('fails with the worker’s reason when a day cannot be loaded', async () => {
    const inputs = await egiMonthInputs();
    await expect(runArgoMonth({ inputs, dates: ['2022-01-20'], source: argoFileDays({}) })).rejects.toThrow('ARGO worker: no metric data file for 2022-01-20');
  }, 60_000);
});
