import { describe, expect, it } from 'vitest';
import { hasSharedSettings, runSettings, settingsFromQuery, settingsToQuery, shareLink } from '../../src/app/share-link.ts';
import { DEFAULT_SETTINGS, type RunRecord, type Settings } from '../../src/app/state.ts';
import { SHIPPED_SPLIT } from '../../src/ml/data/split.ts';

const custom: Settings = {
  dataSource: { kind: 'shipped', id: 'new-york' },
  dataSpec: { features: { target: 'temp_min', inputs: ['temp_max', 'wind'], seasonal: false }, window: { lookbackDays: 21, horizonDays: 3 }, split: SHIPPED_SPLIT },
  architecture: { kind: 'lstm', layers: 2, units: 48, dropout: 0.2 },
  training: { epochs: 12, batchSize: 64, learningRate: 0.0005, optimizer: 'rmsprop', patience: 3, seed: 1234 },
  backend: 'cpu',
};

describe('shareable settings link', () => {
  it('round-trips every setting that defines a run', () => {
    const query = settingsToQuery(custom);
    expect(query).toBe('data=new-york&target=temp_min&inputs=temp_max%2Cwind&seasonal=0&lookback=21&horizon=3&arch=lstm&layers=2&units=48&dropout=0.2&opt=rmsprop&lr=0.0005&batch=64&epochs=12&patience=3&seed=1234&backend=cpu');
    const back = settingsFromQuery(query);
    expect(back.problems).toEqual([]);
    expect(back.needsUpload).toBe(false);
    expect(back.settings).toEqual(custom);
  });

  it('round-trips the defaults and the prediction-interval option', () => {
    expect(settingsFromQuery(settingsToQuery(DEFAULT_SETTINGS)).settings).toEqual(DEFAULT_SETTINGS);
    const withIntervals = { ...DEFAULT_SETTINGS, training: { ...DEFAULT_SETTINGS.training, intervals: true } };
    expect(settingsToQuery(withIntervals)).toContain('intervals=1');
    expect(settingsFromQuery(settingsToQuery(withIntervals)).settings).toEqual(withIntervals);
  });

  it('builds a link on a step and recognises one', () => {
    const link = shareLink(custom, 'training', 'https://example.org/app/');
    expect(link.startsWith('https://example.org/app/#/training?data=new-york&')).toBe(true);
    expect(hasSharedSettings(link.split('?')[1])).toBe(true);
    expect(hasSharedSettings('')).toBe(false);
    expect(hasSharedSettings('utm_source=mail')).toBe(false);
  });

  it('means the same everywhere: missing parameters are the defaults, not what this browser had', () => {
    const back = settingsFromQuery('arch=linear&seed=7');
    expect(back.problems).toEqual([]);
    expect(back.settings.architecture).toEqual({ kind: 'linear', units: 1, layers: 1, dropout: 0 });
    expect(back.settings.training).toEqual({ ...DEFAULT_SETTINGS.training, seed: 7 });
    expect(back.settings.dataSource).toEqual({ kind: 'shipped', id: 'seattle' });
  });

  it('names every bad parameter, says what it expects, and falls back to the default', () => {
    const back = settingsFromQuery('data=paris&lr=abc&epochs=2.5&seed=-1&arch=transformer&backend=gpu&seasonal=yes&inputs=wind,%3Cscript%3E&colour=red&dropout=0.95');
    expect(back.problems[0]).toBe('The link has parameter this app does not know (colour); ignored.');
    expect(back.problems).toHaveLength(10);
    const text = back.problems.join('\n');
    expect(text).toContain('"data=paris" should be one of seattle, new-york or a 50-year record (USW00023050, USW00094830, USW00014740, USW00024130, USW00013880, USW00093820); Seattle, WA is used.');
    expect(text).toContain('"lr=abc" should be a number from 0.000001 to 10; the default 0.003 is used.');
    expect(text).toContain('"epochs=2.5" should be a whole number from 1 to 500; the default 30 is used.');
    expect(text).toContain('"seed=-1" should be a whole number from 0 to 2147483647; the default 42 is used.');
    expect(text).toContain('"arch=transformer" should be one of linear, mlp, cnn, lstm, gru; the default gru is used.');
    expect(text).toContain('"backend=gpu" should be one of wasm, cpu, webgl; the default wasm is used.');
    expect(text).toContain('"seasonal=yes" should be 1 or 0; the default 1 is used.');
    expect(text).toContain('"inputs" has "<script>", which is not a column name; the default inputs are used.');
    expect(text).toContain('"dropout=0.95" should be a number from 0 to 0.9; the default 0 is used.');
    expect(back.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('cannot carry an uploaded file, and says so', () => {
    const upload: Settings = { ...DEFAULT_SETTINGS, dataSource: { kind: 'upload', name: 'station.csv', file: new Blob(['date,temp_max\n']) } };
    const query = settingsToQuery(upload);
    expect(query).toContain('data=upload');
    expect(query).not.toContain('station');
    const back = settingsFromQuery(query);
    expect(back.needsUpload).toBe(true);
    expect(back.problems).toEqual([]);
  });

  it("carries the uploaded file's column mapping and names as spreadsheets write them", () => {
    const mapping = { 'Max Temp': { unit: '°F' }, Wind: { role: 'ignore' as const } };
    const upload: Settings = {
      ...DEFAULT_SETTINGS,
      dataSource: { kind: 'upload', name: 'station.csv', file: null, mapping },
      dataSpec: { ...DEFAULT_SETTINGS.dataSpec, features: { target: 'Max Temp', inputs: ['Max Temp', 'Min Temp'], seasonal: true } },
    };
    const back = settingsFromQuery(settingsToQuery(upload));
    expect(back.mapping).toEqual(mapping);
    expect(back.problems).toEqual([]);
    expect(back.settings.dataSpec.features).toEqual(upload.dataSpec.features);
    // Names a spreadsheet would run, or markup, still do not pass.
    expect(settingsFromQuery('target=%3Dcmd').problems[0]).toBe('"target==cmd" is not a column name; temp_max is used.');
  });

  it("gives the settings of a training or search trial, which round-trip through a link, and none for other kinds", () => {
    const run: RunRecord = {
      id: 'r', label: 'LSTM · train #1', kind: 'train', createdAt: '', datasetLabel: 'New York, NY', dataSpec: custom.dataSpec, architecture: custom.architecture,
      training: custom.training, backend: 'cpu', history: [], result: null, evaluation: null, description: null,
    };
    expect(runSettings(run)).toEqual(custom);
    expect(settingsFromQuery(settingsToQuery(runSettings(run)!)).settings).toEqual(custom);
    expect(runSettings({ ...run, kind: 'search', hasModel: false })).toEqual(custom);
    expect(runSettings({ ...run, datasetLabel: 'station.csv' })!.dataSource).toEqual({ kind: 'upload', name: 'station.csv', file: null });
    expect(runSettings({ ...run, backend: 'webgpu' })!.backend).toBe('wasm');
    for (const kind of ['continue', 'transfer', 'import'] as const) expect(runSettings({ ...run, kind })).toBeNull();
  });
});
