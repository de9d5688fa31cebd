import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AggregationProfile, ArgoDayResult, ArgoDowntime, ArgoEndpoint, ArgoGroup, MetricProfile, MetricResult, OperationsProfile, Recomputation, ThresholdRuleInput } from '@vigil/domain';
import { readMetricData } from './readers';

/** What every day of a month shares, as plain data (each worker builds its Operations and rules once). */
export interface ArgoMonthInputs {
  operations: OperationsProfile;
  aggregation: AggregationProfile;
  metricProfile: MetricProfile;
  /** Already topology-filtered, as computeArgoDay expects. */
  endpoints: ArgoEndpoint[];
  groups: ArgoGroup[];
  downtimes?: ArgoDowntime[];
  thresholds?: ThresholdRuleInput[];
  recomputations?: Recomputation[];
  weights?: Map<string, number>;
  newMetrics?: Set<string>;
  now?: number;
}

export interface ArgoDayData {
  results: MetricResult[];
  previous: MetricResult[];
}

/**
 * Where a worker gets a day's results: `module` (a path, resolved from the working directory)
 * exports `name(date, options)` returning (a promise of) ArgoDayData. A module, not a function,
 * because each worker loads it itself.
 */
export interface ArgoDaySource {
  module: string;
  name: string;
  options?: unknown;
}

export interface ArgoMonthOptions {
  inputs: ArgoMonthInputs;
  dates: string[];
  source: ArgoDaySource;
  /** Default: one per core, at most one per date. */
  workers?: number;
}

/** Worker → runner messages. */
export type ArgoWorkerMessage =
  | { type: 'ready'; results: number }
  | { type: 'day'; index: number; result: ArgoDayResult }
  | { type: 'done' }
  | { type: 'error'; message: string; stack?: string };

export interface ArgoWorkerData {
  inputs: ArgoMonthInputs;
  dates: string[];
  /** Index of the first date in the month's list. */
  first: number;
  source: ArgoDaySource;
}

const REPO_ROOT = path.resolve(__dirname, '../../..');
// Workers run the TypeScript sources as the app does: through bin/register.js (SWC, @vigil/* paths).
const WORKER_CODE = `require(${JSON.stringify(path.join(REPO_ROOT, 'bin/register.js'))});
require(${JSON.stringify(path.join(__dirname, 'argo-month.worker.ts'))});`;

/**
 * Computes ARGO days in parallel: the dates are split into contiguous runs, one per worker thread;
 * each worker builds the shared inputs once and loads its days' results before `run`, so a
 * measurement of `run` covers the computation only.
 */
export class ArgoMonthRunner {
  private constructor(
    private readonly threads: Worker[],
    private readonly dates: string[],
    /** Today's results loaded over all dates. */
    readonly results: number,
  ) {}

  static async open(o: ArgoMonthOptions): Promise<ArgoMonthRunner> {
    keepCompilerLoaded();
    const count = Math.max(1, Math.min(o.workers ?? availableParallelism(), o.dates.length));
    const workers: Worker[] = [];
    const ready: Promise<number>[] = [];
    for (let w = 0; w < count; w++) {
      const first = Math.floor((w * o.dates.length) / count);
      const last = Math.floor(((w + 1) * o.dates.length) / count);
      const source = { ...o.source, module: path.resolve(o.source.module) };
      const data: ArgoWorkerData = { inputs: o.inputs, dates: o.dates.slice(first, last), first, source };
      const worker = new Worker(WORKER_CODE, { eval: true, workerData: data });
      workers.push(worker);
      ready.push(nextMessage(worker, 'ready').then((m) => m.results));
    }
    try {
      const loaded = await Promise.all(ready);
      return new ArgoMonthRunner(workers, o.dates, loaded.reduce((a, b) => a + b, 0));
    } catch (err) {
      await Promise.all(workers.map(endWorker));
      throw err;
    }
  }

  private ran = false;

  /** Every day's result, in the order of the dates (once: the workers let go of each day's results as they compute it). */
  async run(): Promise<ArgoDayResult[]> {
    if (this.ran) throw new Error('an ArgoMonthRunner runs once: open another one');
    this.ran = true;
    const out = new Array<ArgoDayResult>(this.dates.length);
    await Promise.all(
      this.threads.map((worker) => {
        const done = new Promise<void>((resolve, reject) => {
          const onMessage = (m: ArgoWorkerMessage) => {
            if (m.type === 'day') out[m.index] = m.result;
            else if (m.type === 'done') finish(resolve);
            else if (m.type === 'error') finish(() => reject(workerError(m)));
          };
          const onError = (err: Error) => finish(() => reject(err));
          const onExit = (code: number) => finish(() => reject(new Error(`ARGO worker exited (code ${code}) before its days were done`)));
          const finish = (then: () => void) => {
            worker.off('message', onMessage).off('error', onError).off('exit', onExit);
            then();
          };
          worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        });
        worker.postMessage('run');
        return done;
      }),
    );
    return out;
  }

  /** Lets every worker end (terminated if it has not within 5 s). */
  async close(): Promise<void> {
    await Promise.all(this.threads.map(endWorker));
  }

  get workers(): number {
    return this.threads.length;
  }
}

/** Opens a runner, runs it once and stops its workers. */
export async function runArgoMonth(o: ArgoMonthOptions): Promise<ArgoDayResult[]> {
  const runner = await ArgoMonthRunner.open(o);
  try {
    return await runner.run();
  } finally {
    await runner.close();
  }
}

/** A day source reading ARGO MetricData Avro files: `files[date]` names the day's file and the day before's. */
export function argoFileDays(files: Record<string, { metricData: string; previousDay: string }>): ArgoDaySource {
  return { module: __filename, name: 'readArgoFileDay', options: files };
}

export async function readArgoFileDay(date: string, files: Record<string, { metricData: string; previousDay: string }>): Promise<ArgoDayData> {
  const f = files[date];
  if (!f) throw new Error(`no metric data file for ${date}`);
  const [results, previous] = await Promise.all([readMetricData(f.metricData), readMetricData(f.previousDay)]);
  return { results, previous };
}

function nextMessage(worker: Worker, type: 'ready'): Promise<Extract<ArgoWorkerMessage, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ArgoWorkerMessage) => {
      if (m.type === type) settle(() => resolve(m));
      else if (m.type === 'error') settle(() => reject(workerError(m)));
    };
    const onError = (err: Error) => settle(() => reject(err));
    const onExit = (code: number) => settle(() => reject(new Error(`ARGO worker exited (code ${code}) before it was ready`)));
    const settle = (then: () => void) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      then();
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/**
 * Loads SWC's native binding in this thread too: otherwise it is unloaded when the last worker
 * using it ends, and loading it again in a later worker crashes the process.
 */
function keepCompilerLoaded(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@swc/core');
}

async function endWorker(worker: Worker): Promise<void> {
  // threadId is -1 once the thread has ended.
  if (worker.threadId === -1) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage('close');
  const timer = setTimeout(() => void worker.terminate(), 5_000);
  await exited;
  clearTimeout(timer);
}

function workerError(m: { message: string; stack?: string }): Error {
  const err = new Error(`ARGO worker: ${m.message}`);
  if (m.stack) err.stack = `${err.message}\n${m.stack}`;
  return err;
}
