/**
 * Reading an export bundle back: parses its JSON files, loads the model from model.json and the
 * weights, and refuses a bundle whose parts do not belong together or do not reproduce their test
 * vectors. Loads TensorFlow.js: worker, CLI and tests only.
 */
import * as tf from '@tensorflow/tfjs';
import { outputUnits } from '../evaluation/intervals.ts';
import { BUNDLE_FILES, BundleError, type BundleFiles } from './format.ts';
import { metadataHasIntervals, type ModelMetadata, type TestVector } from './metadata.ts';
import { verifyManifest, type ManifestCheck } from './manifest.ts';
import { checkTestVectors } from './predict.ts';
import { schemaProblem, type JsonSchema } from './schema-check.ts';
import { METADATA_SCHEMA, TEST_VECTORS_SCHEMA } from './schemas.ts';
import { checkMetadata, checkPreprocessing, TEST_VECTOR_TOLERANCE, type TestVectorCheck } from './verify.ts';

const decoder = new TextDecoder();

function readJson<T>(files: BundleFiles, name: string): T {
  const bytes = files[name];
  if (!bytes) {
    throw new BundleError('missing-file', `The model bundle has no ${name} (found: ${Object.keys(files).join(', ') || 'nothing'}). Export the model again, or pick the zip this app downloaded.`);
  }
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch {
    throw new BundleError('bad-json', `${name} in the model bundle is not valid JSON. The file is damaged: export the model again.`);
  }
}

/** A bundle read back, its test vectors replayed. */
export interface ImportedBundle {
  readonly model: tf.LayersModel;
  readonly metadata: ModelMetadata;
  readonly testVectors: readonly TestVector[];
  readonly check: TestVectorCheck;
  /** The SHA-256 check of manifest.json (`present: false` for bundles of release 0.1.0). */
  readonly manifest: ManifestCheck;
}

/** Refuses a JSON file that breaks its schema, naming the file, the place and the fix. */
function checkSchema(name: string, schema: JsonSchema, value: unknown, code: 'bad-metadata' | 'bad-json'): void {
  const problem = schemaProblem(schema, value);
  if (problem) {
    throw new BundleError(code, `${name} does not follow its schema (${schema.$id}): ${problem}. The file was edited or comes from another program: export the model again rather than editing it.`);
  }
}

/** The model of model.json with its weights, refusing weights of the wrong size before tfjs reads them. */
async function loadModel(files: BundleFiles, modelJson: tf.io.ModelJSON): Promise<tf.LayersModel> {
  try {
    const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const expectedBytes = specs.reduce((sum, w) => sum + (w.quantization || w.dtype !== 'float32' ? Number.NaN : w.shape.reduce((a, b) => a * b, 1) * 4), 0);
      const buffers = manifest.flatMap((group) =>
        group.paths.map((path) => {
          const bytes = files[path];
          if (!bytes) throw new BundleError('missing-file', `The model bundle has no weights file "${path}" that model.json refers to. Export the model again.`);
          return bytes.slice().buffer;
        }),
      );
      const weights = tf.io.concatenateArrayBuffers(buffers);
      if (Number.isFinite(expectedBytes) && weights.byteLength !== expectedBytes) {
        throw new BundleError(
          'bad-model',
          `${manifest.flatMap((g) => g.paths).join(', ')} holds ${weights.byteLength} bytes, but model.json describes ${specs.length} weight tensors ` +
            `of ${expectedBytes / 4} float32 values (${expectedBytes} bytes): the weights come from another export or were cut short. Export the model again.`,
        );
      }
      return [specs, weights];
    });
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError('bad-model', `model.json and its weights do not form a valid model (${(error as Error).message}). Export the model again.`);
  }
}

/**
 * Loads a bundle: checks the files against manifest.json, metadata.json and test-vectors.json against
 * their schemas, then loads the model and replays its test vectors.
 * @throws BundleError naming the missing, changed or broken part, or when the test vectors do not reproduce.
 */
export async function importBundle(files: BundleFiles): Promise<ImportedBundle> {
  const manifest = await verifyManifest(files);
  const modelJson = readJson<tf.io.ModelJSON>(files, BUNDLE_FILES.model);
  const metadata = readJson<ModelMetadata>(files, BUNDLE_FILES.metadata);
  const testVectors = readJson<TestVector[]>(files, BUNDLE_FILES.testVectors);
  checkMetadata(metadata);
  if (!Array.isArray(testVectors) || testVectors.length === 0 || testVectors.some((v) => !Array.isArray(v?.rows) || !Array.isArray(v?.modelInput) || !Array.isArray(v?.expected))) {
    throw new BundleError('bad-json', `${BUNDLE_FILES.testVectors} is not a list of test vectors (rows, modelInput, expected). The file is damaged: export the model again.`);
  }
  checkSchema(BUNDLE_FILES.metadata, METADATA_SCHEMA, metadata, 'bad-metadata');
  checkSchema(BUNDLE_FILES.testVectors, TEST_VECTORS_SCHEMA, testVectors, 'bad-json');
  const model = await loadModel(files, modelJson);
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  const intervals = metadataHasIntervals(metadata);
  const expectedOutputs = outputUnits(metadata.window.horizonDays, intervals);
  if (inShape[1] !== metadata.window.lookbackDays || inShape[2] !== metadata.features.length || outShape[1] !== expectedOutputs) {
    model.dispose();
    throw new BundleError(
      'bad-metadata',
      `The model takes ${JSON.stringify(inShape)} and gives ${JSON.stringify(outShape)}, but metadata.json describes ${metadata.window.lookbackDays} days × ${metadata.features.length} features → ` +
        `${metadata.window.horizonDays} days${intervals ? ' × 3 percentiles' : ''} (${expectedOutputs} outputs). The files come from different exports.`,
    );
  }
  try {
    checkPreprocessing(metadata, testVectors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const check = checkTestVectors(model, metadata, testVectors);
  if (!check.passed) {
    model.dispose();
    throw new BundleError(
      'test-vectors-failed',
      `The model does not reproduce its test vectors (largest difference ${check.maxAbsDiff.toPrecision(3)} ${metadata.target.units}, allowed ${TEST_VECTOR_TOLERANCE}). The weights or metadata were changed after export: export the model again.`,
    );
  }
  return { model, metadata, testVectors, check, manifest };
}
