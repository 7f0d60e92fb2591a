/** Quoting text that came from a user's file before it goes into a message, a report or the console. */

/** Longest excerpt of user text (cell, header or file name) quoted in a message, in characters. */
export const MAX_QUOTED_CHARS = 40;

/**
 * Quotes user text for a message: JSON-escaped (quotes, backslashes and control characters such as
 * terminal escape codes become visible `\"`, `\\`, `\u001b`) and cut to {@link MAX_QUOTED_CHARS}
 * characters with `…`. The result is plain text; the page renders it as text, never as HTML.
 */
export function quoteUserText(text: string): string {
  const chars = Array.from(text);
  const cut = chars.length > MAX_QUOTED_CHARS ? `${chars.slice(0, MAX_QUOTED_CHARS).join('')}…` : text;
  return JSON.stringify(cut);
}
