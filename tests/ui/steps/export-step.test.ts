import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../../../src/steps/export/export-step.ts';
import type { WorkflowState } from '../../../src/app/state.ts';
import { BROWSER_SNIPPET, NODE_ONNX_SNIPPET, NODE_SNIPPET } from '../../../src/app/snippets.ts';
import type { ModelMetadata } from '../../../src/ml/export/bundle.ts';
import type { ImportOutcome } from '../../../src/worker/protocol.ts';
import { workflowStates } from '../fixtures/workflow-state.ts';
import { deep, mount } from '../mount.ts';

let trained: WorkflowState;

beforeAll(async () => {
  ({ trained } = await workflowStates());
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
});

function q<T extends Element = HTMLElement>(el: Element, testId: string): T {
  return deep(el).querySelector<T>(`[data-testid="${testId}"]`)!;
}

function flat(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ');
}

/** metadata.json of the fixture's run, as the worker's importBundle returns it. */
function importedOutcome(s: WorkflowState): ImportOutcome {
  const run = s.runs[0];
  const e = run.evaluation!;
  const p = s.prepared.summary!;
  const metadata: ModelMetadata = {
    format: 'weather-forecast-bundle',
    formatVersion: 1,
    createdAt: '2026-11-26T08:00:00.000Z',
    target: { name: 'temp_max', units: '°C', mean: p.normalizer.mean[0], std: p.normalizer.std[0] },
    window: { lookbackDays: 14, horizonDays: 1 },
    features: p.featureNames.map((name, j) => ({ name, units: name.startsWith('doy') ? '' : 'x', mean: p.normalizer.mean[j], std: p.normalizer.std[j], source: name.startsWith('doy') ? ('date' as const) : ('column' as const) })),
    seasonalEncoding: '',
    inputShape: [null, 14, p.featureNames.length],
    outputShape: [null, 1],
    dataset: { name: 'Seattle, WA', source: 'NOAA', period: { start: '2012-01-01', end: '2015-12-31' }, splits: p.periods },
    architecture: run.architecture,
    training: { ...run.training, epochsRun: 3, bestEpoch: 3, backend: 'cpu', msPerEpoch: 10 },
    parameters: run.description!.totalParams,
    metrics: { split: 'test', model: e.model, baselines: e.baselines, skillPercent: e.skill },
    versions: { app: 'x', appVersion: '0', tfjs: '4.22.0' },
    seed: 42,
    howToPredict: [],
  };
  return { metadata, check: { count: 5, maxAbsDiff: 2.4e-6, passed: true, tolerance: 1e-3 }, manifest: { present: true, checked: 11 }, evaluation: e, evaluationProblem: null };
}

