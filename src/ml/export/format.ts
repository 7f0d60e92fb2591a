/** The export bundle's file layout (no TensorFlow.js), shared by the app's zip code and the core. */
/** File names inside a bundle. */
export const BUNDLE_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  metadata: 'metadata.json',
  testVectors: 'test-vectors.json',
  readme: 'README.md',
} as const;

/** A bundle is a set of named files: written to a folder by the CLI, zipped by the app. */
export type BundleFiles = Record<string, Uint8Array>;

