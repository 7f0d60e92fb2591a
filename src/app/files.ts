/**
 * The one place that makes and reads zip files and saves files to the user's disk.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { BUNDLE_FILES, type BundleFiles } from '../ml/export/format.ts';

/** Zips a bundle (deflate level 6); `extra` adds files such as a usage snippet. */
export function zipBundle(files: BundleFiles, extra: Record<string, string> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { ...files };
  for (const [name, text] of Object.entries(extra)) entries[name] = strToU8(text);
  return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** Reads a zip into bundle files. Accepts files at the top level or in one folder. */
export function unzipBundle(bytes: Uint8Array): BundleFiles {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw new Error('This file is not a zip archive. Choose the .zip file that the Export step downloaded.');
  }
  const files: BundleFiles = {};
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/')) continue;
    files[path.split('/').pop()!] = data;
  }
  if (!files[BUNDLE_FILES.model]) {
    throw new Error(`The zip has no ${BUNDLE_FILES.model} (it holds: ${Object.keys(files).slice(0, 8).join(', ') || 'nothing'}). Choose the .zip file that the Export step downloaded.`);
  }
  return files;
}

/** Saves bytes as a file through the browser's download mechanism. */
export function downloadFile(name: string, bytes: Uint8Array, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
