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
import { decodeOverrides, encodeOverrides, type MappingOverrides } from '../ml/data/mapping.ts';
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

/** A saved upload's column mapping, read through the link decoder so that a damaged one cannot reach the parser. */
function withCheckedMapping(settings: Settings): Settings {
  const source = settings.dataSource;
  if (source.kind !== 'upload' || source.mapping === undefined) return settings;
  let mapping: MappingOverrides = {};
  try {
    mapping = decodeOverrides(encodeOverrides(source.mapping));
  } catch {
    // Not an object of overrides: dropped, the file is read as detected.
  }
  return { ...settings, dataSource: { ...source, mapping } };
}

function isSettings(value: unknown): value is Settings {
  const s = value as Settings;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.dataSource === 'object' &&
    (s.dataSource.kind === 'shipped' || (s.dataSource.kind === 'upload' && typeof s.dataSource.name === 'string')) &&
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

const DRAFT_PREFIX = 'draft:';

/** A training in progress, saved after every epoch (its settings and curve so far, no model). */
export async function saveDraft(run: RunRecord, epochs: number): Promise<void> {
  if (unavailable) return;
  await set(`${DRAFT_PREFIX}${run.id}`, { run, epochs }, db());
}

export async function deleteDraft(id: string): Promise<void> {
  if (unavailable) return;
  await del(`${DRAFT_PREFIX}${id}`, db());
}

/**
 * Trainings that were still running when the page went away become runs of their own: "interrupted
 * at epoch 7 of 30", with the curve of the epochs that finished (no model: it was never saved).
 */
async function adoptDrafts(): Promise<string[]> {
  const drafts = (await entries(db())).filter(([k]) => typeof k === 'string' && k.startsWith(DRAFT_PREFIX));
  const notes: string[] = [];
  for (const [key, value] of drafts) {
    const d = value as { run?: unknown; epochs?: unknown };
    if (isRun(d.run) && typeof d.epochs === 'number' && d.run.history.length > 0) {
      const n = d.run.history.length;
      const why = `Interrupted at epoch ${n} of ${d.epochs}: the page was reloaded or closed (or the worker stopped) before it finished. Its curve is kept; train it again to get a model.`;
      const run: RunRecord = { ...d.run, label: `${d.run.label} (interrupted at epoch ${n} of ${d.epochs})`, hasModel: false, error: why };
      await set(`${RUN_PREFIX}${run.id}`, run, db());
      notes.push(`${d.run.label} was interrupted at epoch ${n} of ${d.epochs}; its curve is kept on the Experiments page.`);
    }
    await del(key, db());
  }
  return notes;
}

/** Set when this browser refuses IndexedDB: the app then runs from memory and saves nothing. */
let unavailable: string | null = null;

/** Reads the stored state: damaged settings are reset to the defaults and damaged run records dropped, each said so; the rest is kept. */
export async function restoreState(): Promise<RestoredState> {
  try {
    const [version, settings, oldRuns, selectedRunId] = await Promise.all([get<number>('schema', db()), get<unknown>('settings', db()), get<unknown>('runs', db()), get<unknown>('selectedRunId', db())]);
    if (version === undefined && settings === undefined) return { settings: null, runs: [], selectedRunId: null, problem: null };
    if (version === 1) await migrateFromV1(oldRuns);
    const problems: string[] = await adoptDrafts();
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
      restored = await withUploadFile(withCheckedMapping(checked.settings), problems);
      const n = checked.replaced.length;
      if (n > 0) problems.push(`Saved setting${n === 1 ? '' : 's'} ${checked.replaced.join(', ')} ${n === 1 ? 'was' : 'were'} out of range and reset to the default${n === 1 ? '' : 's'}; everything else was kept.`);
    }
    return { settings: restored, runs, selectedRunId: typeof selectedRunId === 'string' ? selectedRunId : null, problem: problems.length > 0 ? problems.join(' ') : null };
  } catch (error) {
    unavailable = (error as Error).message;
    return {
      settings: null,
      runs: [],
      selectedRunId: null,
      problem: `Saved sessions are unavailable in this browser (${unavailable}): the app runs from memory, and nothing will survive a reload. Download models you want to keep from step 6.`,
    };
  }
}

/**
 * An uploaded file is stored under its own key, once per file, as the Blob it came in: the settings are
 * saved on every change, and IndexedDB keeps a Blob by reference (the browser writes its bytes off the
 * page's thread), where cloning a 50 MB text into it held the page for a third of a second.
 */
const UPLOAD_FILE = 'upload-file:';
/** Before 2026-12-02 the upload's text was stored, as a string: still read, and replaced on the next save. */
const UPLOAD_TEXT = 'upload-text:';
/** The file last written (compared by identity: the same file is not written again). */
let savedUpload: Blob | undefined;

