import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const REGISTER = path.resolve(__dirname, '../../../bin/register.js');

/**
 * A worker thread running one of this repository's TypeScript modules as the app runs its sources:
 * through bin/register.js (SWC, @vigil/* paths), no build step.
 */
export function startTsWorker(file: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  keepCompilerLoaded();
  const code = `require(${JSON.stringify(REGISTER)});\nrequire(${JSON.stringify(file)});`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * Loads SWC's native binding in this thread too: otherwise it is unloaded when the last worker
 * using it ends, and loading it again in a later worker crashes the process.
 */
function keepCompilerLoaded(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@swc/core');
}
