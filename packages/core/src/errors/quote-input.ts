/** Longest piece of user input an error message echoes (characters, before escaping). */
export const MAX_ECHOED_CHARS = 60;

/** Characters that act on a terminal or hide text: C0/C1 controls, DEL, line/paragraph separators, bidi overrides, BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with every control or invisible character written as a `\uXXXX` escape. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * User input as it may appear in an error message: in double quotes, every
 * control or invisible character escaped (`"\u0007"`), cut after
 * {@link MAX_ECHOED_CHARS} characters with the total length, so a
 * multi-megabyte line or a terminal escape sequence never reaches a terminal.
 * @example quoteInput('0x10') // '"0x10"'
 * @example quoteInput('x'.repeat(100)) // '"xxx…x…" (100 characters)'
 */
export function quoteInput(text: string, max = MAX_ECHOED_CHARS): string {
  if (text.length <= max) return escapeUnsafe(JSON.stringify(text));
  return `${escapeUnsafe(JSON.stringify(text.slice(0, max)).slice(0, -1))}…" (${text.length} characters)`;
}
