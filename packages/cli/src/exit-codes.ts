/** Exit status of every sparseprop command. */
export const ExitCode = {
  /** The command did what was asked. */
  success: 0,
  /** The run failed while executing (runaway excitation, an output file that could not be written, an internal error). */
  failure: 1,
  /** Invalid input: flags, config, parameter values, input files, or a size that does not fit in memory. Nothing was run or written. */
  invalidInput: 2,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
