/**
 * manifest.json: the SHA-256 of every other file of a bundle, written at export and checked on
 * import, so that a file changed after export (a weights.bin of the right length, an edited
 * model.onnx) is refused by name. It guards against damage and accidental edits, not against someone
 * who rewrites the manifest too. Web Crypto (`crypto.subtle`): browser, worker and Node 20. No TensorFlow.js.
 */
import { BUNDLE_FILES, BundleError, type BundleFiles } from './format.ts';

/** manifest.json. */
export interface BundleManifest {
  readonly format: 'weather-forecast-bundle-manifest';
  readonly algorithm: 'SHA-256';
  /** Hex digest of each file by its path in the bundle (`examples/load-node.mjs`). */
  readonly files: Readonly<Record<string, string>>;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // A copy of exactly these bytes (a Node Buffer's `.buffer` can be a larger shared pool).
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bundle with a fresh manifest.json covering every other file (an existing manifest is replaced). */
export async function withManifest(files: BundleFiles): Promise<BundleFiles> {
  const { [BUNDLE_FILES.manifest]: _old, ...rest } = files;
  const names = Object.keys(rest).sort();
  const digests = await Promise.all(names.map((name) => sha256Hex(rest[name])));
  const manifest: BundleManifest = { format: 'weather-forecast-bundle-manifest', algorithm: 'SHA-256', files: Object.fromEntries(names.map((n, i) => [n, digests[i]])) };
  return { ...rest, [BUNDLE_FILES.manifest]: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) };
}

/** What the manifest check found: `checked` files matched; `absent` = the bundle predates manifests. */
export interface ManifestCheck {
  readonly present: boolean;
  readonly checked: number;
}

/**
 * Checks every file listed in manifest.json against its SHA-256. A bundle without a manifest (exported
 * by release 0.1.0) passes with `present: false`; its test vectors are then the only check.
 * Files are looked up by path, then by file name (a zip read by `unzipBundle` keeps names only).
 * @throws BundleError 'checksum-mismatch' naming the first changed or missing file, 'bad-json' for a damaged manifest.
 */
export async function verifyManifest(files: BundleFiles): Promise<ManifestCheck> {
  const bytes = files[BUNDLE_FILES.manifest];
  if (!bytes) return { present: false, checked: 0 };
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as BundleManifest;
  } catch {
    throw new BundleError('bad-json', `${BUNDLE_FILES.manifest} in the model bundle is not valid JSON. The file is damaged: export the model again.`);
  }
  if (manifest?.algorithm !== 'SHA-256' || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new BundleError('bad-json', `${BUNDLE_FILES.manifest} does not list SHA-256 digests of the bundle's files. The file is damaged: export the model again.`);
  }
  const entries = Object.entries(manifest.files);
  for (const [path, expected] of entries) {
    const file = files[path] ?? files[path.split('/').pop()!];
    const name = JSON.stringify(path.slice(0, 60));
    if (!file) {
      throw new BundleError('checksum-mismatch', `The model bundle has no ${name}, which ${BUNDLE_FILES.manifest} lists. Unzip or copy the whole bundle, or export the model again.`);
    }
    const actual = await sha256Hex(file);
    if (actual !== String(expected).toLowerCase()) {
      throw new BundleError(
        'checksum-mismatch',
        `${name} was changed after export: its SHA-256 is ${actual.slice(0, 12)}…, but ${BUNDLE_FILES.manifest} says ${String(expected).slice(0, 12)}…. ` +
          'A changed file cannot be trusted to give the forecasts this model was tested with: export the model again, or use the files exactly as downloaded.',
      );
    }
  }
  return { present: true, checked: entries.length };
}
