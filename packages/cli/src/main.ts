import { CliUsageError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { gradCommand } from './grad/grad-command.js';
import { MAIN_USAGE } from './help.js';
import { modelsCommand } from './models/models-command.js';
import { plotCommand } from './plot/plot-command.js';
import { reportError } from './report-error.js';
import { runCommand } from './run/run-command.js';
import { sweepCommand } from './sweep/sweep-command.js';
import { trainCommand } from './train/train-command.js';
import { cliVersion } from './version.js';

/**
 * The `sparseprop` command line: dispatch `argv` (without `node` and the
 * script) to a subcommand. Resolves to the exit code; never throws.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'models':
        return await modelsCommand(rest, io);
      case 'plot':
        return await plotCommand(rest, io);
      case 'grad':
        return await gradCommand(rest, io);
      case 'train':
        return await trainCommand(rest, io);
      case 'sweep':
        return await sweepCommand(rest, io);
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(MAIN_USAGE);
        return ExitCode.success;
      case '-v':
      case '--version':
        io.stdout.write(`${cliVersion()}\n`);
        return ExitCode.success;
      case undefined:
        throw new CliUsageError('missing command: run, models, plot, grad, train or sweep (see sparseprop --help)');
      default:
        throw new CliUsageError(`unknown command ${JSON.stringify(command)}: expected run, models, plot, grad, train or sweep (see sparseprop --help)`);
    }
  } catch (error) {
    return reportError(error, io.stderr);
  }
}
