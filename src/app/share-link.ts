/**
 * Shareable settings: the URL's hash query encodes dataset, features, window, architecture,
 * hyperparameters, seed and backend, e.g. `#/training?data=seattle&arch=gru&lr=0.003&seed=42…`.
 * Opening it reproduces the setup; with the same seed and backend, training gives the same result.
 * Pure functions; every parameter is checked, and a bad one is named with what was expected.
 */
import { ARCHITECTURES, type ArchitectureKind } from '../ml/architectures/specs.ts';
import type { BackendName } from '../ml/backend.ts';
import { decodeOverrides, encodeOverrides, type MappingOverrides } from '../ml/data/mapping.ts';
import { allDatasets, datasetInfo, isDatasetId, LONG_RECORDS, SHIPPED_DATASETS } from '../ml/datasets.ts';
import { expectation, parseNumber, readPath, writePath } from '../ml/settings/check.ts';
import { appliesTo, SETTINGS, storedSettings, type Setting } from '../ml/settings/table.ts';
import { DEFAULT_SETTINGS, type RunRecord, type Settings } from './state.ts';

/** Link parameters that are not in the settings table: the data source and the columns. */
const DATA_KEYS = { data: 'data', target: 'target', inputs: 'inputs', map: 'map' } as const;

/** The table's settings that travel in a link, in link order. */
function linkedSettings(): [string, Setting & { path: string; link: string }][] {
  return storedSettings().filter((e): e is [typeof e[0], Setting & { path: string; link: string }] => e[1].link !== undefined);
}

/** The query string (without `?`) that encodes `settings`. An uploaded file cannot travel in a link: `data=upload`. */
export function settingsToQuery(settings: Settings): string {
  const { dataSource, dataSpec } = settings;
  const params = new URLSearchParams();
  params.set(DATA_KEYS.data, dataSource.kind === 'shipped' ? dataSource.id : 'upload');
  params.set(DATA_KEYS.target, dataSpec.features.target);
  params.set(DATA_KEYS.inputs, dataSpec.features.inputs.join(','));
  if (dataSource.kind === 'upload' && dataSource.mapping && Object.keys(dataSource.mapping).length > 0) params.set(DATA_KEYS.map, encodeOverrides(dataSource.mapping));
  for (const [, setting] of linkedSettings()) {
    if (!appliesTo(setting, settings.architecture.kind)) continue;
    const value = readPath(settings, setting.path);
    if (value === undefined && setting.kind === 'number' && setting.optional) continue;
    if (setting.kind === 'flag') {
      const on = value === undefined ? setting.default : value === true;
      if (!on && setting.omitWhenFalse) continue;
      params.set(setting.link, on ? '1' : '0');
    } else params.set(setting.link, String(value));
  }
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
  // A learning-curve point is a training from settings too: its split holds its years of data.
  if (run.kind !== 'train' && run.kind !== 'search' && run.kind !== 'learning-curve') return null;
  const shipped = allDatasets().find((d) => d.label === run.datasetLabel);
  return {
    dataSource: shipped ? { kind: 'shipped', id: shipped.id } : { kind: 'upload', name: run.datasetLabel, file: null },
    dataSpec: run.dataSpec,
    architecture: run.architecture,
    training: run.training,
    backend: (SETTINGS.backend.options as readonly string[]).includes(run.backend) ? (run.backend as BackendName) : DEFAULT_SETTINGS.backend,
  };
}

export interface LinkedSettings {
  readonly settings: Settings;
  /** One sentence per parameter that was wrong and replaced by its default. */
  readonly problems: readonly string[];
  /** The link was made with an uploaded file, which it does not contain. */
  readonly needsUpload: boolean;
  /** The column mapping of the uploaded file the link was made with. */
  readonly mapping?: MappingOverrides;
}

const KNOWN = new Set<string>([...Object.values(DATA_KEYS), ...linkedSettings().map(([, s]) => s.link)]);

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

  /** The value a link gives a table setting, or the fallback (with the problem named). */
  const take = (setting: Setting & { link: string }, fallback: unknown): unknown => {
    const raw = params.get(setting.link);
    if (raw === null) return fallback;
    let value: unknown = null;
    if (setting.kind === 'number') value = parseNumber(setting, raw);
    else if (setting.kind === 'choice') value = (setting.options as readonly string[]).includes(raw) ? raw : null;
    else if (setting.kind === 'flag') value = raw === '1' || raw === '0' ? raw === '1' : null;
    if (value !== null) return value;
    // An optional setting left absent means its default (48 training years: all of them).
    const shown = typeof fallback === 'boolean' ? (fallback ? 1 : 0) : (fallback ?? setting.default);
    problems.push(`"${setting.link}=${raw}" should be ${expectation(setting)}; the default ${String(shown)} is used.`);
    return fallback;
  };
  // Any header name the CSV reader accepts (no markup, no control characters, no formula start), up to 64 characters.
  // eslint-disable-next-line no-control-regex
  const name = (raw: string) => /^[^<>=@+\-\s\u0000-\u001f\u007f][^<>\u0000-\u001f\u007f]{0,63}$/.test(raw);

  // Data
  let dataSource = defaults.dataSource;
  let needsUpload = false;
  const data = params.get('data');
  if (data !== null) {
    if (isDatasetId(data)) dataSource = { kind: 'shipped', id: data };
    else if (data === 'upload') needsUpload = true;
    else problems.push(`"data=${data}" should be one of ${Object.keys(SHIPPED_DATASETS).join(', ')} or a 50-year record (${Object.keys(LONG_RECORDS).join(', ')}); ${SHIPPED_DATASETS.seattle.label} is used.`);
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
  const split = dataSource.kind === 'shipped' ? datasetInfo(dataSource.id).split : defaults.dataSpec.split;

  // The table's settings, in link order: the model family first decides the defaults of its sizes.
  let settings: Settings = { ...defaults, dataSource, dataSpec: { ...defaults.dataSpec, features: { ...f, target, inputs }, split } };
  const kind = take(SETTINGS.architecture, defaults.architecture.kind) as ArchitectureKind;
  if (kind !== defaults.architecture.kind) settings = { ...settings, architecture: ARCHITECTURES[kind].defaults };
  for (const [name, setting] of linkedSettings()) {
    // The defaults (for sizes, the family's own, set just above); an absent flag is its table default.
    // An optional setting (training years) absent from the link and the defaults stays absent.
    const fallback = readPath(settings, setting.path) ?? (setting.kind === 'number' && setting.optional ? undefined : setting.default);
    const value = name === 'architecture' ? kind : take(setting, fallback);
    // A flag stored only when true (intervals) is left out when false, as settings saved without it read.
    settings = writePath(settings, setting.path, setting.kind === 'flag' && setting.omitWhenFalse && value === false ? undefined : value);
  }
  const mapping = params.has(DATA_KEYS.map) ? decodeOverrides(params.get(DATA_KEYS.map) ?? '') : undefined;
  return { settings, problems, needsUpload, ...(mapping ? { mapping } : {}) };
}
