/// <reference lib="webworker" />
/**
 * The ML worker: owns TensorFlow.js, the current dataset, and every model. The page talks to it
 * only through the typed protocol in `protocol.ts`, so training never blocks the page.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { buildModel, disposeModel, hasIntervalHead, summarizeModel } from '../ml/architectures/architectures.ts';
import { initBackend } from '../ml/backend.ts';
import { CsvError, parseWeatherCsv, type ParsedWeatherCsv } from '../ml/data/csv.ts';
import { DataSpecError, prepareData, type PreparedData } from '../ml/data/prepare.ts';
import { DEFAULT_FRACTION_SPLIT } from '../ml/data/split.ts';
import { dayRangeOf } from '../ml/data/table.ts';
import { datasetInfo, type DatasetId } from '../ml/datasets.ts';
import { evaluateModel } from '../ml/evaluation/evaluate.ts';
import { explainModel } from '../ml/evaluation/importance.ts';
import { BundleError, exportBundle, forecastFromRows, forecastRecipe, importBundle, type ForecastRecipe } from '../ml/export/bundle.ts';
import { metadataDataSpec } from '../ml/export/format.ts';
import { trainEnsemble } from '../ml/fine-tuning/ensemble.ts';
import { cloneModel, continueTraining, hyperparameterSearch, transferToCity } from '../ml/fine-tuning/fine-tuning.ts';
import { learningCurve as trainLearningCurve } from '../ml/fine-tuning/learning-curve.ts';
import { train, TrainingDivergedError, type TrainingResult } from '../ml/training/train.ts';
import { datasetText } from './dataset-files.ts';
import type { DataSource, FromWorker, Protocol, RequestType, SerializedError, ToWorker, TrainOutcome } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

interface Loaded {
  parsed: ParsedWeatherCsv;
  label: string;
  source: string;
  shippedId?: DatasetId;
}

let loaded: Loaded | null = null;
let prepared: PreparedData | null = null;
/** Models by id, each with the recipe (features, normalization, window) it was trained with. */
interface ModelEntry {
  model: tf.LayersModel;
  recipe: ForecastRecipe;
  /** The data it was trained (or evaluated) on; continuing, transfer and export use it. */
  data: PreparedData | null;
}
const models = new Map<string, ModelEntry>();
const running = new Map<number, AbortController>();

function requirePrepared(): PreparedData {
  if (!prepared) throw new Error('No data is prepared yet. Choose a dataset in step 1.');
  return prepared;
}

function requireModel(id: string): ModelEntry {
  const entry = models.get(id);
  if (!entry) throw new Error(`Model "${id}" is not loaded. Train it again or load its zip in step 6.`);
  return entry;
}

function requireModelWithData(id: string): ModelEntry & { data: PreparedData } {
  const entry = requireModel(id);
  if (!entry.data) throw new Error('This model has no data it was trained on in this session. Load a dataset with its features, or train a new model.');
  return entry as ModelEntry & { data: PreparedData };
}

function keepModel(id: string, entry: ModelEntry): void {
  const old = models.get(id);
  if (old && old.model !== entry.model) disposeModel(old.model);
  models.set(id, entry);
}

function outcome(model: tf.LayersModel, data: PreparedData, result: TrainingResult): TrainOutcome {
  const { history, ...rest } = result;
  return { result: rest, history, evaluation: evaluateModel(model, data), description: summarizeModel(model) };
}

/** Runs a training on a new model; keeps the model under `modelId` when it succeeds, disposes it when not. */
async function trainAndKeep(
  modelId: string,
  model: tf.LayersModel,
  data: PreparedData,
  run: (model: tf.LayersModel) => Promise<TrainingResult>,
): Promise<TrainOutcome> {
  try {
    const result = await run(model);
    keepModel(modelId, { model, recipe: forecastRecipe(data), data });
    return outcome(model, data, result);
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}

async function parseShipped(id: DatasetId): Promise<Loaded> {
  const d = datasetInfo(id);
  return { parsed: parseWeatherCsv(await datasetText(id)), label: d.label, source: d.source, shippedId: id };
}

type Handler<K extends RequestType> = (
  payload: Protocol[K]['request'],
  ctx: { signal: AbortSignal; progress: (p: Protocol[K]['progress']) => void },
) => Promise<Protocol[K]['response']> | Protocol[K]['response'];

/**
 * Passes a batch's progress on at most every 100 ms: a fused training step runs ≈ 1,000 batches a
 * second, and a message per batch would re-render the page per batch (long tasks on the main thread).
 */
function everyTenthSecond<T>(send: (value: T) => void): (value: T) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (value) => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    send(value);
  };
}

