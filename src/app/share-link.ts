/**
 * Shareable settings: the URL's hash query encodes dataset, features, window, architecture,
 * hyperparameters, seed and backend, e.g. `#/training?data=seattle&arch=gru&lr=0.003&seed=42…`.
 * Opening it reproduces the setup; with the same seed and backend, training gives the same result.
 * Pure functions; every parameter is checked, and a bad one is named with what was expected.
 */
import { ARCHITECTURE_LIMITS, ARCHITECTURES, type ArchitectureKind } from '../ml/architectures/specs.ts';
import type { BackendName } from '../ml/backend.ts';
import { isShippedDatasetId, SHIPPED_DATASETS } from '../ml/datasets.ts';
import { WINDOW_LIMITS } from '../ml/data/windows.ts';
import { OPTIMIZER_LABELS, TRAINING_LIMITS, type OptimizerName } from '../ml/training/config.ts';
import { DEFAULT_SETTINGS, type RunRecord, type Settings } from './state.ts';

const BACKENDS: readonly BackendName[] = ['wasm', 'cpu', 'webgl'];

/** The query string (without `?`) that encodes `settings`. An uploaded file cannot travel in a link: `data=upload`. */
export function settingsToQuery(settings: Settings): string {
  const { dataSource, dataSpec, architecture: a, training: t } = settings;
  const params = new URLSearchParams();
  params.set('data', dataSource.kind === 'shipped' ? dataSource.id : 'upload');
  params.set('target', dataSpec.features.target);
  params.set('inputs', dataSpec.features.inputs.join(','));
  params.set('seasonal', dataSpec.features.seasonal === false ? '0' : '1');
  params.set('lookback', String(dataSpec.window.lookbackDays));
  params.set('horizon', String(dataSpec.window.horizonDays));
  params.set('arch', a.kind);
  if (ARCHITECTURES[a.kind].hasHiddenLayers) {
    params.set('layers', String(a.layers));
    params.set('units', String(a.units));
    params.set('dropout', String(a.dropout));
  }
  params.set('opt', t.optimizer);
  params.set('lr', String(t.learningRate));
  params.set('batch', String(t.batchSize));
  params.set('epochs', String(t.epochs));
  params.set('patience', String(t.patience));
  params.set('seed', String(t.seed));
  if (t.intervals) params.set('intervals', '1');
  params.set('backend', settings.backend);
  return params.toString();
}

/** The full link to `settings` on `step`, for a page at `location` (origin + path). */
export function shareLink(settings: Settings, step: string, base: string): string {
  return `${base}#/${step}?${settingsToQuery(settings)}`;
}

/**
 * The settings a training or search trial was made with: a link to them trains the same model
 * again (same seed and backend, same result). Other kinds (fine-tunings, transfer arms, reopened
 * zips) are not a training from settings alone, so they have none.
 */
export function runSettings(run: RunRecord): Settings | null {
  if (run.kind !== 'train' && run.kind !== 'search') return null;
  const shipped = Object.values(SHIPPED_DATASETS).find((d) => d.label === run.datasetLabel);
  return {
    dataSource: shipped ? { kind: 'shipped', id: shipped.id } : { kind: 'upload', name: run.datasetLabel, text: '' },
    dataSpec: run.dataSpec,
    architecture: run.architecture,
    training: run.training,
    backend: (BACKENDS as readonly string[]).includes(run.backend) ? (run.backend as BackendName) : DEFAULT_SETTINGS.backend,
  };
}

export interface LinkedSettings {
  readonly settings: Settings;
  /** One sentence per parameter that was wrong and replaced by its default. */
  readonly problems: readonly string[];
  /** The link was made with an uploaded file, which it does not contain. */
  readonly needsUpload: boolean;
}

const KNOWN = new Set(['data', 'target', 'inputs', 'seasonal', 'lookback', 'horizon', 'arch', 'layers', 'units', 'dropout', 'opt', 'lr', 'batch', 'epochs', 'patience', 'seed', 'intervals', 'backend']);

/** Whether a hash query holds shared settings at all. */
export function hasSharedSettings(query: string): boolean {
  const params = new URLSearchParams(query);
  return [...params.keys()].some((k) => KNOWN.has(k));
}

/**
 * Settings from a link's query. Starts from the defaults (so a link means the same on any
 * browser), takes every parameter it can, and reports the ones it cannot.
 */
