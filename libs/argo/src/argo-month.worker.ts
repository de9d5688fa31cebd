// One worker of ArgoMonthRunner: builds the shared inputs once, loads its days, computes them on 'run'.
import { parentPort, workerData } from 'node:worker_threads';
import { computeArgoDay, Operations, ThresholdRules, type ArgoDayInput } from '@vigil/domain';
import type { ArgoDayData, ArgoWorkerData, ArgoWorkerMessage } from './argo-month.runner';

const port = parentPort!;
const post = (m: ArgoWorkerMessage) => port.postMessage(m);

async function main(): Promise<void> {
  const { inputs, dates, first, source } = workerData as ArgoWorkerData;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = require(source.module)[source.name] as (date: string, options: unknown) => ArgoDayData | Promise<ArgoDayData>;
  if (typeof load !== 'function') throw new Error(`${source.module} exports no function '${source.name}'`);
  const shared: Omit<ArgoDayInput, 'date' | 'results' | 'previous'> = {
    ...inputs,
    ops: new Operations(inputs.operations),
    thresholds: inputs.thresholds && new ThresholdRules(inputs.thresholds),
  };
  const days: (ArgoDayData | undefined)[] = [];
  for (const date of dates) days.push(await load(date, source.options));
  port.on('message', (command: 'run' | 'close') => {
    // Closing the port lets the thread end by itself (terminating it mid-way can take the process down).
    if (command === 'close') return port.close();
    try {
      dates.forEach((date, i) => {
        const day = days[i]!;
        days[i] = undefined;
        post({ type: 'day', index: first + i, result: computeArgoDay({ ...shared, date, results: day.results, previous: day.previous }) });
      });
      post({ type: 'done' });
    } catch (err) {
      fail(err);
    }
  });
  post({ type: 'ready', results: days.reduce((n, d) => n + d!.results.length, 0) });
}

function fail(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  post({ type: 'error', message: e.message, stack: e.stack });
}

main().catch(fail);
