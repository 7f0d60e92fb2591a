/** The export bundle's file layout (no TensorFlow.js), shared by the app's zip code and the core. */
import type { DataSpec } from '../data/prepare.ts';
import type { SplitSpec } from '../data/split.ts';
import type { ModelMetadata } from './metadata.ts';

/** File names inside a bundle. */
export const BUNDLE_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  /** The same model as an ONNX graph, for ONNX Runtime in any language; absent in older bundles. */
  onnx: 'model.onnx',
  metadata: 'metadata.json',
  testVectors: 'test-vectors.json',
  readme: 'README.md',
  /** JSON Schemas of metadata.json and test-vectors.json (the contract; checked on import). */
  metadataSchema: 'metadata.schema.json',
  testVectorsSchema: 'test-vectors.schema.json',
  /** SHA-256 of every other file, checked on import; absent in bundles of release 0.1.0. */
  manifest: 'manifest.json',
} as const;

/** A bundle is a set of named files: written to a folder by the CLI, zipped by the app. */
export type BundleFiles = Record<string, Uint8Array>;

/**
 * The data spec a bundle's model was trained with (target, input columns, seasonal features,
 * window), on the given split: what its metadata needs to prepare other data the same way.
 */
export function metadataDataSpec(m: Pick<ModelMetadata, 'target' | 'features' | 'window'>, split: SplitSpec): DataSpec {
  return {
    features: {
      target: m.target.name,
      inputs: m.features.filter((f) => f.source === 'column').map((f) => f.name),
      seasonal: m.features.some((f) => f.source === 'date'),
    },
    window: m.window,
    split,
  };
}


/** Why a bundle was refused; stable, for tests and for choosing help text. */
export type BundleErrorCode =
  | 'not-a-zip'
  | 'too-large'
  | 'missing-file'
  | 'bad-json'
  | 'bad-metadata'
  | 'bad-model'
  | 'test-vectors-failed'
  | 'checksum-mismatch'
  | 'incompatible-data';

/** A bundle that cannot be used; `message` says what is wrong, in which file, and how to fix it (plain text). */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  constructor(
    readonly code: BundleErrorCode,
    message: string,
  ) {
    super(message);
  }
}
