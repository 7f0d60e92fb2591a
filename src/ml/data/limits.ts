/**
 * Size limits shared by the parser, the CLI and the page (no dependencies, so the page can import
 * it without the parser).
 */

/**
 * Largest CSV accepted, in bytes (UTF-16 code units for text already read): 50 MiB, the app's upload
 * limit. A valid file of this size parses in about 26 s in Node; far larger ones would exhaust a tab's memory.
 */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;
