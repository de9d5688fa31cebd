import path from 'node:path';
import { startTsWorker } from '@vigil/messaging';
import { replayProjections, type ReplayOptions, type ReplayReport } from './replay-runner';
import type { ReplayTarget } from './replay-targets';

/**
 * Projections rebuilt on the second thread: metric-results' rows (one per probe result) and the topology
 * cost about as much CPU as the status, A/R, alert, budget and alarm folds together.
 */
export const SECOND_THREAD_PROJECTIONS: readonly string[] = ['metric-results', 'topology'];

export interface ThreadedReplayOptions extends ReplayOptions {
  /** Where the second thread connects: it opens NATS and ClickHouse clients of its own. */
  natsUrl: string;
  clickhouseUrl: string;
  /** KV bucket of the checkpoints (default: the replays' bucket). */
  progressBucket?: string;
}

/** What the second thread is started with: targets by name, as `selectTargets` knows them. */
export interface ReplayThreadData {
  names: string[];
  natsUrl: string;
  clickhouseUrl: string;
  database: string;
  progressBucket?: string;
  stream?: string;
  prefix?: string;
  fromSequence?: number;
  toSequence?: number;
  maxEvents?: number;
}

export type ReplayThreadMessage =
  | { type: 'progress'; report: ReplayReport }
  | { type: 'notice'; message: string }
  | { type: 'done'; reports: ReplayReport[] }
  | { type: 'failed'; message: string };

/**
 * `replayProjections` on two cores: the projections of SECOND_THREAD_PROJECTIONS are rebuilt on a
 * worker thread with a read of the log of its own, the others here. Each keeps its own lock,
 * checkpoint, shadows and swap, so an interruption or a kill leaves each resumable as before. A
 * failure on one side stops the other (after its current batch) and is thrown.
 */
export async function replayProjectionsThreaded(targets: readonly ReplayTarget[], o: ThreadedReplayOptions): Promise<ReplayReport[]> {
  const there = targets.filter((t) => SECOND_THREAD_PROJECTIONS.includes(t.name));
  const here = targets.filter((t) => !there.includes(t));
  if (there.length === 0 || here.length === 0) return replayProjections(targets, o);
  const stop = new AbortController();
  const abort = () => stop.abort();
  o.signal?.addEventListener('abort', abort);
  const failing = <T>(p: Promise<T>) => p.catch((err: unknown) => (abort(), Promise.reject(err)));
  try {
    const [mine, theirs] = await Promise.allSettled([failing(replayProjections(here, { ...o, signal: stop.signal })), failing(onSecondThread(there, o, stop.signal))]);
    if (mine.status === 'rejected') throw mine.reason;
    if (theirs.status === 'rejected') throw theirs.reason;
    const reports = new Map([...mine.value, ...theirs.value].map((r) => [r.projection, r]));
    return targets.map((t) => reports.get(t.name)!);
  } finally {
    o.signal?.removeEventListener('abort', abort);
  }
}

function onSecondThread(targets: readonly ReplayTarget[], o: ThreadedReplayOptions, signal: AbortSignal): Promise<ReplayReport[]> {
  const data: ReplayThreadData = {
    names: targets.map((t) => t.name), natsUrl: o.natsUrl, clickhouseUrl: o.clickhouseUrl, database: o.clickhouse.database!, progressBucket: o.progressBucket,
    stream: o.stream, prefix: o.prefix, fromSequence: o.fromSequence, toSequence: o.toSequence, maxEvents: o.maxEvents,
  };
  const worker = startTsWorker(path.join(__dirname, 'replay-thread.worker.ts'), { workerData: data, name: 'vigil-replay' });
  const abort = () => worker.postMessage('abort');
  signal.addEventListener('abort', abort);
  return new Promise<ReplayReport[]>((resolve, reject) => {
    let result: ReplayThreadMessage | undefined;
    worker.on('message', (m: ReplayThreadMessage) => {
      if (m.type === 'progress') o.onProgress?.(m.report);
      else if (m.type === 'notice') (o.onNotice ?? ((s: string) => void process.stderr.write(`${s}\n`)))(m.message);
      else result = m;
    });
    worker.on('error', (err) => (result = { type: 'failed', message: err.message }));
    worker.once('exit', (code) => {
      signal.removeEventListener('abort', abort);
      if (result?.type === 'done') resolve(result.reports);
      else reject(new Error(`replay of ${data.names.join(', ')}: ${result?.type === 'failed' ? result.message : `thread exited (code ${code})`}`));
    });
  });
}
