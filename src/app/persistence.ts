/**
 * What survives a reload, in IndexedDB (through idb-keyval): the settings, the finished runs,
 * and each run's model bundle. Stored data is checked on the way back in; anything that does not
 * look right is dropped and reported, never trusted.
 */
import { clear, createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import type { BundleFiles } from '../ml/export/format.ts';
import { repairStoredSettings } from '../ml/settings/check.ts';
import { DEFAULT_SETTINGS, type RunRecord, type Settings } from './state.ts';

const SCHEMA_VERSION = 1;

let store: UseStore | null = null;
function db(): UseStore {
  store ??= createStore('weather-forecast-ml', 'state');
  return store;
}

export interface RestoredState {
  readonly settings: Settings | null;
  readonly runs: readonly RunRecord[];
  readonly selectedRunId: string | null;
  /** Set when stored state was unreadable and was reset. */
  readonly problem: string | null;
}

function isSettings(value: unknown): value is Settings {
  const s = value as Settings;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.dataSource === 'object' &&
    (s.dataSource.kind === 'shipped' || (s.dataSource.kind === 'upload' && typeof s.dataSource.text === 'string')) &&
    typeof s.dataSpec?.features?.target === 'string' &&
    Array.isArray(s.dataSpec.features.inputs) &&
    Number.isInteger(s.dataSpec.window?.lookbackDays) &&
    Number.isInteger(s.dataSpec.window?.horizonDays) &&
    typeof s.dataSpec.split?.kind === 'string' &&
    typeof s.architecture === 'object' &&
    s.architecture !== null &&
    typeof s.training === 'object' &&
    s.training !== null
  );
}

function isRun(value: unknown): value is RunRecord {
  const r = value as RunRecord;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.label === 'string' && Array.isArray(r.history) && typeof r.architecture?.kind === 'string';
}

/** Reads the stored state; resets it (and says so) when it is corrupted or from another version. */
export async function restoreState(): Promise<RestoredState> {
  try {
    const [version, settings, runs, selectedRunId] = await Promise.all([
      get<number>('schema', db()),
      get<unknown>('settings', db()),
      get<unknown>('runs', db()),
      get<unknown>('selectedRunId', db()),
    ]);
    if (version === undefined && settings === undefined) return { settings: null, runs: [], selectedRunId: null, problem: null };
    const ok = version === SCHEMA_VERSION && isSettings(settings) && (runs === undefined || (Array.isArray(runs) && runs.every(isRun)));
    if (!ok) {
      await clearState();
      return { settings: null, runs: [], selectedRunId: null, problem: 'The saved session could not be read (it was damaged or from an older version) and has been reset to the defaults.' };
    }
    // A value outside the settings table's limits (an older app, a hand-edited store) is not trusted.
    const checked = repairStoredSettings(settings, DEFAULT_SETTINGS);
    const problem =
      checked.replaced.length > 0
        ? `Saved setting${checked.replaced.length === 1 ? '' : 's'} ${checked.replaced.join(', ')} ${checked.replaced.length === 1 ? 'was' : 'were'} out of range and reset to the default${checked.replaced.length === 1 ? '' : 's'}; everything else was kept.`
        : null;
    return { settings: checked.settings, runs: (runs as RunRecord[] | undefined) ?? [], selectedRunId: typeof selectedRunId === 'string' ? selectedRunId : null, problem };
  } catch (error) {
    return { settings: null, runs: [], selectedRunId: null, problem: `Saved sessions are unavailable in this browser (${(error as Error).message}); work will not survive a reload.` };
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await set('schema', SCHEMA_VERSION, db());
  await set('settings', settings, db());
}

export async function saveRuns(runs: readonly RunRecord[], selectedRunId: string | null): Promise<void> {
  await set('schema', SCHEMA_VERSION, db());
  await set('runs', runs, db());
  await set('selectedRunId', selectedRunId, db());
}

export async function saveModel(runId: string, files: BundleFiles): Promise<void> {
  await set(`model:${runId}`, files, db());
}

export async function loadModel(runId: string): Promise<BundleFiles | undefined> {
  return get<BundleFiles>(`model:${runId}`, db());
}

/** Ids of the runs whose models are stored. */
export async function storedModelIds(): Promise<Set<string>> {
  const all = await keys(db());
  return new Set(all.filter((k): k is string => typeof k === 'string' && k.startsWith('model:')).map((k) => k.slice('model:'.length)));
}

export async function deleteModel(runId: string): Promise<void> {
  await del(`model:${runId}`, db());
}

/** Forgets everything stored. */
export async function clearState(): Promise<void> {
  await clear(db());
}
