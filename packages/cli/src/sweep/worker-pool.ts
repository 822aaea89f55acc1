import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { SparsePropError } from '@sparseprop/core';
import { CliSetupError } from '../cli-errors.js';
import type { RunPointReply, RunPointRequest } from './worker-messages.js';

/** Workers when `--workers` is not given: the cores Node may use (`os.availableParallelism()`). */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/** A point that failed in a worker; its exit status is 2 for invalid input, 1 for a failed run. */
export class SweepPointError extends SparsePropError {
  override readonly name = 'SweepPointError';
}

/**
 * Run `requests` on a pool of `size` worker threads (each runs one point at
 * a time; the pool hands the next point to whichever worker is free).
 * `onDone` is called on the main thread for each finished point, in the
 * order they finish (it writes the result file). At the first failure no
 * more points are started; the points already running finish (and are
 * passed to `onDone`), then the promise rejects with the failure, naming
 * the point through `describe`.
 */
export async function runOnWorkers(
  requests: readonly RunPointRequest[],
  size: number,
  onDone: (reply: Extract<RunPointReply, { type: 'done' }>) => void,
  describe: (index: number) => string,
): Promise<void> {
  const queue = [...requests];
  let failure: Error | undefined;
  const launch = workerLaunch();
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(launch.script, launch.options);
      let current: RunPointRequest | undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        void worker.terminate().then(() => resolve());
      };
      const feed = () => {
        current = failure === undefined ? queue.shift() : undefined;
        if (current === undefined) finish();
        else worker.postMessage(current);
      };
      worker.on('message', (reply: RunPointReply) => {
        if (reply.type === 'done') {
          try {
            onDone(reply);
          } catch (error) {
            failure ??= error instanceof Error ? error : new Error(String(error));
          }
        } else {
          const error = new SweepPointError(`point ${describe(reply.index)}: ${reply.message}`);
          failure ??= reply.invalidInput ? new CliSetupError(error) : error;
        }
        feed();
      });
      worker.on('error', (error) => {
        failure ??= current === undefined ? error : new SweepPointError(`point ${describe(current.index)}: ${error.message}`);
        finish();
      });
      worker.on('exit', (code) => {
        if (!finished) {
          failure ??= new SweepPointError(`a sweep worker exited with status ${code}${current === undefined ? '' : ` while running point ${describe(current.index)}`}`);
          finished = true;
          resolve();
        }
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(size, requests.length) }, one));
  if (failure !== undefined) throw failure;
}

/**
 * How to start a worker. Built (`dist/`), the worker is the module
 * `sweep-worker.js` and the thread inherits the process's flags. From
 * source (`.ts`, as `pnpm sparseprop` and the tests run it) module hooks
 * registered in the main thread do not reach worker threads (Node 20), so a
 * two-line bootstrap registers tsx's ESM loader in the thread first, then
 * imports `sweep-worker.ts` (with the workspace's source condition).
 */
function workerLaunch(): { script: URL | string; options: WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./sweep-worker.js', import.meta.url), options: {} };
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sweep-worker.ts', import.meta.url).href;
  const conditions = process.execArgv.includes('--conditions=@sparseprop/source') ? [] : ['--conditions=@sparseprop/source'];
  const script = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return { script, options: { eval: true, execArgv: [...process.execArgv, ...conditions] } };
}
