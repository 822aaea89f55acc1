import { InputFormatError } from '../errors/errors.js';
import { quoteInput } from '../errors/quote-input.js';

/**
 * Parse the text of a JSON file strictly:
 * - a leading byte-order mark (U+FEFF) is ignored, as in every CSV input;
 * - a key given twice in one object is an error naming the key, the file and
 *   the line of its second occurrence (`JSON.parse` would silently keep the
 *   last value);
 * - syntax errors name the file and line (as far as the engine's message gives a position).
 * Errors are {@link InputFormatError}s (exit status 2 in the CLI).
 *
 * `JSON.parse` does the parsing; duplicate keys are found by one extra scan
 * of the already validated text (string tokens after `{` or `,` inside an
 * object are keys): about 40 lines, instead of a second JSON parser as a
 * dependency.
 */
export function parseJsonText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position === null ? 1 : lineAt(body, Number(position[1]));
    throw new InputFormatError(source, line, `not valid JSON (${message.replace(/, "[^]*" is not valid JSON$/, '')})`);
  }
  rejectDuplicateKeys(body, source);
  return value;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Scan valid JSON for an object key given twice. */
function rejectDuplicateKeys(text: string, source: string): void {
  // one entry per open container: the keys seen (objects) or null (arrays)
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string; // "a" and "\u0061" are one key
        const keys = stack[stack.length - 1] as Set<string>;
        if (keys.has(key)) throw new InputFormatError(source, line, `duplicate key ${quoteInput(key)} (JSON objects must not repeat a key)`);
        keys.add(key);
        expectKey = false;
      }
      i = end;
    }
  }
}
