import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunSample, WorkerConfig, WorkerReply, WorkerRequest } from './worker-protocol.js';

/** How to start the worker: its file, Node flags and environment. */
export interface WorkerLaunch {
  entry: string;
  execArgv: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Launch settings for bench-worker: its `.ts` source beside this file,
 * through tsx with this package's tsconfig and the workspace's source
 * condition (as `pnpm bench` runs this file; tools/bench is never compiled).
 */
export function workerLaunch(): WorkerLaunch {
  const here = dirname(fileURLToPath(import.meta.url));
  const tsxLoader = createRequire(import.meta.url).resolve('tsx/esm');
  return {
    entry: join(here, 'bench-worker.ts'),
    execArgv: ['--expose-gc', '--conditions=@sparseprop/source', '--import', pathToFileURL(tsxLoader).href],
    env: { ...process.env, TSX_TSCONFIG_PATH: join(here, '..', '..', 'tsconfig.json') },
  };
}

/** Memory a worker measured around its warm-up run. */
export interface WorkerMemory {
  peakRssDeltaBytes: number;
  rssDeltaBytes: number;
  arrayBytesDelta: number;
}

/** One repetition's samples. */
export interface WorkerRep {
  engine: RunSample;
  inlined: RunSample | undefined;
}

/**
 * A running measurement child (one configuration, one N), driven request by
 * request so the orchestrator can interleave it with the C anchor.
 */
export class WorkerClient {
  private readonly pending: Array<{ resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }> = [];
  private stderr = '';
  private exited: Error | undefined;
  /** Optional plugin packages the child could not load. */
  unavailablePlugins: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly config: WorkerConfig,
  ) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-8000);
    });
    child.on('message', (reply: WorkerReply) => {
      const waiter = this.pending.shift();
      if (waiter === undefined) return;
      if (reply.type === 'failed') waiter.reject(new Error(`bench worker (${describe(config)}) failed: ${reply.message}`));
      else waiter.resolve(reply);
    });
    child.on('exit', (code, signal) => {
      const why = signal === 'SIGKILL' ? ' (killed: out of memory?)' : '';
      this.exited = new Error(`bench worker (${describe(config)}) exited with ${signal ?? code}${why}${this.stderr ? `:\n${this.stderr.trim()}` : ''}`);
      for (const waiter of this.pending.splice(0)) waiter.reject(this.exited);
    });
  }

  /** Start a child for `config` and wait until it has loaded its plugins. */
  static async start(config: WorkerConfig, launch: WorkerLaunch = workerLaunch()): Promise<WorkerClient> {
    const child = fork(launch.entry, [JSON.stringify(config)], { execArgv: launch.execArgv, env: launch.env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const client = new WorkerClient(child, config);
    const ready = await client.next();
    if (ready.type !== 'ready') throw new Error(`bench worker: expected "ready", got "${ready.type}"`);
    client.unavailablePlugins = ready.unavailablePlugins;
    return client;
  }

  /** Build and warm the simulator (and the inlined loop); returns the engine's memory. */
  async warmUp(): Promise<WorkerMemory & { inlined: 'phase' | 'exp' | 'wasm' | undefined; simulatorKind: string; targetsMemoised: boolean | undefined }> {
    const reply = await this.request({ type: 'warmup' });
    if (reply.type !== 'warmed') throw new Error(`bench worker: expected "warmed", got "${reply.type}"`);
    const { peakRssDeltaBytes, rssDeltaBytes, arrayBytesDelta, inlined, simulatorKind, targetsMemoised } = reply;
    return { peakRssDeltaBytes, rssDeltaBytes, arrayBytesDelta, inlined, simulatorKind, targetsMemoised };
  }

  /** One timed repetition from a fresh network state. */
  async rep(index: number): Promise<WorkerRep> {
    const reply = await this.request({ type: 'rep', index });
    if (reply.type !== 'rep') throw new Error(`bench worker: expected "rep", got "${reply.type}"`);
    return { engine: reply.engine, inlined: reply.inlined };
  }

  /** Ask the child to exit and wait for it (kills it after 5 s). */
  async close(): Promise<void> {
    if (this.exited !== undefined || this.child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'exit' } satisfies WorkerRequest);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }

  private request(request: WorkerRequest): Promise<WorkerReply> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    const reply = this.next();
    this.child.send(request);
    return reply;
  }

  private next(): Promise<WorkerReply> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
}

function describe(config: WorkerConfig): string {
  return `${config.kind} ${config.model}/${config.queue}/${config.frame} N=${config.n}`;
}