export function settingsFromQuery(query: string, defaults: Settings = DEFAULT_SETTINGS): LinkedSettings {
  const params = new URLSearchParams(query);
  const problems: string[] = [];
  const unknown = [...params.keys()].filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) problems.push(`The link has parameter${unknown.length === 1 ? '' : 's'} this app does not know (${unknown.join(', ')}); ignored.`);

  const number = (key: string, fallback: number, limits: { min: number; max: number }, whole: boolean): number => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || (whole && !Number.isInteger(v)) || v < limits.min || v > limits.max) {
      problems.push(`"${key}=${raw}" should be ${whole ? 'a whole number' : 'a number'} from ${limits.min} to ${limits.max}; the default ${fallback} is used.`);
      return fallback;
    }
    return v;
  };
  const choice = <T extends string>(key: string, fallback: T, allowed: readonly T[]): T => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`"${key}=${raw}" should be one of ${allowed.join(', ')}; the default ${fallback} is used.`);
    return fallback;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    if (raw === '1' || raw === '0') return raw === '1';
    problems.push(`"${key}=${raw}" should be 1 or 0; the default ${fallback ? 1 : 0} is used.`);
    return fallback;
  };
  const name = (raw: string) => /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(raw);

  // Data
  let dataSource = defaults.dataSource;
  let needsUpload = false;
  const data = params.get('data');
  if (data !== null) {
    if (isShippedDatasetId(data)) dataSource = { kind: 'shipped', id: data };
    else if (data === 'upload') needsUpload = true;
    else problems.push(`"data=${data}" should be one of ${Object.keys(SHIPPED_DATASETS).join(', ')}; ${SHIPPED_DATASETS.seattle.label} is used.`);
  }
  const f = defaults.dataSpec.features;
  let target = params.get('target') ?? f.target;
  if (!name(target)) {
    problems.push(`"target=${target}" is not a column name; ${f.target} is used.`);
    target = f.target;
  }
  let inputs = params.has('inputs') ? (params.get('inputs') ?? '').split(',').filter((c) => c !== '') : [...f.inputs];
  const badInputs = inputs.filter((c) => !name(c));
  if (badInputs.length > 0) {
    problems.push(`"inputs" has ${badInputs.map((c) => JSON.stringify(c)).join(', ')}, which ${badInputs.length === 1 ? 'is not a column name' : 'are not column names'}; the default inputs are used.`);
    inputs = [...f.inputs];
  }
  const w = defaults.dataSpec.window;
  const window = {
    lookbackDays: number('lookback', w.lookbackDays, WINDOW_LIMITS.lookbackDays, true),
    horizonDays: number('horizon', w.horizonDays, WINDOW_LIMITS.horizonDays, true),
  };
  const split = dataSource.kind === 'shipped' ? SHIPPED_DATASETS[dataSource.id].split : defaults.dataSpec.split;

  // Architecture
  const kind = choice<ArchitectureKind>('arch', defaults.architecture.kind, Object.keys(ARCHITECTURES) as ArchitectureKind[]);
  const archDefaults = kind === defaults.architecture.kind ? defaults.architecture : ARCHITECTURES[kind].defaults;
  const architecture = {
    kind,
    layers: number('layers', archDefaults.layers, ARCHITECTURE_LIMITS.layers, true),
    units: number('units', archDefaults.units, ARCHITECTURE_LIMITS.units, true),
    dropout: number('dropout', archDefaults.dropout, ARCHITECTURE_LIMITS.dropout, false),
  };

  // Training
  const t = defaults.training;
  const training = {
    ...t,
    optimizer: choice<OptimizerName>('opt', t.optimizer, Object.keys(OPTIMIZER_LABELS) as OptimizerName[]),
    learningRate: number('lr', t.learningRate, TRAINING_LIMITS.learningRate, false),
    batchSize: number('batch', t.batchSize, TRAINING_LIMITS.batchSize, true),
    epochs: number('epochs', t.epochs, TRAINING_LIMITS.epochs, true),
    patience: number('patience', t.patience, TRAINING_LIMITS.patience, true),
    seed: number('seed', t.seed, TRAINING_LIMITS.seed, true),
    ...(flag('intervals', false) ? { intervals: true } : {}),
  };
  const backend = choice<BackendName>('backend', defaults.backend, BACKENDS);

  return {
    settings: {
      dataSource,
      dataSpec: { features: { target, inputs, seasonal: flag('seasonal', f.seasonal ?? true) }, window, split },
      architecture,
      training,
      backend,
    },
    problems,
    needsUpload,
  };
}
