/**
 * Issue 14's cases against the code before the hardening and the current code.
 *
 *   pnpm --filter @sparseprop/tool-hardening-check check [--old-commit fa5ca2d] [--old-dir /tmp/sp-old] [--only TEXT] [--keep-worktree]
 *
 * Builds the old commit in a git worktree (`git worktree add`, the pinned
 * pnpm install, `pnpm build`, as the README says) unless its CLI is already
 * built there, runs every command-line case of the issue with the old built
 * CLI (`node packages/cli/dist/bin.js run ...`) and the current one from
 * source (`tsx ... packages/cli/src/bin.ts run ...`, as `pnpm sparseprop`),
 * each in a fresh directory, then the library cases (library-cases.ts)
 * against both, and prints Markdown tables: what each did, whether the old
 * code misbehaved, whether the new code behaves, and the regression tests.
 * The worktree is removed at the end unless --keep-worktree.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CLI_CASES, type CliCase, type Outcome } from './cli-cases.js';

const { values } = parseArgs({
  options: {
    'old-commit': { type: 'string', default: 'fa5ca2d' },
    'old-dir': { type: 'string', default: '/tmp/sp-old' },
    only: { type: 'string' },
    'keep-worktree': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('check [--old-commit fa5ca2d] [--old-dir /tmp/sp-old] [--only TEXT] [--keep-worktree]: issue-14 cases, old CLI against current');
  process.exit(0);
}
const root = resolve(import.meta.dirname, '../../..');
const oldDir = values['old-dir'];
const pnpm = ['--yes', 'pnpm@12.21.0'];
const tsx = join(root, 'node_modules/.bin/tsx');

function setUpOld(): void {
  if (existsSync(join(oldDir, 'packages/cli/dist/bin.js'))) {
    console.error(`old CLI already built in ${oldDir}`);
    return;
  }
  console.error(`building ${values['old-commit']} in ${oldDir} ...`);
  if (!existsSync(oldDir)) execFileSync('git', ['worktree', 'add', '--detach', oldDir, values['old-commit']], { cwd: root, stdio: 'inherit' });
  execFileSync('flock', ['/tmp/sp-pnpm.lock', 'npx', ...pnpm, 'install', '--prefer-offline'], { cwd: oldDir, stdio: 'inherit' });
  execFileSync('npx', [...pnpm, 'build'], { cwd: oldDir, stdio: 'inherit' });
}

type Which = 'old' | 'new';
function command(which: Which, c: CliCase, argv: string[]): string[] {
  if (which === 'old') {
    const old = ['node', join(oldDir, 'packages/cli/dist/bin.js'), 'run', ...argv];
    // sh -c 'ulimit -v N; exec "$@"': the cap applies to the CLI alone
    return c.oldAddressSpaceKiB ? ['sh', '-c', `ulimit -v ${c.oldAddressSpaceKiB}; exec "$@"`, 'sh', ...old] : old;
  }
  const cli = [join(root, 'packages/cli/src/bin.ts'), 'run', ...argv];
  return c.newAsOneProcess
    ? ['node', '--import', pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href, '--conditions=@sparseprop/source', ...cli]
    : [tsx, '--tsconfig', join(root, 'tsconfig.base.json'), '--conditions=@sparseprop/source', ...cli];
}

const outPath = (argv: string[]) => {
  const i = argv.indexOf('--out');
  return i >= 0 ? argv[i + 1] : undefined;
};

function readOutput(dir: string, argv: string[]): string {
  const out = outPath(argv);
  if (out === undefined || out === '-') return '';
  const path = join(dir, out);
  try {
    const s = statSync(path); // follows links
    return s.isFile() && s.size < 50e6 ? readFileSync(path, 'utf8') : '';
  } catch {
    return '';
  }
}

async function runOnce(which: Which, c: CliCase, dir: string, argv: string[]): Promise<Outcome> {
  const timeFile = join(dir, '..', `time-${which}-${Math.random().toString(36).slice(2)}`);
  const facts: Outcome['facts'] = {};
  let reader: ReturnType<typeof spawn> | undefined;
  let fromFifo = '';
  if (c.readFifo && argv === c.argv) {
    reader = spawn('cat', [c.readFifo], { cwd: dir });
    reader.stdout!.on('data', (d: Buffer) => (fromFifo += d.toString()));
  }
  // the one-process launcher finds no tsconfig from the case's directory: name it (as --tsconfig does for the wrapper)
  const env = { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') };
  const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%M %e', ...command(which, c, argv)], { cwd: dir, detached: true, env });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout.length < 1e6 ? (stdout += d.toString()) : undefined));
  child.stderr.on('data', (d: Buffer) => (stderr.length < 2e7 ? (stderr += d.toString()) : undefined));
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, c.timeoutMs ?? 60_000);
  let poll: NodeJS.Timeout | undefined;
  if (c.interruptWhen && argv === c.argv) {
    const { afterMs } = c.interruptWhen;
    poll = setInterval(() => {
      if (readdirSync(dir).some((f) => f.includes('.tmp'))) {
        clearInterval(poll);
        setTimeout(() => {
          facts.interrupted = true;
          try {
            process.kill(-child.pid!, 'SIGINT');
          } catch {
            /* already gone */
          }
        }, afterMs);
      }
    }, 50);
  }
  const status = await new Promise<{ code: number | null; signal: string | null }>((done) => child.on('close', (code, signal) => done({ code, signal })));
  clearTimeout(killer);
  if (poll) clearInterval(poll);
  if (reader) {
    await new Promise((r) => setTimeout(r, 300));
    reader.kill('SIGKILL');
    facts['read from fifo'] = fromFifo.slice(0, 40);
  }
  let rssMB = 0, seconds = 0;
  try {
    const [kb, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    rssMB = Math.round(kb / 1024);
    seconds = s;
    rmSync(timeFile);
  } catch {
    /* killed before time wrote */
  }
  // /usr/bin/time reports a signal death of its child as "Command terminated by signal N" and exit 128+N
  const signalled = /Command terminated by signal (\d+)/.exec(stderr)?.[1];
  stderr = stderr.replace(/Command (terminated by signal \d+|exited with non-zero status \d+)\n?/g, '');
  const code: Outcome['code'] = timedOut ? 'timeout' : signalled ? `signal ${signalled}` : status.code ?? `signal ${status.signal}`;
  return { code, stdout, stderr, output: readOutput(dir, argv), rssMB, seconds, facts };
}

