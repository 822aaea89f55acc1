import { InputFormatError } from '@sparseprop/core';
import { describe, expect, it } from 'vitest';
import { parseTaskFile, TASKS } from './task-config.js';
import { teacherStudentSchema } from './teacher-student.js';

describe('task files are strict JSON', () => {
  it('a key given twice is an error at its line, naming the key and the file', () => {
    expect(() => parseTaskFile('{\n  "task": "ou-tracking",\n  "task": "spike-timing"\n}', 'task.json')).toThrow(
      new InputFormatError('task.json', 3, 'duplicate key "task" (JSON objects must not repeat a key)'),
    );
  });

  it('a syntax error names the file and line; a byte-order mark is not one', () => {
    expect(() => parseTaskFile('{\n  "task": \n}', 'bad.json')).toThrow(/^bad\.json:\d+: not valid JSON/); // the line where the JSON engine reports a position
    expect(() => parseTaskFile('\uFEFF{}', 'bom.json')).not.toThrow(/not valid JSON/);
  });
});

const file = (task: string, network: object, training: object = {}) => JSON.stringify({ task, network, training: { epochs: 1, learningRate: 1e-3, ...training } });
const error = (text: string) => {
  try {
    parseTaskFile(text, 't.json');
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('every registered task validates its settings, naming the JSON path', () => {
  it('the registry holds the four tasks, and a missing network block takes every default (network-spike-timing: its required keys are named)', () => {
    expect(TASKS.map((t) => t.name)).toEqual(['teacher-student', 'spike-timing', 'ou-tracking', 'network-spike-timing']);
    expect(error(JSON.stringify({ task: 'network-spike-timing', training: { epochs: 3, learningRate: 1 } }))).toMatch(/network\.config/);
    const ts = parseTaskFile(JSON.stringify({ task: 'teacher-student', training: { epochs: 3, learningRate: 1 } }));
    expect(ts.network).toEqual(teacherStudentSchema.parse({}));
    expect((ts.network as { n: number }).n).toBe(50);
    const st = parseTaskFile(JSON.stringify({ task: 'spike-timing', training: { epochs: 3, learningRate: 1 } }));
    expect((st.network as { outputs: number[] }).outputs).toEqual([0, 1, 2, 3, 4]);
    expect(parseTaskFile(JSON.stringify({ task: 'ou-tracking', training: { epochs: 3, learningRate: 1 } })).network).toEqual({});
  });

  it('teacher-student', () => {
    expect(error(file('teacher-student', { n: 10, k: 10 }))).toMatch(/^t\.json:1: network\.k: must be at most n − 1 = 9/);
    expect(error(file('teacher-student', { spread: 1 }))).toMatch(/network\.spread/);
    expect(error(file('teacher-student', { stateSeed: -1 }))).toMatch(/network\.stateSeed/);
    expect(error(file('teacher-student', { stateSeed: null }))).toBe('accepted');
    expect(error(file('teacher-student', { spikes: 1.5 }))).toMatch(/network\.spikes/);
    expect(error(file('teacher-student', { signals: 2 }))).toMatch(/network.*signals/); // a key of another task
    expect(error(file('teacher-student', {}, { optimizer: 'newton' }))).toMatch(/training\.optimizer/);
  });

  it('spike-timing', () => {
    expect(error(file('spike-timing', { outputs: [0, 40], targetsSeconds: [0.01, 0.02] }))).toMatch(/network\.outputs\.1: a neuron index in \[0, 29\], got 40/);
    expect(error(file('spike-timing', { outputs: [0, 0], targetsSeconds: [0.01, 0.02] }))).toMatch(/network\.outputs\.1: neuron 0 is listed twice/);
    expect(error(file('spike-timing', { outputs: [0], targetsSeconds: [0.2] }))).toMatch(/network\.targetsSeconds\.0: a time within the trial/);
    expect(error(file('spike-timing', { outputs: [0, 1], targetsSeconds: [0.01] }))).toMatch(/network\.targetsSeconds: needs one target per output/);
    expect(error(file('spike-timing', { initialPhaseSpread: 2 }))).toMatch(/network\.initialPhaseSpread/);
    expect(error(file('spike-timing', { inputRateHz: 0 }))).toMatch(/network\.inputRateHz/);
  });

  it('ou-tracking', () => {
    expect(error(file('ou-tracking', { n: 10, k: 10 }))).toMatch(/network\.k: must be at most n − 1 = 9/);
    expect(error(file('ou-tracking', { burnInSeconds: 0.5 }))).toMatch(/network\.burnInSeconds: must be below trialSeconds = 0\.2/);
    expect(error(file('ou-tracking', { readoutKernel: 'box' }))).toMatch(/network\.readoutKernel/);
    expect(error(file('ou-tracking', { signals: 0 }))).toMatch(/network\.signals/);
    expect(error(file('ou-tracking', {}, { batchSize: 0 }))).toMatch(/training\.batchSize/);
  });

  it('an unknown or missing task lists the known ones', () => {
    expect(error(JSON.stringify({ task: 'xor', training: { epochs: 1, learningRate: 1 } }))).toMatch(/task: expected one of "teacher-student", "spike-timing", "ou-tracking", "network-spike-timing", got "xor"/);
    expect(error(JSON.stringify({ training: { epochs: 1, learningRate: 1 } }))).toMatch(/got nothing/);
  });
});