describe('<export-step>', () => {
  it('downloads the zip and shows its status and contents', async () => {
    const el = await mount('export-step', { state: trained });
    expect(deep(el).querySelector('h1')!.textContent).toBe('Step 6 · Export');
    const seen: string[] = [];
    el.addEventListener('export-requested', (e) => seen.push(e.type));
    q<HTMLButtonElement>(el, 'download').click();
    expect(seen).toEqual(['export-requested']);
    const files = flat(q(el, 'zip-contents'));
    for (const f of ['model.onnx', 'model.json + weights.bin', 'metadata.json', 'test-vectors.json', 'metadata.schema.json', 'manifest.json', 'README.md', 'examples/']) expect(files).toContain(f);
    // Which runtime to use where: one row per platform, each naming its example.
    const runtimes = [...q(el, 'runtimes').querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(runtimes.map((r) => r[0])).toEqual(['Browser', 'Node.js', 'Python', 'JVM (Java, Kotlin)', 'Native (C, C++)']);
    expect(runtimes[2]).toEqual(['Python', 'onnxruntime + numpy', 'model.onnx', 'forecast_onnx.py']);

    el.state = { ...trained, exporting: { status: 'running', fileName: null, error: null } };
    await el.updateComplete;
    expect(q<HTMLButtonElement>(el, 'download').disabled).toBe(true);
    el.state = { ...trained, exporting: { status: 'done', fileName: 'weather-model-seattle-wa-linear-temp_max.zip', error: null } };
    await el.updateComplete;
    expect(q(el, 'export-status').textContent).toBe('Downloaded weather-model-seattle-wa-linear-temp_max.zip.');
    el.state = { ...trained, exporting: { status: 'error', fileName: null, error: 'The model is not loaded.' } };
    await el.updateComplete;
    expect(deep(el).querySelector('[role="alert"]')!.textContent).toBe('The model is not loaded.');
  });

  it('shows the interval calibration on the card of an interval model only', async () => {
    const { banded } = await workflowStates();
    const el = await mount('export-step', { state: banded });
    const band = banded.runs[0].evaluation!.intervals!;
    const rows = [...q(el, 'card-intervals').querySelectorAll('tbody tr')].map((tr) => flat(tr).trim());
    expect(rows).toEqual([`day 1 ${(band.coveragePerHorizon[0] * 100).toFixed(1)} % ${band.meanWidthPerHorizon[0].toFixed(2)} °C`]);
    expect(flat(q(el, 'model-card'))).toContain('aim 75–85 %');
    const plain = await mount('export-step', { state: trained });
    expect(q(plain, 'card-intervals')).toBeNull();
  });

  it('previews the model card from the run: data periods, metrics per horizon day, limitations', async () => {
    const el = await mount('export-step', { state: trained });
    const card = flat(q(el, 'model-card'));
    const e = trained.runs[0].evaluation!;
    const p = trained.prepared.summary!.periods;
    expect(card).toContain('temp_max forecast, Seattle, WA');
    expect(card).toContain(`Training ${p.train.start} to ${p.train.end}`);
    expect(card).toContain(`test ${p.test.start} to ${p.test.end}`);
    const metrics = flat(q(el, 'card-metrics'));
    expect(metrics).toContain('MAE day 1');
    expect(metrics).toContain(`${e.model.maePerHorizon[0].toFixed(2)} °C`);
    expect(metrics).toContain(`${e.baselines.climatology.mae.toFixed(2)} °C`);
    expect(card).toMatch(/Intended use/);
    expect(card).toMatch(/Limitations/);
  });

  it('shows the snippets and copies them, with a fallback message when the clipboard refuses', async () => {
    const el = await mount('export-step', { state: trained });
    const codes = [...deep(el).querySelectorAll('pre code')].map((c) => c.textContent);
    expect(codes).toEqual([BROWSER_SNIPPET, NODE_SNIPPET, NODE_ONNX_SNIPPET]);
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error('denied'));
    q<HTMLButtonElement>(el, 'copy-browser').click();
    await vi.waitFor(() => expect(q(el, 'copy-status-browser').textContent).toBe('Copied to the clipboard.'));
    expect(write).toHaveBeenCalledWith(BROWSER_SNIPPET);
    q<HTMLButtonElement>(el, 'copy-node').click();
    await vi.waitFor(() => expect(q(el, 'copy-status-node').textContent).toMatch(/select the code/));
  });

  it('checks model.onnx on request: the button asks for it, the result and the checksums are shown', async () => {
    const imported = importedOutcome(trained);
    const useIt = { ...trained.useIt, status: 'done' as const, modelId: 'm', fileName: 'a.zip', imported, onnx: { ...trained.useIt.onnx, available: true } };
    const el = await mount('export-step', { state: { ...trained, useIt } });
    expect(flat(q(el, 'manifest-check')).trim()).toBe('Checksums: all 11 files match manifest.json (SHA-256).');
    const seen: string[] = [];
    el.addEventListener('onnx-check-requested', (e) => seen.push(e.type));
    q<HTMLButtonElement>(el, 'onnx-run').click();
    expect(seen).toEqual(['onnx-check-requested']);
    el.state = { ...trained, useIt: { ...useIt, onnx: { available: true, status: 'running', check: null, runtime: null, error: null } } };
    await el.updateComplete;
    expect(q<HTMLButtonElement>(el, 'onnx-run').disabled).toBe(true);
    const check = { count: 5, maxAbsDiff: 1.9e-6, passed: true, tolerance: 1e-3 };
    el.state = { ...trained, useIt: { ...useIt, onnx: { available: true, status: 'done', check, runtime: 'onnxruntime-web 1.30.0 (wasm)', error: null } } };
    await el.updateComplete;
    expect(flat(q(el, 'onnx-check'))).toMatch(/model\.onnx with onnxruntime-web 1\.30\.0 \(wasm\): 5 test vectors replayed; largest difference 1\.9e-6 °C\s+\(allowed 0\.001 °C\): passed/);
    // A zip from before model.onnx and checksums existed says so.
    el.state = { ...trained, useIt: { ...useIt, imported: { ...imported, manifest: { present: false, checked: 0 } }, onnx: trained.useIt.onnx } };
    await el.updateComplete;
    expect(q(el, 'onnx-run')).toBeNull();
    expect(flat(q(el, 'onnx-check'))).toMatch(/no model\.onnx/);
    expect(flat(q(el, 'manifest-check'))).toMatch(/No manifest\.json/);
  });

  it('reads a chosen zip and dispatches bundle-opened with its bytes', async () => {
    const el = await mount('export-step', { state: trained });
    const opened = new Promise<{ name: string; bytes: Uint8Array }>((resolve) => el.addEventListener('bundle-opened', (e) => resolve(e.detail)));
    const input = deep(el).querySelector<HTMLInputElement>('#bundle')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'model.zip', { type: 'application/zip' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    const detail = await opened;
    expect(detail.name).toBe('model.zip');
    expect(Array.from(detail.bytes)).toEqual([0x50, 0x4b, 3, 4]);

    const drop = q(el, 'drop');
    const dropped = new Promise<string>((resolve) => el.addEventListener('bundle-opened', (e) => resolve(e.detail.name)));
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([1])], 'other.zip'));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    expect(await dropped).toBe('other.zip');
  });

  it('shows an import error as text', async () => {
    const el = await mount('export-step', {
      state: { ...trained, useIt: { ...trained.useIt, status: 'error', fileName: 'notes.txt', error: 'notes.txt is not a zip file. Choose the .zip you downloaded.' } },
    });
    expect(q(el, 'use-error').textContent).toBe('notes.txt is not a zip file. Choose the .zip you downloaded.');
  });

  it('shows the imported model: test vectors, metadata, evaluation and forecast, and forecasts from typed values', async () => {
    const imported = importedOutcome(trained);
    const summary = trained.dataset.summary!;
    const n = summary.days.count;
    const last = (k: number) => new Date(Date.parse(`${summary.days.first}T00:00:00Z`) + (n - k) * 86_400_000).toISOString().slice(0, 10);
    const s: WorkflowState = {
      ...trained,
      useIt: {
        status: 'done',
        fileName: 'model.zip',
        modelId: 'imported-1',
        imported,
        forecast: { dates: ['2016-01-01'], values: [7.84], units: '°C', fromRows: { start: last(14), end: last(1) } },
        error: null,
        files: null,
        kept: false,
        onnx: trained.useIt.onnx,
      },
    };
    const el = await mount('export-step', { state: s });
    expect(flat(q(el, 'check'))).toContain('5 test vectors replayed; largest difference 2.4e-6 °C (allowed 0.001 °C): passed');
    const meta = flat(q(el, 'imported-summary'));
    expect(meta).toContain('temp_max (°C)');
    expect(meta).toContain('14 days in → 1 day out');
    expect(meta).toContain(`${imported.metadata.metrics.model.mae.toFixed(2)} °C`);
    expect(q(el, 'imported-evaluation').textContent).toContain(`Test MAE ${imported.evaluation!.model.mae.toFixed(2)} °C`);
    expect([...q(el, 'forecast').querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual(['2016-01-01', '7.8 °C']);
    expect(q(el, 'forecast-from').textContent).toBe(`from the last 14 days of Seattle, WA (${last(14)} to ${last(1)})`);

    // The hand-entry form: 14 rows × the model's column features, prefilled with the dataset's last days.
    const inputs = deep(el).querySelectorAll<HTMLInputElement>('form input[type="number"]');
    const columns = imported.metadata.features.filter((f) => f.source === 'column');
    expect(inputs.length).toBe(14 * columns.length);
    expect(Number(inputs[inputs.length - 1].value)).toBeCloseTo(summary.columns[columns.at(-1)!.name][n - 1], 2);
    inputs[0].value = '3.5';
    inputs[0].dispatchEvent(new Event('input'));
    const seen: { rows?: { date: string; values: Record<string, number> }[] }[] = [];
    el.addEventListener('forecast-requested', (e) => seen.push(e.detail));
    q<HTMLButtonElement>(el, 'forecast-rows').click();
    expect(seen).toHaveLength(1);
    const rows = seen[0].rows!;
    expect(rows).toHaveLength(14);
    expect(rows[13].date).toBe(last(1));
    expect(last(1)).toBe('2015-12-31');
    expect(rows[0].values[columns[0].name]).toBe(3.5);

    inputs[1].value = '';
    inputs[1].dispatchEvent(new Event('input'));
    q<HTMLButtonElement>(el, 'forecast-rows').click();
    await el.updateComplete;
    expect(seen).toHaveLength(1);
    expect(q(el, 'hand-problem').textContent).toContain(`Enter a number for ${columns[1].name}`);
  });

  it('says why an imported model could not be evaluated on the current data, and cannot join the runs then', async () => {
    const imported = { ...importedOutcome(trained), evaluation: null, evaluationProblem: 'The current dataset has no column wind.' };
    const el = await mount('export-step', { state: { ...trained, useIt: { ...trained.useIt, status: 'done', modelId: 'm', fileName: 'a.zip', imported } } });
    expect(q(el, 'imported-evaluation').textContent!.trim()).toBe('The current dataset has no column wind.');
    expect(q<HTMLButtonElement>(el, 'keep').disabled).toBe(true);
    expect(deep(el).querySelector('#keep-hint')!.textContent).toContain('load a dataset with its input columns');
  });

  it('adds an evaluated imported model to the runs on request, then links to steps 4 and 5', async () => {
    const imported = importedOutcome(trained);
    const useIt = { ...trained.useIt, status: 'done' as const, modelId: 'imported-9', fileName: 'a.zip', imported };
    const el = await mount('export-step', { state: { ...trained, useIt } });
    const seen: unknown[] = [];
    el.addEventListener('reopened-model-kept', (e) => seen.push(e.detail));
    q<HTMLButtonElement>(el, 'keep').click();
    expect(seen).toEqual([{}]);
    el.state = { ...trained, useIt: { ...useIt, kept: true } };
    await el.updateComplete;
    expect(q(el, 'keep')).toBeNull();
    expect([...q(el, 'kept-status').querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['#/evaluation', '#/fine-tuning']);
  });

  it('shows the 80 % band beside the forecast of an interval model', async () => {
    const imported = importedOutcome(trained);
    const forecast = { dates: ['2016-01-01', '2016-01-02'], values: [7.84, 8.1], lower: [4.96, 5.0], upper: [10.71, 11.3], units: '°C', fromRows: { start: '2015-12-18', end: '2015-12-31' } };
    const el = await mount('export-step', { state: { ...trained, useIt: { ...trained.useIt, status: 'done', modelId: 'm', fileName: 'a.zip', imported, forecast } } });
    expect([...q(el, 'forecast').querySelectorAll('th')].map((th) => th.textContent!.trim())).toEqual(['Date', 'Forecast (median)', '80 % band']);
    expect([...q(el, 'forecast').querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()))).toEqual([
      ['2016-01-01', '7.8 °C', '5.0 to 10.7 °C'],
      ['2016-01-02', '8.1 °C', '5.0 to 11.3 °C'],
    ]);
  });
});
