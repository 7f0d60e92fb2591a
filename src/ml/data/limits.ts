/**
 * Size limits shared by the parser, the CLI and the page (no dependencies, so the page can import
 * it without the parser).
 */

/**
 * Largest CSV accepted, in bytes (UTF-16 code units for text already read): 50 MiB, the app's upload
 * limit. A valid 50 MB hourly file parses in about 4.5 s in Node with a 378 MB peak (`npx tsx bench/parse.ts`); far larger ones would exhaust a tab's memory.
 */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;
