import { chmodSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** What one run of a case left behind, for its verdicts. */
export interface Outcome {
  /** Exit code, or "timeout" / "signal NAME". */
  code: number | string;
  stdout: string;
  stderr: string;
  /** The --out file's text, if it is a regular file that exists ('' otherwise). */
  output: string;
  /** Peak resident memory (MB) and wall time (s), from /usr/bin/time. */
  rssMB: number;
  seconds: number;
  /** Case-specific facts gathered after the run (node types, files left, numbers). */
  facts: Record<string, string | number | boolean>;
}

/** One issue-14 case for the command line. */
export interface CliCase {
  id: string;
  /** The issue's words for it. */
  issue: string;
  /** Arguments after `sparseprop run`, in a fresh directory the case set up. */
  argv: string[];
  /** Files and nodes the case needs in its directory (returns nothing, or a reason it cannot run here). */
  setup?(dir: string): string | void;
  /** After the run: facts to record (files destroyed, tmp files left, ...). */
  inspect?(dir: string, outcome: Outcome): Record<string, string | number | boolean>;
  /** Also run the command with these arguments and record facts from both (precision cases). */
  companion?: { argv: string[]; facts(main: Outcome, companion: Outcome): Record<string, string | number | boolean> };
  /** Send SIGINT to the run this many ms after the named file pattern appears (or after the delay). */
  interruptWhen?: { tmpFileIn: string; afterMs: number };
  /** Reader of a FIFO: read `fifo` while the run goes. */
  readFifo?: string;
  timeoutMs?: number;
  /** Cap the old run's address space (ulimit -v, KiB): a case that would take gigabytes of a shared machine. */
  oldAddressSpaceKiB?: number;
  /** Run the current code as one node process (`node --import tsx/esm`, as the built binary runs) instead of the tsx wrapper. */
  newAsOneProcess?: boolean;
  /** Run the old code for this case? (a reason to skip it, e.g. memory on a shared machine) */
  skipOld?: string;
  /** Did the old code misbehave, and does the new behave? Each returns a short verdict or undefined when fine. */
  oldMisbehaved(o: Outcome): string | undefined;
  newProblem(o: Outcome): string | undefined;
  /** The regression test(s) covering the case. */
  tests: string;
  /** Decided and documented behaviour, when the issue asked to decide. */
  decision?: string;
}

const small = ['--n', '30', '--k', '5', '--spikes', '20'];
const nanInOutput = (o: Outcome) => /NaN/.test(o.output);
const exit2Clean = (o: Outcome) => (o.code !== 2 ? `exit ${o.code}, expected 2` : o.output !== '' ? 'wrote output' : undefined);
const exitedOk = (o: Outcome) => (o.code !== 0 ? `exit ${o.code}: ${o.stderr.trim().slice(0, 80)}` : undefined);
const text = (dir: string, name: string, content: string) => writeFileSync(join(dir, name), content);
const nodeType = (path: string) => {
  try {
    const s = lstatSync(path);
    return s.isSymbolicLink() ? 'symlink' : s.isFIFO() ? 'fifo' : s.isCharacterDevice() ? 'char device' : s.isFile() ? 'regular file' : 'other';
  } catch {
    return 'missing';
  }
};
const ring = 'pre,post,weight\n0,1,-0.1\n1,2,-0.1\n2,3,-0.1\n3,4,-0.1\n4,5,-0.1\n5,6,-0.1\n6,7,-0.1\n7,8,-0.1\n8,9,-0.1\n9,0,-0.1\n';
const lineNumber = (o: Outcome) => /:(\d+):/.exec(o.stderr)?.[1] ?? /line (\d+)/.exec(o.stderr)?.[1] ?? 'none';
const longestLine = (s: string) => Math.max(0, ...s.split('\n').map((l) => l.length));

export const CLI_CASES: CliCase[] = [
  {
    id: 'lif --iext 1e-320',
    issue: 'free period underflows: NaN,0 for every spike, exit 0',
    argv: [...small, '--iext', '1e-320', '--out', 's.csv'],
    oldMisbehaved: (o) => (o.code === 0 && nanInOutput(o) ? 'exit 0, NaN times written' : undefined),
    newProblem: exit2Clean,
    tests: 'model-lif/src/lif-range.test.ts, cli/src/run/model-ranges.test.ts',
  },
  {
    id: 'lif --iext 1e-320 --duration 1 (wasm)',
    issue: 'never ends (10+ minutes on the wasm engine)',
    argv: ['--n', '30', '--k', '5', '--iext', '1e-320', '--duration', '1', '--engine', 'wasm', '--out', 's.csv'],
    timeoutMs: 30_000,
    oldMisbehaved: (o) => (o.code === 'timeout' ? 'still running after 30 s (killed)' : o.code === 0 && nanInOutput(o) ? 'exit 0, NaN' : undefined),
    newProblem: exit2Clean,
    tests: 'model-lif/src/lif-range.test.ts',
  },
  {
    id: 'lif --rate 1e-310',
    issue: 'drive from the balance equation underflows: NaN',
    argv: [...small, '--rate', '1e-310', '--out', 's.csv'],
    oldMisbehaved: (o) => (o.code === 0 && nanInOutput(o) ? 'exit 0, NaN times written' : undefined),
    newProblem: exit2Clean,
    tests: 'model-lif/src/lif-range.test.ts (through composition)',
  },
  {
    id: 'lif --tau 5e-324',
    issue: 'subnormal tau: NaN',
    argv: [...small, '--tau', '5e-324', '--out', 's.csv'],
    oldMisbehaved: (o) => (o.code === 0 && (nanInOutput(o) || /^time_s,neuron\n(0,\d+\n)+$/.test(o.output)) ? 'exit 0, NaN or zero times written' : undefined),
    newProblem: exit2Clean,
    tests: 'core/src/network (tau a normal double), cli/src/run/run-command-fuzz.test.ts',
  },
  {
    id: 'lif --iext 1e16',
    issue: 'NaN in every engine',
    argv: [...small, '--iext', '1e16', '--out', 's.csv'],
    oldMisbehaved: (o) => (o.code === 0 && nanInOutput(o) ? 'exit 0, NaN times written' : undefined),
    newProblem: exit2Clean,
    tests: 'model-lif/src/lif-range.test.ts, cli/src/run/model-ranges.test.ts',
  },
  {
    id: 'lif --j0 1e300',
    issue: 'drive 1e300 via the balance equation: NaN',
    argv: [...small, '--j0', '1e300', '--out', 's.csv'],
    oldMisbehaved: (o) => (o.code === 0 && nanInOutput(o) ? 'exit 0, NaN times written' : undefined),
    newProblem: exit2Clean,
    tests: 'model-lif/src/lif-range.test.ts (through composition)',
  },
  {
    id: 'lif --iext 1e10 (vs --reference)',
    issue: 'SparseProp and the reference differ by 2e-6 relative',
    argv: ['--n', '1000', '--k', '100', '--spikes', '2000', '--iext', '1e10', '--engine', 'js', '--out', 's.csv'],
    companion: {
      argv: ['--n', '1000', '--k', '100', '--spikes', '2000', '--iext', '1e10', '--reference', '--out', 'r.csv'],
      facts: (a, b) => {
        const parse = (s: string) => s.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
        const x = parse(a.output), y = parse(b.output);
        let worst = 0;
        for (let s = 0; s < Math.min(x.length, y.length) && x[s][1] === y[s][1]; s++) worst = Math.max(worst, Math.abs(x[s][0] - y[s][0]) / y[s][0]);
        return { 'relative difference from the reference': x.length && y.length ? worst.toExponential(1) : 'n/a' };
      },
    },
    oldMisbehaved: (o) => (o.code === 0 && Number(o.facts['relative difference from the reference']) > 1e-9 ? `exit 0, spike times ${o.facts['relative difference from the reference']} from the reference` : undefined),
    newProblem: exit2Clean,
    tests: 'model-lif/src/lif-range.test.ts',
  },
  {
    id: '--out equal to --network',
    issue: 'silently overwrites the input with spikes',
    argv: ['--network', 'net.csv', '--k', '1', '--spikes', '20', '--out', 'net.csv'],
    setup: (dir) => text(dir, 'net.csv', ring),
    inspect: (dir) => ({ destroyed: execFileSync('cat', [join(dir, 'net.csv')], { encoding: 'utf8' }) !== ring }),
    oldMisbehaved: (o) => (o.facts.destroyed ? 'input replaced by spikes' : undefined),
    newProblem: (o) => (o.code !== 2 ? `exit ${o.code}` : o.facts.destroyed ? 'input destroyed' : undefined),
    tests: 'cli/src/io/output-file.test.ts',
  },
  {
    id: '--out equal to --config',
    issue: 'silently overwrites the input with spikes',
    argv: ['--config', 'c.json', '--out', 'c.json'],
    setup: (dir) => text(dir, 'c.json', '{"n": 30, "k": 5, "spikes": 20}'),
    inspect: (dir) => ({ destroyed: execFileSync('cat', [join(dir, 'c.json')], { encoding: 'utf8' }) !== '{"n": 30, "k": 5, "spikes": 20}' }),
    oldMisbehaved: (o) => (o.facts.destroyed ? 'input replaced by spikes' : undefined),
    newProblem: (o) => (o.code !== 2 ? `exit ${o.code}` : o.facts.destroyed ? 'input destroyed' : undefined),
    tests: 'cli/src/io/output-file.test.ts',
  },
  {
    id: '--out equal to --init',
    issue: 'silently overwrites the input with spikes',
    argv: [...small, '--init', 'p.txt', '--out', 'p.txt'],
    setup: (dir) => text(dir, 'p.txt', '0.5\n'.repeat(30)),
    inspect: (dir) => ({ destroyed: execFileSync('cat', [join(dir, 'p.txt')], { encoding: 'utf8' }) !== '0.5\n'.repeat(30) }),
    oldMisbehaved: (o) => (o.facts.destroyed ? 'input replaced by spikes' : undefined),
    newProblem: (o) => (o.code !== 2 ? `exit ${o.code}` : o.facts.destroyed ? 'input destroyed' : undefined),
    tests: 'cli/src/io/output-file.test.ts',
  },
  {
    id: '--out onto a symlink',
    issue: 'replaces the link',
    decision: 'the link is followed: its target is replaced, the link stays',
    argv: [...small, '--out', 'link.csv'],
    setup: (dir) => {
      text(dir, 'target.csv', 'old\n');
      symlinkSync('target.csv', join(dir, 'link.csv'));
    },
    inspect: (dir) => ({ 'link.csv is': nodeType(join(dir, 'link.csv')), 'target rewritten': execFileSync('cat', [join(dir, 'target.csv')], { encoding: 'utf8' }) !== 'old\n' }),
    oldMisbehaved: (o) => (o.facts['link.csv is'] !== 'symlink' ? `link replaced by a ${o.facts['link.csv is']}` : undefined),
    newProblem: (o) => exitedOk(o) ?? (o.facts['link.csv is'] !== 'symlink' || !o.facts['target rewritten'] ? 'link not followed' : undefined),
    tests: 'cli/src/io/output-file.test.ts, io/src/atomic-output.test.ts',
  },
  {
    id: '--out onto a read-only (0444) file',
    issue: 'replaces it',
    decision: 'refused (exit 2): a user who chmods a file read-only means it',
    argv: [...small, '--out', 'ro.csv'],
    setup: (dir) => {
      text(dir, 'ro.csv', 'keep\n');
      chmodSync(join(dir, 'ro.csv'), 0o444);
    },
    inspect: (dir) => ({ destroyed: execFileSync('cat', [join(dir, 'ro.csv')], { encoding: 'utf8' }) !== 'keep\n' }),
    oldMisbehaved: (o) => (o.facts.destroyed ? 'read-only file replaced' : undefined),
    newProblem: (o) => (o.code !== 2 ? `exit ${o.code}` : o.facts.destroyed ? 'file replaced' : undefined),
    tests: 'cli/src/io/output-file.test.ts',
  },
  {
    id: '--out onto a character device (a private /dev/null)',
    issue: '--out /dev/null as root replaced the device node with a regular file',
    argv: [...small, '--out', 'null'],
    setup: (dir) => {
      if (process.getuid?.() !== 0) return 'mknod needs root (the case itself is about root)';
      execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
    },
    inspect: (dir) => ({ 'node is': nodeType(join(dir, 'null')) }),
    oldMisbehaved: (o) => (o.facts['node is'] !== 'char device' ? `device replaced by a ${o.facts['node is']}` : undefined),
    newProblem: (o) => exitedOk(o) ?? (o.facts['node is'] !== 'char device' ? 'device replaced' : undefined),
    tests: 'cli/src/io/output-file.test.ts, io/src/atomic-output.test.ts',
  },
  {
    id: '--out onto a FIFO',
    issue: 'a FIFO must be written as a stream (no rename)',
    argv: [...small, '--out', 'fifo'],
    setup: (dir) => void execFileSync('mkfifo', [join(dir, 'fifo')]),
    readFifo: 'fifo',
    inspect: (dir) => ({ 'node is': nodeType(join(dir, 'fifo')) }),
    oldMisbehaved: (o) => (o.facts['node is'] !== 'fifo' ? `FIFO replaced by a ${o.facts['node is']}` : !/time_s,neuron/.test(String(o.facts['read from fifo'])) ? 'nothing arrived through the FIFO' : undefined),
    newProblem: (o) => exitedOk(o) ?? (o.facts['node is'] !== 'fifo' ? 'FIFO replaced' : !/time_s,neuron/.test(String(o.facts['read from fifo'])) ? 'nothing arrived through the FIFO' : undefined),
    tests: 'cli/src/io/output-file.test.ts',
  },
  {
    id: '--out -',
    issue: '--out - should mean stdout',
    argv: [...small, '--out', '-'],
    inspect: (dir) => ({ "file named '-'": nodeType(join(dir, '-')) !== 'missing' }),
    oldMisbehaved: (o) => (!o.stdout.startsWith('time_s,neuron') ? `spikes not on stdout${o.facts["file named '-'"] ? " (a file named '-' written)" : ''}` : undefined),
    newProblem: (o) => exitedOk(o) ?? (!o.stdout.startsWith('time_s,neuron') ? 'spikes not on stdout' : undefined),
    tests: 'cli/src/io/output-file.test.ts',
  },
  {
    id: 'SIGINT during a long run (pnpm sparseprop: tsx wrapper)',
    issue: 'keeps the old output but leaves a hidden .tmp behind',
    argv: ['--n', '20000', '--k', '100', '--duration', '1000', '--out', 'out.csv', '--quiet'],
    setup: (dir) => text(dir, 'out.csv', 'previous\n'),
    interruptWhen: { tmpFileIn: '.', afterMs: 1500 },
    timeoutMs: 120_000,
    inspect: (dir) => ({
      'tmp files left': execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter((f) => f.includes('.tmp')).length,
      'previous output kept': execFileSync('cat', [join(dir, 'out.csv')], { encoding: 'utf8' }) === 'previous\n',
    }),
    oldMisbehaved: (o) => (Number(o.facts['tmp files left']) > 0 ? `${o.facts['tmp files left']} .tmp file left` : undefined),
    newProblem: (o) => (Number(o.facts['tmp files left']) > 0 ? 'tmp left' : !o.facts['previous output kept'] ? 'previous output lost' : o.facts.interrupted !== true ? 'never interrupted' : undefined),
    tests: 'cli/src/run/checkpoints.test.ts, cli/src/io/output-file.test.ts',
  },
  {
    id: 'SIGINT during a long run (one node process, as the built binary)',
    issue: 'keeps the old output but leaves a hidden .tmp behind',
    argv: ['--n', '20000', '--k', '100', '--duration', '1000', '--out', 'out.csv', '--quiet'],
    setup: (dir) => text(dir, 'out.csv', 'previous\n'),
    interruptWhen: { tmpFileIn: '.', afterMs: 1500 },
    timeoutMs: 120_000,
    newAsOneProcess: true,
    inspect: (dir) => ({
      'tmp files left': execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter((f) => f.includes('.tmp')).length,
      'previous output kept': execFileSync('cat', [join(dir, 'out.csv')], { encoding: 'utf8' }) === 'previous\n',
    }),
    oldMisbehaved: (o) => (Number(o.facts['tmp files left']) > 0 ? `${o.facts['tmp files left']} .tmp file left` : undefined),
    newProblem: (o) => (Number(o.facts['tmp files left']) > 0 ? 'tmp left' : !o.facts['previous output kept'] ? 'previous output lost' : o.facts.interrupted !== true ? 'never interrupted' : undefined),
    tests: 'cli/src/run/checkpoints.test.ts, cli/src/io/output-file.test.ts',
  },
  {
    id: '--n 0x10',
    issue: 'hex numbers accepted in flags',
    decision: 'numbers are decimal only',
    argv: ['--n', '0x10', '--k', '3', '--spikes', '20'],
    oldMisbehaved: (o) => (o.code === 0 ? 'accepted (exit 0)' : undefined),
    newProblem: exit2Clean,
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: 'CSV weight 0x0',
    issue: 'hex numbers accepted in CSV weights',
    decision: 'numbers are decimal only',
    argv: ['--network', 'hex.csv', '--k', '1', '--spikes', '20'],
    setup: (dir) => text(dir, 'hex.csv', ring.replace('0,1,-0.1', '0,1,0x0')),
    oldMisbehaved: (o) => (o.code === 0 ? 'accepted (exit 0)' : undefined),
    newProblem: exit2Clean,
    tests: 'core/src/connectivity/connectivity.test.ts',
  },
  {
    id: '--n 10 --n 20',
    issue: 'repeated flags silently take the last',
    decision: 'each flag once (--param NAME=... may repeat with different names)',
    argv: ['--n', '10', '--n', '20', '--k', '3', '--spikes', '20'],
    oldMisbehaved: (o) => (o.code === 0 ? 'accepted (exit 0)' : undefined),
    newProblem: exit2Clean,
    tests: 'cli/src/run/run-command-hardening.test.ts, cli/src/run/run-args.test.ts',
  },
  {
    id: '--param __proto__=1',
    issue: 'silently dropped',
    argv: [...small, '--param', '__proto__=1'],
    oldMisbehaved: (o) => (o.code === 0 ? 'accepted (exit 0)' : undefined),
    newProblem: exit2Clean,
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: '--engine wasm --reference',
    issue: 'ignores the engine',
    decision: 'a contradiction, refused',
    argv: [...small, '--engine', 'wasm', '--reference'],
    oldMisbehaved: (o) => (o.code === 0 ? 'accepted (exit 0)' : undefined),
    newProblem: exit2Clean,
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: 'JSON config with a duplicate key',
    issue: 'duplicate keys take the last',
    decision: 'refused, naming the key, file and line',
    argv: ['--config', 'dup.json'],
    setup: (dir) => text(dir, 'dup.json', '{"n": 30, "k": 5, "spikes": 20, "n": 40}'),
    oldMisbehaved: (o) => (o.code === 0 ? 'accepted (exit 0)' : undefined),
    newProblem: exit2Clean,
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: 'JSON config with a byte-order mark',
    issue: 'rejected while CSVs accept one',
    decision: 'accepted, as in CSV files',
    argv: ['--config', 'bom.json'],
    setup: (dir) => text(dir, 'bom.json', '\ufeff{"n": 30, "k": 5, "spikes": 20}'),
    oldMisbehaved: (o) => (o.code !== 0 ? `refused (exit ${o.code})` : undefined),
    newProblem: exitedOk,
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: '45-byte --network naming neuron 7e8',
    issue: '8.3 GB and 13.8 s before the memory refusal',
    argv: ['--network', 'huge.csv', '--k', '1', '--spikes', '5'],
    setup: (dir) => text(dir, 'huge.csv', 'pre,post,weight\n0,700000000,-0.1\n'),
    // uncapped, the old code takes ~8 GB of a shared 23 GB machine; under a 4 GB cap it shows the same growth and dies
    oldAddressSpaceKiB: 4_000_000,
    timeoutMs: 120_000,
    oldMisbehaved: (o) => (o.rssMB > 1000 ? `${o.rssMB} MB and ${o.seconds} s before failing (exit ${o.code}; address space capped at 4 GB)` : undefined),
    newProblem: (o) => (o.code !== 2 ? `exit ${o.code}` : o.rssMB > 1000 ? `${o.rssMB} MB used` : undefined),
    tests: 'cli/src/run/run-command-hardening.test.ts, core/src/connectivity/connectivity.test.ts',
  },
  {
    id: 'CR-only 5.3 MB --network',
    issue: 'a 5.3 MB error line',
    argv: ['--network', 'cr.csv', '--k', '1', '--spikes', '5'],
    setup: (dir) => text(dir, 'cr.csv', `pre,post,weight\r${'0,1,-0.1\r'.repeat(590_000)}`),
    oldMisbehaved: (o) => (longestLine(o.stderr) > 1000 ? `error line of ${longestLine(o.stderr)} characters` : undefined),
    newProblem: (o) => (longestLine(o.stderr) > 1000 ? `error line of ${longestLine(o.stderr)} characters` : o.code === 0 || o.code === 2 ? undefined : `exit ${o.code}`),
    tests: 'cli/src/run/run-command-hardening.test.ts, core/src/connectivity/connectivity.test.ts',
  },
  {
    id: 'escape and bell bytes in a CSV header',
    issue: 'reach the terminal',
    argv: ['--network', 'esc.csv', '--k', '1', '--spikes', '5'],
    setup: (dir) => text(dir, 'esc.csv', 'pre\u001b[31m,post\u0007,weight\n0,1,-0.1\n'),
    oldMisbehaved: (o) => (/[\u001b\u0007]/.test(o.stderr) ? 'raw ESC/BEL on stderr' : undefined),
    newProblem: (o) => (/[\u001b\u0007]/.test(o.stderr) ? 'raw ESC/BEL on stderr' : exit2Clean(o)),
    tests: 'cli/src/run/run-command-hardening.test.ts, core/src/errors/quote-input.test.ts',
  },
  {
    id: 'empty --network CSV',
    issue: 'reported at line 2',
    argv: ['--network', 'empty.csv', '--k', '1', '--spikes', '5'],
    setup: (dir) => text(dir, 'empty.csv', ''),
    inspect: (_dir, o) => ({ 'line named': lineNumber(o) }),
    oldMisbehaved: (o) => (o.facts['line named'] !== '1' ? `names line ${o.facts['line named']}` : undefined),
    newProblem: (o) => exit2Clean(o) ?? (o.facts['line named'] !== '1' ? `names line ${o.facts['line named']}` : undefined),
    tests: 'core/src/connectivity/connectivity.test.ts',
  },
  {
    id: 'duplicate edge in --network',
    issue: 'the error has no file:line',
    argv: ['--network', 'dup.csv', '--k', '1', '--spikes', '5'],
    setup: (dir) => text(dir, 'dup.csv', 'pre,post,weight\n0,1,-0.1\n1,2,-0.1\n0,1,-0.2\n2,0,-0.1\n'),
    oldMisbehaved: (o) => (!/dup\.csv:4/.test(o.stderr) ? `no file:line (${o.stderr.trim().slice(0, 60)})` : undefined),
    newProblem: (o) => exit2Clean(o) ?? (!/dup\.csv:4/.test(o.stderr) ? 'no file:line' : undefined),
    tests: 'core/src/connectivity/connectivity.test.ts',
  },
  {
    id: 'chebyshev:lif --iext 1e10',
    issue: "chebyshev's fit failure for a bad drive exits 1 (an input problem)",
    argv: [...small, '--model', 'chebyshev:lif', '--iext', '1e10', '--out', 's.csv'],
    oldMisbehaved: (o) => (o.code === 1 ? 'exit 1' : o.code === 0 ? 'exit 0 (a drive outside the exact range)' : undefined),
    newProblem: exit2Clean,
    tests: 'cli/src/run/run-command-hardening.test.ts, cli/src/run/model-ranges.test.ts',
  },
  {
    id: 'runaway excitation, JS phase frame',
    issue: 'reports t = 0 s though the spikes were at 4.39e-5 s',
    argv: ['--network', 'ring.csv', '--init', 'ring.txt', '--k', '1', '--spikes', '100', '--engine', 'js', '--frame', 'phase', '--queue', 'binary'],
    setup: (dir) => {
      text(dir, 'ring.csv', 'pre,post,weight\n0,1,2\n1,2,2\n2,0,2\n');
      text(dir, 'ring.txt', '0.5\n0.2\n0.1\n');
    },
    inspect: (_dir, o) => ({ 'reported t': /at t = ([^ ]+) s/.exec(o.stderr)?.[1] ?? 'none' }),
    oldMisbehaved: (o) => (o.facts['reported t'] === '0' ? 'reports t = 0 s' : undefined),
    newProblem: (o) => (o.code !== 1 ? `exit ${o.code}` : Math.abs(Number(o.facts['reported t']) - 0.5 * Math.log(101) * 0.01) > 1e-9 ? `reports t = ${o.facts['reported t']}` : undefined),
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: 'phase frame --duration 100',
    issue: 'summary reports 99.99999999999999 s',
    argv: ['--n', '10', '--k', '3', '--duration', '100', '--engine', 'js', '--frame', 'phase', '--json'],
    inspect: (_dir, o) => ({ simulatedSeconds: (() => { try { return JSON.parse(o.stdout).simulatedSeconds; } catch { return 'n/a'; } })() }),
    oldMisbehaved: (o) => (o.facts.simulatedSeconds !== 100 ? `reports ${o.facts.simulatedSeconds} s` : undefined),
    newProblem: (o) => exitedOk(o) ?? (o.facts.simulatedSeconds !== 100 ? `reports ${o.facts.simulatedSeconds} s` : undefined),
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: 'phase frame --duration 1e-30',
    issue: 'summary reports 0',
    argv: ['--n', '30', '--k', '5', '--duration', '1e-30', '--engine', 'js', '--frame', 'phase', '--json'],
    inspect: (_dir, o) => ({ simulatedSeconds: (() => { try { return JSON.parse(o.stdout).simulatedSeconds; } catch { return 'n/a'; } })() }),
    oldMisbehaved: (o) => (o.facts.simulatedSeconds !== 1e-30 ? `reports ${o.facts.simulatedSeconds} s` : undefined),
    newProblem: (o) => exitedOk(o) ?? (o.facts.simulatedSeconds !== 1e-30 ? `reports ${o.facts.simulatedSeconds} s` : undefined),
    tests: 'cli/src/run/run-command-hardening.test.ts',
  },
  {
    id: 'disk full (a 64 KiB tmpfs)',
    issue: 'exits 2 (input error) though an output failure is 1',
    argv: ['--n', '1000', '--k', '10', '--spikes', '200000', '--out', 'full/s.csv', '--quiet'],
    setup: (dir) => {
      if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root';
      mkdirSync(join(dir, 'full'));
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', join(dir, 'full')]);
      } catch {
        return 'mount -t tmpfs is not permitted here';
      }
    },
    inspect: (dir) => {
      execFileSync('umount', [join(dir, 'full')]);
      return {};
    },
    oldMisbehaved: (o) => (o.code === 2 ? 'exit 2' : undefined),
    newProblem: (o) => (o.code !== 1 ? `exit ${o.code}` : undefined),
    tests: 'cli/src/io/output-file.test.ts',
  },
];
