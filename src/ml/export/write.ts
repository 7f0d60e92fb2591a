/**
 * Writing an export bundle from a trained model: metadata.json, the test vectors, the model in the
 * TensorFlow.js layers format and the model card. Loads TensorFlow.js: worker, CLI and tests only.
 */
import type { ColumnMapping } from '../data/mapping.ts';
import * as tf from '@tensorflow/tfjs';
import { hasIntervalHead } from '../architectures/architectures.ts';
import type { ArchitectureSpec } from '../architectures/specs.ts';
import type { PreparedData } from '../data/prepare.ts';
import type { Evaluation } from '../evaluation/metrics.ts';
import { outputUnits, QUANTILE_LAYOUT, QUANTILES } from '../evaluation/intervals.ts';
import type { TrainingConfig } from '../training/config.ts';
import { APP_NAME, APP_VERSION, BUNDLE_FORMAT_VERSION, ONNX_IR_VERSION, ONNX_OPSET, ONNX_RUNTIME_VERIFIED } from '../version.ts';
import { BUNDLE_FILES, type BundleFiles } from './format.ts';
import type { EnsembleMetadata, EpochCurve, ModelMetadata, TestVector, TrainingSummary } from './metadata.ts';
import { withManifest } from './manifest.ts';
import { modelCard } from './model-card.ts';
import { ONNX_INPUT, ONNX_OUTPUT, onnxFromLayers } from './onnx.ts';
import { forecastFromRows } from './predict.ts';
import { METADATA_SCHEMA, TEST_VECTORS_SCHEMA } from './schemas.ts';
import { forecastRecipe, howToPredict, modelInputFromRows, rawRowsEndingAt, SEASONAL_RECIPE } from './recipe.ts';

/** What an export needs besides the model and data. */
export interface ExportContext {
  /** `columns`: how the file's columns were read (roles, units, conversions), when known. */
  readonly dataset: { readonly name: string; readonly source: string; readonly columns?: readonly ColumnMapping[] };
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig;
  readonly trainingSummary: TrainingSummary;
  /** How the run came about, oldest first (see `ModelMetadata.lineage`). */
  readonly lineage?: readonly string[];
  /** The training curves, recorded so that a reopened bundle shows how it was trained. */
  readonly history?: readonly EpochCurve[];
  /** Set when the model averages several seeds (see `ModelMetadata.ensemble`). */
  readonly ensemble?: EnsembleMetadata;
  /** Evaluation on the test split. */
  readonly evaluation: Evaluation;
  /** Number of test vectors to include (default 5). */
  readonly testVectorCount?: number;
}

function buildMetadata(model: tf.LayersModel, data: PreparedData, ctx: ExportContext, backend: string): ModelMetadata {
  const e = ctx.evaluation;
  const intervals = hasIntervalHead(model, data.horizonDays);
  const H = data.horizonDays;
  const band = e.intervals
    ? {
        intervals: {
          quantiles: e.intervals.quantiles,
          nominalCoverage: e.intervals.nominalCoverage,
          coverage: e.intervals.coverage,
          coveragePerHorizon: e.intervals.coveragePerHorizon,
          meanWidth: e.intervals.meanWidth,
          meanWidthPerHorizon: e.intervals.meanWidthPerHorizon,
          pinballLoss: e.intervals.pinballLoss,
        },
      }
    : {};
  // The key order is the order of metadata.json: keep it, exports are compared byte for byte.
  return {
    format: 'weather-forecast-bundle',
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    ...forecastRecipe(data),
    seasonalEncoding: SEASONAL_RECIPE,
    inputShape: [null, data.lookbackDays, data.numFeatures],
    outputShape: [null, outputUnits(H, intervals)],
    output: intervals ? { kind: 'quantiles', quantiles: [...QUANTILES], layout: QUANTILE_LAYOUT } : { kind: 'point' },
    dataset: {
      name: ctx.dataset.name,
      source: ctx.dataset.source,
      ...(ctx.dataset.columns ? { columns: ctx.dataset.columns } : {}),
      period: { start: data.dates[0], end: data.dates[data.dates.length - 1] },
      splits: data.periods,
    },
    architecture: ctx.architecture,
    training: { ...ctx.training, ...ctx.trainingSummary, backend },
    ...(ctx.lineage && ctx.lineage.length > 0 ? { lineage: ctx.lineage } : {}),
    ...(ctx.history ? { history: ctx.history.map(({ epoch, trainLoss, valLoss, trainMae, valMae }) => ({ epoch, trainLoss, valLoss, trainMae, valMae })) } : {}),
    ...(ctx.ensemble ? { ensemble: ctx.ensemble } : {}),
    parameters: model.countParams(),
    metrics: { split: 'test', model: e.model, baselines: e.baselines, skillPercent: e.skill, ...band },
    versions: { app: APP_NAME, appVersion: APP_VERSION, tfjs: tf.version.tfjs },
    onnx: { file: BUNDLE_FILES.onnx, opset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, input: ONNX_INPUT, output: ONNX_OUTPUT, verifiedWith: `onnxruntime ${ONNX_RUNTIME_VERIFIED}` },
    seed: ctx.training.seed,
    howToPredict: howToPredict(data, intervals),
  };
}

