import { escapeUnsafe } from '@sparseprop/core';

export { quoteInput, MAX_ECHOED_CHARS } from '@sparseprop/core';

/** Longest error line printed (characters). */
export const MAX_ERROR_LINE = 1000;

/**
 * A message made safe for one terminal line: control and invisible
 * characters escaped, and cut after {@link MAX_ERROR_LINE} characters.
 * The last guard for text that reached a message without {@link quoteInput}.
 */
export function safeLine(text: string): string {
  const escaped = escapeUnsafe(text);
  if (escaped.length <= MAX_ERROR_LINE) return escaped;
  return `${escaped.slice(0, MAX_ERROR_LINE)}… (${escaped.length - MAX_ERROR_LINE} more characters)`;
}