/** Puts the stored upload back into settings saved without it (`file: null`, or the older `text: ''`). */
async function withUploadFile(settings: Settings, problems: string[]): Promise<Settings> {
  const stored = settings.dataSource;
  if (stored.kind !== 'upload') return settings;
  const { text: _older, ...source } = stored as typeof stored & { text?: unknown };
  const [file, text] = await Promise.all([get<unknown>(UPLOAD_FILE + source.name, db()), get<unknown>(UPLOAD_TEXT + source.name, db())]);
  const blob = file instanceof Blob ? file : typeof text === 'string' && text !== '' ? new Blob([text], { type: 'text/csv' }) : null;
  if (blob) {
    if (blob === file) savedUpload = blob;
    return { ...settings, dataSource: { ...source, file: blob } };
  }
  problems.push(`The uploaded file ${source.name} could not be restored; the shipped data is loaded instead. Choose the file again to use it.`);
  return { ...settings, dataSource: DEFAULT_SETTINGS.dataSource };
}

export async function saveSettings(settings: Settings): Promise<void> {
  if (unavailable) return;
  const source = settings.dataSource;
  if (source.kind !== 'upload') {
    await setMany([['schema', SCHEMA_VERSION], ['settings', settings]], db());
    return;
  }
  const rows: [string, unknown][] = [['schema', SCHEMA_VERSION], ['settings', { ...settings, dataSource: { ...source, file: null } }]];
  const newFile = source.file !== null && source.file !== savedUpload;
  if (newFile) rows.push([UPLOAD_FILE + source.name, source.file]);
  if (source.file) savedUpload = source.file;
  await setMany(rows, db());
  // One stored file: an earlier upload (or another tab's) is dropped; that tab says so on reload.
  if (newFile) {
    const current = UPLOAD_FILE + source.name;
    const stale = (await keys(db())).filter((k) => typeof k === 'string' && (k.startsWith(UPLOAD_TEXT) || (k.startsWith(UPLOAD_FILE) && k !== current)));
    if (stale.length > 0) await delMany(stale, db());
  }
}

/** Saves run records (new or changed) in one transaction, and tells the other tabs. */
export async function saveRuns(runs: readonly RunRecord[]): Promise<void> {
  if (unavailable || runs.length === 0) return;
  // One transaction: the records of one change (a search's trials) are saved all together or not at all.
  await setMany([['schema', SCHEMA_VERSION], ...runs.map((run): [string, RunRecord] => [`${RUN_PREFIX}${run.id}`, run])], db());
  for (const run of runs) channel()?.postMessage({ type: 'run-saved', id: run.id } satisfies TabMessage);
}

/** Deletes run records (and their models), and tells the other tabs. */
export async function deleteRuns(ids: readonly string[]): Promise<void> {
  if (unavailable) return;
  await delMany(ids.flatMap((id) => [`${RUN_PREFIX}${id}`, `model:${id}`]), db());
  for (const id of ids) channel()?.postMessage({ type: 'run-deleted', id } satisfies TabMessage);
}

/** One run record, as another tab saved it. */
export async function loadRun(id: string): Promise<RunRecord | undefined> {
  const value = await get<unknown>(`${RUN_PREFIX}${id}`, db());
  return isRun(value) ? value : undefined;
}

export async function saveSelection(selectedRunId: string | null): Promise<void> {
  if (unavailable) return;
  await set('selectedRunId', selectedRunId, db());
}

/** How much this browser lets the app store, and whether it may clear it under pressure. */
export interface StorageInfo {
  readonly usedBytes: number;
  readonly quotaBytes: number;
  /** The browser promised not to clear the app's data (`navigator.storage.persist()` was granted). */
  readonly persisted: boolean;
}

/** Used and available storage, or `null` where the browser does not say (or nothing is stored). */
export async function storageInfo(): Promise<StorageInfo | null> {
  if (unavailable || typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  const [estimate, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted?.() ?? Promise.resolve(false)]);
  return { usedBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
}

let persistRequested = false;

/** Asks once, when the learner first keeps a model, that the browser not clear the app's data. */
export async function requestPersistence(): Promise<void> {
  if (persistRequested || unavailable || typeof navigator === 'undefined' || !navigator.storage?.persist) return;
  persistRequested = true;
  await navigator.storage.persist().catch(() => false);
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
  if (unavailable) return;
  await set(`model:${runId}`, files, db());
}

export async function loadModel(runId: string): Promise<BundleFiles | undefined> {
  return get<BundleFiles>(`model:${runId}`, db());
}

/** Ids of the runs whose models are stored; `null` when nothing can be stored (the app runs from memory). */
export async function storedModelIds(): Promise<Set<string> | null> {
  if (unavailable) return null;
  const all = await keys(db());
  return new Set(all.filter((k): k is string => typeof k === 'string' && k.startsWith('model:')).map((k) => k.slice('model:'.length)));
}

export async function deleteModel(runId: string): Promise<void> {
  await del(`model:${runId}`, db());
}

/** Forgets everything stored. */
export async function clearState(): Promise<void> {
  await clear(db());
  savedUpload = undefined;
}
