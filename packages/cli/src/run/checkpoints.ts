import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidParameterError, type Simulator, SparsePropError } from '@sparseprop/core';
import { type Checkpoint, SpikeFileError, readCheckpoint, writeCheckpoint } from '@sparseprop/io';
import { CliFileError, CliUsageError } from '../cli-errors.js';
import { type NamedInput, OutputFile, type OutputTarget, resolveOutputTarget } from '../io/output-file.js';
import { cliVersion } from '../version.js';
import type { PreparedRun } from './prepare-run.js';
import type { RunConfig } from './run-config.js';

/** Settings that do not change the spikes: outputs (recording included), stop condition, checkpoints, and the engine and queue (every engine gives the same train; the saved state names its engine, and restoring refuses another's). */
const NOT_DYNAMICS = new Set(['out', 'plot', 'spikes', 'duration', 'checkpoint', 'checkpoint-every', 'resume', 'engine', 'queue', 'record', 'record-neurons', 'rates', 'rate-bin', 'voltages', 'voltage-neurons', 'sample-every', 'sample-times']);
/** Settings that name input files: their contents go into the fingerprint. */
const INPUT_FILES = ['network', 'init', 'input-events', 'init-voltage'] as const;

/** The settings that define the network and its dynamics, as stored in a checkpoint (sorted keys). */
export function dynamicsSettings(config: RunConfig): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort()) {
    if (NOT_DYNAMICS.has(key)) continue;
    const value = (config as Record<string, unknown>)[key];
    if (value === undefined) continue;
    // a network config read from a file: its path here, its bytes in the fingerprint; one given inline: its value
    settings[key] = key === 'networkConfig' ? ((value as { path?: string; value?: unknown }).path ?? (value as { value?: unknown }).value) : value;
  }
  return settings;
}

/**
 * A digest of everything that defines the run's dynamics: the settings
 * (not outputs or stop condition) and the bytes of every input file. A
 * checkpoint resumes only into a run with the same digest.
 */
export function runFingerprint(config: RunConfig, cwd: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(dynamicsSettings(config)));
  const files: string[] = INPUT_FILES.map((key) => config[key]).filter((path): path is string => path !== undefined);
  if (config.networkConfig?.path !== undefined) files.push(config.networkConfig.path);
  for (const path of files) {
    try {
      hash.update(`\0${path}\0`).update(readFileSync(resolve(cwd, path)));
    } catch {
      hash.update(`\0${path}\0unreadable`); // the run reports the unreadable file itself
    }
  }
  return hash.digest('hex');
}

/** The checkpoint options of a run, checked before it starts. */
export interface CheckpointPlan {
  /** Where checkpoints go (validated and writable), if asked for. */
  readonly target?: OutputTarget;
  /** Simulated seconds between checkpoints, if asked for. */
  readonly every?: number;
  /** Spikes before this run (from the resumed checkpoint; 0 for a fresh run). */
  readonly spikesBefore: number;
  readonly fingerprint: string;
}

/**
 * Check `--checkpoint`, `--checkpoint-every` and `--resume`, and restore the
 * resumed state into the prepared simulator. Refusals (exit status 2): an
 * engine that cannot save its state, a checkpoint of another version or of
 * another network or settings, a file that is not a checkpoint.
 */
export function planCheckpoints(prepared: PreparedRun, cwd: string, inputs: readonly NamedInput[]): CheckpointPlan {
  const config = prepared.config ?? {};
  const simulator = prepared.composed.simulator;
  const every = config['checkpoint-every'];
  if (every !== undefined && config.checkpoint === undefined) throw new CliUsageError('--checkpoint-every needs --checkpoint FILE');
  if (every !== undefined && !(Number.isFinite(every) && every > 0)) throw new InvalidParameterError('checkpoint-every', every, 'a finite number of seconds > 0');
  if ((config.checkpoint !== undefined || config.resume !== undefined) && (simulator.saveState === undefined || simulator.restoreState === undefined)) {
    throw new CliUsageError(`the ${prepared.composed.engine} engine cannot save its state, so it cannot checkpoint or resume (engines that can: exp-key, phase, time, reference, wasm, network)`);
  }
  // hashing the input files costs a read of each: only for runs that checkpoint or resume
  const fingerprint = config.checkpoint !== undefined || config.resume !== undefined ? runFingerprint(config, cwd) : '';
  let target: OutputTarget | undefined;
  if (config.checkpoint !== undefined) {
    // the checkpoint may be the one resumed from (it is read whole first), but never another input
    target = resolveOutputTarget(config.checkpoint, cwd, inputs.filter((input) => input.flag !== '--resume'), '--checkpoint file');
    if (target.kind === 'stdout' || target.kind === 'stream') throw new CliFileError(config.checkpoint, 'write the --checkpoint file', 'a checkpoint must be a regular file');
    OutputFile.open(target, cwd, undefined, '--checkpoint file').abort(); // fail now on an unwritable directory
  }
  let spikesBefore = 0;
  if (config.resume !== undefined) {
    const checkpoint = loadCheckpoint(config.resume, cwd);
    if (checkpoint.software !== cliVersion()) {
      throw new CliFileError(config.resume, 'resume from', `it was written by sparseprop ${checkpoint.software}; this is ${cliVersion()} (engines may differ between versions: rerun from the start)`);
    }
    if (checkpoint.fingerprint !== fingerprint) {
      throw new CliFileError(config.resume, 'resume from', `it was written for another network or settings (${describeDifference(checkpoint.config, dynamicsSettings(config))})`);
    }
    try {
      (simulator as Required<Simulator>).restoreState(checkpoint.state);
    } catch (error) {
      if (error instanceof InvalidParameterError) throw new CliFileError(config.resume, 'resume from', `its state does not fit this run: ${error.message}`);
      throw error;
    }
    spikesBefore = checkpoint.spikes;
  }
  return { target, every, spikesBefore, fingerprint };
}

function loadCheckpoint(path: string, cwd: string): Checkpoint {
  try {
    return readCheckpoint(path, cwd);
  } catch (error) {
    if (error instanceof SpikeFileError) throw new CliFileError(path, 'resume from', error.reason);
    throw error;
  }
}

/** Which settings differ between a checkpoint's and this run's, e.g. `seed: 1 → 2`. */
function describeDifference(saved: Readonly<Record<string, unknown>>, now: Record<string, unknown>): string {
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])].sort();
  const changed = keys.filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(now[key]));
  if (changed.length === 0) return 'an input file changed';
  return changed.map((key) => `${key}: ${JSON.stringify(saved[key]) ?? 'unset'} → ${JSON.stringify(now[key]) ?? 'unset'}`).join(', ');
}

/** Write the simulator's state now (synchronously, atomically). `spikes` counts from t = 0. */
export function saveCheckpoint(plan: CheckpointPlan, prepared: PreparedRun, spikes: number): void {
  const target = plan.target;
  if (target === undefined) return;
  const simulator = prepared.composed.simulator as Required<Simulator>;
  try {
    writeCheckpoint(target.realPath ?? target.path, process.cwd(), {
      software: cliVersion(),
      fingerprint: plan.fingerprint,
      config: dynamicsSettings(prepared.config ?? {}),
      spikes,
      timeSeconds: simulator.timeSeconds,
      state: simulator.saveState(),
    });
  } catch (error) {
    throw error instanceof SpikeFileError ? new CheckpointWriteError(error.message) : error;
  }
}

/** A checkpoint could not be written during the run (disk full, ...): exit status 1. */
export class CheckpointWriteError extends SparsePropError {
  override readonly name = 'CheckpointWriteError';
}
