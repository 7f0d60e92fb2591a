/**
 * The one place that saves files to the user's disk; zips come from the ML core's zip module.
 */
export { MAX_BUNDLE_UNZIPPED_BYTES, unzipBundle, zipBundle } from '../ml/export/zip.ts';

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
