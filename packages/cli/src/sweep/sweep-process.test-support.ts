import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = resolve(packageRoot, '../..');
// tsx's loader in the node process itself (not the tsx command, which runs node as a child: a kill -9 of
// the command would leave the sweep running)
const tsxLoader = import.meta.resolve('tsx/esm');
const bin = join(packageRoot, 'src/bin.ts');

/** A finished `sparseprop` process. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Start `sparseprop ...argv` from source (one node process with tsx's loader) in `cwd`, with extra environment variables. */
export function startSparseprop(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; finished: Promise<Finished> } {
  const clean = { ...process.env };
  for (const name of ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_COUNT', 'JOB_COMPLETION_INDEX', 'JOB_COMPLETIONS']) delete clean[name];
  const child = spawn(process.execPath, ['--import', tsxLoader, '--conditions=@sparseprop/source', bin, ...argv], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...clean, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json'), ...env },
  });
  const finished = new Promise<Finished>((done, fail) => {
    let out = '', err = '';
    child.stdout?.on('data', (chunk) => (out += chunk));
    child.stderr?.on('data', (chunk) => (err += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, out, err }));
  });
  return { child, finished };
}

/** Run `sparseprop ...argv` to the end. */
export function sparseprop(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return startSparseprop(argv, cwd, env).finished;
}
