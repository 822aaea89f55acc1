import { InputFormatError } from '@sparseprop/core';
import { describe, expect, it } from 'vitest';
import { parseTaskFile } from './task-config.js';

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
