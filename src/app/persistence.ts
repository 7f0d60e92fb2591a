/**
 * What survives a reload, in IndexedDB (through idb-keyval): the settings, each run record under its
 * own key (`run:<id>`, one transaction per record, so two tabs never overwrite each other's runs),
 * the selection, and each run's model bundle (`model:<id>`). Stored data is checked on the way back
 * in; a record that does not look right is dropped and reported, never trusted. Other tabs hear of
 * every saved or deleted run through a BroadcastChannel.
 *
 * Schema 2 (per-record runs). Schema 1 (one `runs` array, before 2026-12-01) is migrated on restore.
 */
import { clear, createStore, del, delMany, entries, get, keys, set, setMany, type UseStore } from 'idb-keyval';
import type { BundleFiles } from '../ml/export/format.ts';
import { repairStoredSettings } from '../ml/settings/check.ts';
import { DEFAULT_SETTINGS, type RunRecord, type Settings } from './state.ts';

const SCHEMA_VERSION = 2;
const RUN_PREFIX = 'run:';

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

/** Schema 1 kept every run in one `runs` array: write each as its own record, then drop the array. */
async function migrateFromV1(runs: unknown): Promise<void> {
  const list = Array.isArray(runs) ? runs.filter(isRun) : [];
  await setMany([...list.map((r): [string, RunRecord] => [`${RUN_PREFIX}${r.id}`, r]), ['schema', SCHEMA_VERSION]], db());
  await del('runs', db());
}

/** Every stored run record, oldest first; records that do not look like runs are counted, not returned. */
async function readRuns(): Promise<{ runs: RunRecord[]; damaged: number }> {
  const all = await entries(db());
  const records = all.filter(([k]) => typeof k === 'string' && k.startsWith(RUN_PREFIX)).map(([, v]) => v as unknown);
  const runs = records.filter(isRun).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { runs, damaged: records.length - runs.length };
}

/** Reads the stored state: damaged settings are reset to the defaults and damaged run records dropped, each said so; the rest is kept. */
export async function restoreState(): Promise<RestoredState> {
  try {
    const [version, settings, oldRuns, selectedRunId] = await Promise.all([get<number>('schema', db()), get<unknown>('settings', db()), get<unknown>('runs', db()), get<unknown>('selectedRunId', db())]);
    if (version === undefined && settings === undefined) return { settings: null, runs: [], selectedRunId: null, problem: null };
    if (version === 1) await migrateFromV1(oldRuns);
    const problems: string[] = [];
    if (version !== 1 && version !== SCHEMA_VERSION) problems.push('The saved session is from another version of this app.');
    const { runs, damaged } = await readRuns();
    if (damaged > 0) problems.push(`${damaged} saved run${damaged === 1 ? '' : 's'} could not be read and ${damaged === 1 ? 'was' : 'were'} left out.`);
    let restored: Settings | null = null;
    if (!isSettings(settings)) {
      await del('settings', db());
      problems.push('The saved settings could not be read (they were damaged) and have been reset to the defaults; your runs were kept.');
    } else {
      // A value outside the settings table's limits (an older app, a hand-edited store) is not trusted.
      const checked = repairStoredSettings(settings, DEFAULT_SETTINGS);
      restored = checked.settings;
      const n = checked.replaced.length;
      if (n > 0) problems.push(`Saved setting${n === 1 ? '' : 's'} ${checked.replaced.join(', ')} ${n === 1 ? 'was' : 'were'} out of range and reset to the default${n === 1 ? '' : 's'}; everything else was kept.`);
    }
    return { settings: restored, runs, selectedRunId: typeof selectedRunId === 'string' ? selectedRunId : null, problem: problems.length > 0 ? problems.join(' ') : null };
  } catch (error) {
    return { settings: null, runs: [], selectedRunId: null, problem: `Saved sessions are unavailable in this browser (${(error as Error).message}); work will not survive a reload.` };
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await setMany([['schema', SCHEMA_VERSION], ['settings', settings]], db());
}

/** Saves one run record in its own transaction, and tells the other tabs. */
export async function saveRun(run: RunRecord): Promise<void> {
  await setMany([['schema', SCHEMA_VERSION], [`${RUN_PREFIX}${run.id}`, run]], db());
  channel()?.postMessage({ type: 'run-saved', id: run.id } satisfies TabMessage);
}

/** Deletes run records (and their models), and tells the other tabs. */
export async function deleteRuns(ids: readonly string[]): Promise<void> {
  await delMany(ids.flatMap((id) => [`${RUN_PREFIX}${id}`, `model:${id}`]), db());
  for (const id of ids) channel()?.postMessage({ type: 'run-deleted', id } satisfies TabMessage);
}

/** One run record, as another tab saved it. */
export async function loadRun(id: string): Promise<RunRecord | undefined> {
  const value = await get<unknown>(`${RUN_PREFIX}${id}`, db());
  return isRun(value) ? value : undefined;
}

export async function saveSelection(selectedRunId: string | null): Promise<void> {
  await set('selectedRunId', selectedRunId, db());
}

/** What one tab tells the others. */
export type TabMessage = { readonly type: 'run-saved' | 'run-deleted'; readonly id: string };

let tabs: BroadcastChannel | null | undefined;
function channel(): BroadcastChannel | null {
  if (tabs === undefined) tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('weather-forecast-ml');
  return tabs;
}

/** Calls `listener` for every run another tab of this browser saves or deletes. */
export function onOtherTabs(listener: (message: TabMessage) => void): () => void {
  const c = channel();
  if (!c) return () => undefined;
  const handle = (event: MessageEvent<TabMessage>) => listener(event.data);
  c.addEventListener('message', handle);
  return () => c.removeEventListener('message', handle);
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