/** An upload's text, read here from its file (the page passes the Blob, never the 50 MB string). */
async function uploadText(source: Extract<DataSource, { kind: 'upload' }>, progress: (p: { kind: 'reading'; done: number; total: number }) => void): Promise<string> {
  const { file, name } = source;
  if (!file) throw new Error(`The file ${name} is not in this session: choose it again in step 1.`);
  progress({ kind: 'reading', done: 0, total: file.size });
  try {
    return await file.text();
  } catch (error) {
    throw new Error(`The file ${name} could not be read (${error instanceof Error ? error.message : String(error)}): check that it still exists and choose it again.`, { cause: error });
  }
}

const handlers: { [K in RequestType]: Handler<K> } = {
  async init({ backend }) {
    const used = await initBackend(backend, { wasmPaths: WASM_PATHS });
    return { backend: used, fellBack: used !== backend };
  },

  async loadDataset({ source }, { signal, progress }) {
    const next =
      source.kind === 'shipped'
        ? await parseShipped(source.id)
        : {
            parsed: parseWeatherCsv(await uploadText(source, progress), {
              ...(source.mapping ? { mapping: source.mapping } : {}),
              ...(source.dateOrder ? { dateOrder: source.dateOrder } : {}),
              onProgress: (done, total) => progress({ kind: 'reading', done, total }),
            }),
            label: source.name,
            source: source.description ?? `uploaded file ${source.name}`,
          };
    // A newer choice superseded this one while its file downloaded: it must not replace the newer dataset.
    if (signal.aborted) throw new Error('Superseded by a newer dataset choice.');
    // Only a dataset that parsed replaces the current one: a bad upload loses nothing.
    loaded = next;
    prepared = null;
    const { table, report, ignoredColumns, mapping, notes } = next.parsed;
    return {
      label: next.label,
      sourceDescription: next.source,
      days: dayRangeOf(table.dates),
      columns: table.columns,
      units: table.units,
      report,
      ignoredColumns,
      mapping,
      notes,
      defaultSplit: next.shippedId ? datasetInfo(next.shippedId).split : DEFAULT_FRACTION_SPLIT,
    };
  },

  prepare({ spec }) {
    if (!loaded) throw new Error('No dataset is loaded yet. Choose one in step 1.');
    prepared = prepareData(loaded.parsed.table, spec);
    return {
      spec,
      featureNames: prepared.featureNames,
      target: prepared.target,
      targetUnits: prepared.targetUnits,
      normalizer: prepared.normalizer,
      periods: prepared.periods,
      testStartRow: prepared.testStartRow,
    };
  },

  describeModel({ architecture, seed, intervals }) {
    const data = requirePrepared();
    const model = buildModel(architecture, data, seed, { intervals });
    try {
      return summarizeModel(model);
    } finally {
      disposeModel(model);
    }
  },

  train({ modelId, architecture, training }, { signal, progress }) {
    const data = requirePrepared();
    return trainAndKeep(modelId, buildModel(architecture, data, training.seed, { intervals: training.intervals }), data, (model) =>
      train(model, data, training, { signal, onBatch: everyTenthSecond((log) => progress({ kind: 'batch', log })), onEpoch: (log) => progress({ kind: 'epoch', log }) }),
    );
  },

  async continueTraining({ fromModelId, modelId, training, learningRateFactor }, { signal, progress }) {
    const source = requireModelWithData(fromModelId);
    // The model's head decides the loss (pinball for an interval model), whatever the stored settings say.
    const config = { ...training, intervals: hasIntervalHead(source.model, source.data.horizonDays) };
    return trainAndKeep(modelId, await cloneModel(source.model), source.data, (model) =>
      continueTraining(model, source.data, config, {
        learningRateFactor,
        signal,
        onBatch: everyTenthSecond((log) => progress({ kind: 'batch', log })),
        onEpoch: (log) => progress({ kind: 'epoch', log }),
      }),
    );
  },

  search({ architecture, training, space, mode, trials, only }, { signal, progress }) {
    const data = requirePrepared();
    return hyperparameterSearch(
      { data, architecture, training, space, mode, trials },
      { signal, only, onTrial: (ranking, index, total) => progress({ kind: 'trial', ranking, index, total }) },
    );
  },

  async transfer({ modelId, architecture, target, fraction, training, learningRateFactor, freeze }, { signal, progress }) {
    const source = requireModelWithData(modelId);
    const data = source.data;
    const targetLoaded = await parseShipped(target);
    return transferToCity(
      {
        sourceModel: source.model,
        sourceData: data,
        targetTable: targetLoaded.parsed.table,
        targetSpec: { ...data.spec, split: datasetInfo(target).split },
        architecture,
        targetFraction: fraction,
        // fine-tuned and from-scratch models keep the source model's head (and so its loss)
        training: { ...training, intervals: hasIntervalHead(source.model, data.horizonDays) },
        learningRateFactor,
        freeze,
      },
      { signal, onEpoch: (log) => progress({ kind: 'epoch', log }) },
    );
  },

  async ensemble({ fromModelId, modelId, architecture, training, members }, { signal, progress }) {
    const { model: source, data } = requireModelWithData(fromModelId);
    // Same data as the selected run, and its head (an interval model's members are interval models).
    const config = { ...training, intervals: hasIntervalHead(source, data.horizonDays) };
    const result = await trainEnsemble({ data, architecture, training: config, members }, { signal, onEpoch: (log, member, n) => progress({ kind: 'epoch', log, member, members: n }) });
    const description = result.model ? summarizeModel(result.model) : null;
    if (result.model) keepModel(modelId, { model: result.model, recipe: forecastRecipe(data), data });
    return { members: result.members, valMae: result.valMae, evaluation: result.evaluation, description, msTotal: result.msTotal, cancelled: result.cancelled };
  },

  learningCurve({ spec, architectures, training, trainYears }, { signal, progress }) {
    if (!loaded) throw new Error('No dataset is loaded yet. Choose a 50-year record in step 1.');
    return trainLearningCurve(
      { table: loaded.parsed.table, dataSpec: spec, architectures, training, trainYears },
      { signal, onEpoch: (log, run, runs) => progress({ kind: 'epoch', log, run, runs }), onPoint: (point, run, runs) => progress({ kind: 'point', point, run, runs }) },
    );
  },

  exportBundle({ modelId, architecture, training, trainingSummary, dataset, lineage, history, ensemble }) {
    const { model, data } = requireModelWithData(modelId);
    return exportBundle(model, data, { dataset, architecture, training, trainingSummary, lineage, history, ensemble, evaluation: evaluateModel(model, data) });
  },

  async importBundle({ modelId, files }) {
    const bundle = await importBundle(files);
    let evaluation = null;
    let evaluatedOn: PreparedData | null = null;
    let evaluationProblem: string | null = null;
    const m = bundle.metadata;
    if (loaded) {
      try {
        const spec = metadataDataSpec(m, prepared?.spec.split ?? DEFAULT_FRACTION_SPLIT);
        const data = prepareData(loaded.parsed.table, spec, {
          normalizer: { features: m.features.map((f) => f.name), mean: m.features.map((f) => f.mean), std: m.features.map((f) => f.std) },
        });
        evaluation = evaluateModel(bundle.model, data);
        evaluatedOn = data;
      } catch (error) {
        evaluationProblem = (error as Error).message;
      }
    } else {
      evaluationProblem = 'No dataset is loaded to evaluate it on.';
    }
    keepModel(modelId, { model: bundle.model, recipe: bundle.metadata, data: evaluatedOn });
    return { metadata: m, check: bundle.check, manifest: bundle.manifest, evaluation, evaluationProblem };
  },

  forecast({ modelId, rows }) {
    const entry = models.get(modelId);
    if (!entry) throw new Error(`Model "${modelId}" is not loaded. Train it again or load its zip.`);
    const { model, recipe } = entry;
    let input = rows;
    if (!input) {
      if (!loaded) throw new Error('No dataset is loaded: enter the last days by hand or choose a dataset in step 1.');
      const table = loaded.parsed.table;
      const needed = recipe.features.filter((f) => f.source === 'column').map((f) => f.name);
      const missing = needed.filter((c) => !table.columns[c]);
      if (missing.length > 0) throw new Error(`The current dataset has no column ${missing.join(', ')}, which this model needs. Enter the values by hand.`);
      const L = recipe.window.lookbackDays;
      const n = table.dates.length;
      input = Array.from({ length: L }, (_, k) => {
        const i = n - L + k;
        return { date: table.dates[i], values: Object.fromEntries(needed.map((c) => [c, table.columns[c][i]])) };
      });
    }
    const f = forecastFromRows(model, recipe, input);
    return { ...f, units: recipe.target.units, fromRows: { start: input[0].date, end: input[input.length - 1].date } };
  },

  explainModel({ modelId }) {
    const { model, data } = requireModelWithData(modelId);
    return explainModel(model, data);
  },

  disposeModel({ modelId }) {
    const entry = models.get(modelId);
    if (entry) disposeModel(entry.model);
    models.delete(modelId);
    return { numTensors: tf.memory().numTensors };
  },

  memory() {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes, models: models.size };
  },
};

function serializeError(error: unknown): SerializedError {
  if (error instanceof CsvError) return { name: error.name, message: error.message, code: error.code, row: error.row, column: error.column, hint: error.hint };
  if (error instanceof BundleError) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof DataSpecError) return { name: error.name, message: error.message, hint: error.hint };
  if (error instanceof TrainingDivergedError) return { name: error.name, message: error.message, code: 'diverged' };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.kind === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const { id, type, payload } = message;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const handler = handlers[type] as Handler<RequestType>;
    const result = await handler(payload as never, {
      signal: controller.signal,
      progress: (p) => post({ kind: 'progress', id, payload: p }),
    });
    post({ kind: 'result', id, payload: result });
  } catch (error) {
    post({ kind: 'error', id, error: serializeError(error) });
  } finally {
    running.delete(id);
  }
};

post({ kind: 'ready' });
