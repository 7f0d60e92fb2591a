/**
 * The export bundle as one zip file: made by the app's download, read by the app's "use it" panel and
 * by the CLI (fflate, pure JavaScript).
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { BUNDLE_FILES, BundleError, type BundleFiles } from './format.ts';

/** Zips a bundle (deflate level 6); `extra` adds files such as a usage snippet. */
export function zipBundle(files: BundleFiles, extra: Record<string, string> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { ...files };
  for (const [name, text] of Object.entries(extra)) entries[name] = strToU8(text);
  return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** Largest total uncompressed size of a bundle zip, in bytes; exports are a few hundred KB. */
export const MAX_BUNDLE_UNZIPPED_BYTES = 100 * 1024 * 1024;

/**
 * True for entry names that could point outside a folder (`../x`, `/etc/x`, `C:\x`, `a\..\x`). Nothing
 * is ever written from a zip, but such entries are skipped so that no later code can trip over them.
 */
function isUnsafeEntryName(path: string): boolean {
  return path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path) || path.split('/').some((part) => part === '..' || part === '.');
}

/**
 * Reads a zip into bundle files, in memory. Accepts files at the top level or in one folder; skips
 * folders and entries with unsafe names; refuses zips that would unpack to more than
 * {@link MAX_BUNDLE_UNZIPPED_BYTES} (judged from the sizes the zip declares, before inflating).
 * @throws BundleError 'not-a-zip', 'too-large' or 'missing-file' with a message naming the fix.
 */
export function unzipBundle(bytes: Uint8Array): BundleFiles {
  const pick = 'Choose the .zip file that the Export step downloaded.';
  let entries: Record<string, Uint8Array>;
  let declaredBytes = 0;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith('/') || isUnsafeEntryName(file.name)) return false;
        declaredBytes += file.originalSize;
        if (declaredBytes > MAX_BUNDLE_UNZIPPED_BYTES) {
          throw new BundleError('too-large', `The zip would unpack to more than ${MAX_BUNDLE_UNZIPPED_BYTES / 1024 / 1024} MB; a model bundle is far smaller. ${pick}`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError('not-a-zip', `This file is not a zip archive (or it is damaged). ${pick}`);
  }
  const files: BundleFiles = {};
  for (const [path, data] of Object.entries(entries)) files[path.split('/').pop()!] = data;
  if (!files[BUNDLE_FILES.model]) {
    const names = Object.keys(files).slice(0, 8).map((name) => JSON.stringify(name.slice(0, 40)));
    throw new BundleError('missing-file', `The zip has no ${BUNDLE_FILES.model} (it holds: ${names.join(', ') || 'nothing'}). ${pick}`);
  }
  return files;
}