const encoder = new TextEncoder();

function json(value: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
}

/** Topology and weights of a model, in the TensorFlow.js layers format, and the same model as ONNX. */
async function modelArtifacts(model: tf.LayersModel, metadata: ModelMetadata): Promise<{ modelJson: tf.io.ModelJSON; weights: Uint8Array; onnx: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) throw new Error('Saving the model produced no weights.');
  const weightData = tf.io.concatenateArrayBuffers(captured.weightData);
  const weights = new Uint8Array(weightData);
  const onnx = onnxFromLayers({ modelTopology: captured.modelTopology, weightSpecs: captured.weightSpecs, weightData }, metadata.outputShape[1], {
    producerName: APP_NAME,
    producerVersion: APP_VERSION,
    docString: `${metadata.architecture.kind.toUpperCase()} forecast of ${metadata.target.name} (${metadata.target.units}), ${metadata.dataset.name}. Preprocessing and output scaling: metadata.json.`,
    properties: { target: metadata.target.name, lookbackDays: String(metadata.window.lookbackDays), horizonDays: String(metadata.window.horizonDays), features: metadata.features.map((f) => f.name).join(',') },
  });
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: captured.modelTopology,
      weightsManifest: [{ paths: [BUNDLE_FILES.weights], weights: captured.weightSpecs }],
    },
    weights,
    onnx,
  };
}

/**
 * Builds the export bundle: `model.json` + `weights.bin` (TensorFlow.js layers format, loadable
 * by `tf.loadLayersModel`), the same model as `model.onnx` (ONNX Runtime), `metadata.json`,
 * `test-vectors.json`, their JSON Schemas, a `README.md` model card and `manifest.json` (SHA-256 of
 * every other file; add files with `withManifest`).
 */
export async function exportBundle(model: tf.LayersModel, data: PreparedData, ctx: ExportContext): Promise<BundleFiles> {
  const metadata = buildMetadata(model, data, ctx, tf.getBackend());
  const columns = metadata.features.filter((f) => f.source === 'column').map((f) => f.name);
  const test = data.test;
  const n = Math.min(ctx.testVectorCount ?? 5, test.count);
  const testVectors: TestVector[] = [];
  for (let k = 0; k < n; k++) {
    const w = Math.floor((k * (test.count - 1)) / Math.max(1, n - 1));
    const rows = rawRowsEndingAt(data, test.anchors[w], columns);
    const forecast = forecastFromRows(model, metadata, rows);
    testVectors.push({
      rows,
      modelInput: modelInputFromRows(metadata, rows),
      forecastDates: forecast.dates,
      expected: forecast.values,
      ...(forecast.lower && forecast.upper ? { expectedLower: forecast.lower, expectedUpper: forecast.upper } : {}),
    });
  }
  const { modelJson, weights, onnx } = await modelArtifacts(model, metadata);
  return withManifest({
    [BUNDLE_FILES.model]: json(modelJson),
    [BUNDLE_FILES.weights]: weights,
    [BUNDLE_FILES.onnx]: onnx,
    [BUNDLE_FILES.metadata]: json(metadata),
    [BUNDLE_FILES.testVectors]: json(testVectors),
    [BUNDLE_FILES.metadataSchema]: json(METADATA_SCHEMA),
    [BUNDLE_FILES.testVectorsSchema]: json(TEST_VECTORS_SCHEMA),
    [BUNDLE_FILES.readme]: encoder.encode(modelCard(metadata)),
  });
}