interface CaseResult {
  c: CliCase;
  old?: Outcome;
  now?: Outcome;
  skippedOld?: string;
  skipped?: string;
}

async function runCase(c: CliCase): Promise<CaseResult> {
  const result: CaseResult = { c };
  for (const which of ['old', 'new'] as const) {
    if (which === 'old' && c.skipOld) {
      result.skippedOld = c.skipOld;
      continue;
    }
    const base = mkdtempSync(join(tmpdir(), `sp-hardening-${which}-`));
    const dir = join(base, 'run');
    execFileSync('mkdir', [dir]);
    const reason = c.setup?.(dir);
    if (reason) {
      result.skipped = reason;
      rmSync(base, { recursive: true, force: true });
      return result;
    }
    const outcome = await runOnce(which, c, dir, c.argv);
    if (c.companion) {
      const other = await runOnce(which, c, dir, c.companion.argv);
      Object.assign(outcome.facts, c.companion.facts(outcome, other));
    }
    Object.assign(outcome.facts, c.inspect?.(dir, outcome) ?? {});
    if (which === 'old') result.old = outcome;
    else result.now = outcome;
    execFileSync('chmod', ['-R', 'u+w', base]);
    rmSync(base, { recursive: true, force: true });
  }
  return result;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
function describe(o: Outcome | undefined, c: CliCase, skip?: string): string {
  if (!o) return `not run: ${skip}`;
  const parts = [`exit ${o.code}`];
  if (/NaN/.test(o.output)) parts.push('NaN in output');
  const line = Math.max(0, ...o.stderr.split('\n').map((l) => l.length));
  if (o.stderr.trim()) parts.push(`message ${line} chars`);
  for (const [k, v] of Object.entries(o.facts)) if (k !== 'interrupted' && k !== 'read from fifo') parts.push(`${k}: ${v}`);
  if (c.readFifo) parts.push(`through the FIFO: ${JSON.stringify(String(o.facts['read from fifo'] ?? '').slice(0, 14))}`);
  if (o.rssMB > 300 || o.seconds > 10) parts.push(`${o.rssMB} MB, ${o.seconds} s`);
  return parts.join('; ');
}

setUpOld();
const cases = CLI_CASES.filter((c) => values.only === undefined || c.id.includes(values.only));
const results: CaseResult[] = [];
for (const c of cases) {
  console.error(`case: ${c.id}`);
  results.push(await runCase(c));
}

console.log(`Old: ${values['old-commit']} (built in ${oldDir}); new: this checkout at ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()} (from source)\n`);
console.log('| case | issue | old behaviour | new behaviour | old misbehaved? | new behaves? | regression tests |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const notes: string[] = [];
for (const r of results) {
  const { c } = r;
  if (r.skipped) {
    console.log(`| ${cell(c.id)} | ${cell(c.issue)} | not run: ${cell(r.skipped)} | not run | — | — | ${c.tests} |`);
    notes.push(`${c.id}: not run (${r.skipped})`);
    continue;
  }
  const bad = r.old ? c.oldMisbehaved(r.old) : undefined;
  const problem = r.now ? c.newProblem(r.now) : 'not run';
  if (r.old && !bad) notes.push(`${c.id}: the old code did not misbehave here`);
  if (problem) notes.push(`${c.id}: the new code does not behave: ${problem}`);
  const decided = c.decision ? ` (decided: ${c.decision})` : '';
  console.log(`| ${cell(c.id)} | ${cell(c.issue)} | ${cell(describe(r.old, c, r.skippedOld))} | ${cell(describe(r.now, c))} | ${r.old ? (bad ? `yes: ${cell(bad)}` : 'no') : '—'} | ${problem ? `NO: ${cell(problem)}` : 'yes'}${cell(decided)} | ${c.tests} |`);
}

// library entry points, against both builds
const library = (args: string[], conditions: boolean) =>
  execFileSync(tsx, [...(conditions ? ['--conditions=@sparseprop/source'] : []), join(import.meta.dirname, 'library-cases.ts'), ...args], { cwd: root, encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; outcome: string; detail: string });
const oldLib = library([oldDir, 'dist'], false);
const newLib = library([root, 'src'], true);
console.log('\n| library call | old | new |');
console.log('| --- | --- | --- |');
for (const o of oldLib) {
  const n = newLib.find((x) => x.id === o.id);
  console.log(`| \`${o.id}\` | ${o.outcome}: ${cell(o.detail)} | ${n?.outcome}: ${cell(n?.detail ?? '')} |`);
  if (o.outcome === 'typed' || (o.outcome === 'accepted' && /clock kept|no NaN/.test(o.detail))) notes.push(`library ${o.id}: the old code did not misbehave here`);
  if (n && n.outcome !== 'typed' && !/clock kept/.test(n.detail)) notes.push(`library ${o.id}: the new code gives ${n.outcome}`);
}
console.log(notes.length ? `\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}` : '\nEvery case: the old code misbehaved and the new code behaves.');

if (!values['keep-worktree'] && existsSync(oldDir)) {
  execFileSync('git', ['worktree', 'remove', '--force', oldDir], { cwd: root });
  console.error(`removed the worktree ${oldDir}`);
}
