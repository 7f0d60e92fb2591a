/**
 * Storage in a real browser (IndexedDB in Chromium): one record per run, a profile saved by the
 * previous release migrates with every run and model, and a full quota is reported while every
 * earlier run survives.
 */
import { clear, createStore, get, keys, set, setMany } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as persistence from '../../src/app/persistence.ts';
import { DEFAULT_SETTINGS, type RunRecord } from '../../src/app/state.ts';
import { WorkflowStore } from '../../src/app/workflow/store.ts';

const db = createStore('weather-forecast-ml', 'state');

function run(id: string, createdAt: string): RunRecord {
  return {
    id,
    label: `GRU · train ${id}`,
    kind: 'train',
    createdAt,
    datasetLabel: 'Seattle, WA',
    dataSpec: DEFAULT_SETTINGS.dataSpec,
    architecture: DEFAULT_SETTINGS.architecture,
    training: DEFAULT_SETTINGS.training,
    backend: 'wasm',
    history: [],
    result: null,
    evaluation: null,
    description: null,
  };
}

beforeEach(() => clear(db));
afterEach(() => vi.restoreAllMocks());

describe('stored runs', () => {
  it('opens a profile written by the previous release (one runs array) with every run and model, and migrates it to one record per run', async () => {
    const a = run('a', '2026-11-30T10:00:00.000Z');
    const b = run('b', '2026-11-30T11:00:00.000Z');
    await setMany(
      [
        ['schema', 1],
        ['settings', DEFAULT_SETTINGS],
        ['runs', [a, b]],
        ['selectedRunId', 'b'],
        ['model:a', { 'model.json': new Uint8Array([1]) }],
        ['model:b', { 'model.json': new Uint8Array([2]) }],
      ],
      db,
    );
    const restored = await persistence.restoreState();
    expect(restored.problem).toBeNull();
    expect(restored.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(restored.selectedRunId).toBe('b');
    expect(restored.settings).toEqual(DEFAULT_SETTINGS);
    expect([...((await persistence.storedModelIds()) ?? [])].sort()).toEqual(['a', 'b']);
    const stored = (await keys(db)).map(String).sort();
    expect(stored).toEqual(['model:a', 'model:b', 'run:a', 'run:b', 'schema', 'selectedRunId', 'settings']);
    expect(await get('schema', db)).toBe(2);
    // And it reads the same again after the migration.
    expect((await persistence.restoreState()).runs.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('saves only what changed, one record at a time: a run another tab saved meanwhile survives', async () => {
    const store = new WorkflowStore(() => undefined);
    store.update({ runs: [run('a', '2026-12-01T10:00:00.000Z')] });
    store.persistRuns();
    await vi.waitFor(async () => expect(await get('run:a', db)).toBeDefined());
    // Another tab saves its own run directly.
    await set('run:other', run('other', '2026-12-01T10:30:00.000Z'), db);
    store.update({ runs: [...store.state.runs, run('b', '2026-12-01T11:00:00.000Z')] });
    store.persistRuns();
    await vi.waitFor(async () => expect(await get('run:b', db)).toBeDefined());
    expect((await persistence.restoreState()).runs.map((r) => r.id)).toEqual(['a', 'other', 'b']);
    // Deleting one deletes only that record.
    store.update({ runs: store.state.runs.filter((r) => r.id !== 'a') });
    store.persistRuns();
    await vi.waitFor(async () => expect(await get('run:a', db)).toBeUndefined());
    expect((await persistence.restoreState()).runs.map((r) => r.id)).toEqual(['other', 'b']);
  });

  it('a full quota during a save is reported with what to do, and every earlier run is still there after a reload', async () => {
    const store = new WorkflowStore(() => undefined);
    store.update({ runs: [run('a', '2026-12-01T10:00:00.000Z'), run('b', '2026-12-01T10:10:00.000Z')] });
    store.persistRuns();
    await vi.waitFor(async () => expect(await get('run:b', db)).toBeDefined());
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (key === 'run:c') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    store.update({ runs: [...store.state.runs, run('c', '2026-12-01T10:20:00.000Z')] });
    store.persistRuns();
    await vi.waitFor(() => expect(store.state.notice?.message).toMatch(/storage for the app is full.*Delete runs you no longer need on the Experiments page; earlier runs are safe/));
    vi.restoreAllMocks();
    expect((await persistence.restoreState()).runs.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('damaged settings are reset and said so, while the runs are kept', async () => {
    await setMany([['schema', 2], ['settings', { garbage: true }], ['run:a', run('a', '2026-12-01T10:00:00.000Z')], ['run:bad', { nonsense: 1 }]], db);
    const restored = await persistence.restoreState();
    expect(restored.settings).toBeNull();
    expect(restored.runs.map((r) => r.id)).toEqual(['a']);
    expect(restored.problem).toContain('1 saved run could not be read and was left out.');
    expect(restored.problem).toContain('The saved settings could not be read (they were damaged) and have been reset to the defaults; your runs were kept.');
  });

  it('keeps an uploaded file as the Blob it came in, written once, and still reads the text an older release stored', async () => {
    const csv = 'date,tmax\n2020-01-01,5\n2020-01-02,6\n';
    const file = new File([csv], 'mine.csv', { type: 'text/csv' });
    const settings = { ...DEFAULT_SETTINGS, dataSource: { kind: 'upload' as const, name: 'mine.csv', file } };
    await persistence.saveSettings(settings);
    // The settings record holds no file; the file has its own key, stored as a Blob, not as text.
    expect(((await get('settings', db)) as typeof settings).dataSource.file).toBeNull();
    const stored = await get('upload-file:mine.csv', db);
    expect(stored).toBeInstanceOf(Blob);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    await persistence.saveSettings({ ...settings, training: { ...settings.training, epochs: 12 } });
    expect(put.mock.calls.map((c) => c[1])).toContain('settings');
    expect(put.mock.calls.map((c) => c[1])).not.toContain('upload-file:mine.csv');
    const restored = await persistence.restoreState();
    const source = restored.settings!.dataSource;
    expect(source.kind === 'upload' && source.file ? await source.file.text() : null).toBe(csv);
    expect(restored.problem).toBeNull();

    // A session saved before files were stored as Blobs: text under upload-text:, settings with text ''.
    await clear(db);
    await persistence.clearState();
    await setMany([['schema', 2], ['settings', { ...DEFAULT_SETTINGS, dataSource: { kind: 'upload', name: 'old.csv', text: '' } }], ['upload-text:old.csv', csv]], db);
    const old = (await persistence.restoreState()).settings!.dataSource;
    expect(old.kind === 'upload' && old.file ? await old.file.text() : null).toBe(csv);
    expect(old).not.toHaveProperty('text');
    // The next save stores it as a file and drops the old text.
    await persistence.saveSettings({ ...DEFAULT_SETTINGS, dataSource: old });
    expect(await keys(db)).toContain('upload-file:old.csv');
    expect(await keys(db)).not.toContain('upload-text:old.csv');
  });
});
