/**
 * The "use it" panel runs a zip's model.onnx with onnxruntime-web in Chromium: the runtime and its
 * .wasm load only when asked, under the app's CSP, from its own origin, and the test vectors pass.
 */
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { usageSnippets } from '../../src/app/snippets.ts';
import { buildModel, disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData } from '../../src/ml/data/prepare.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import { BUNDLE_FILES, exportBundle, withManifest, type ModelMetadata, type TestVector } from '../../src/ml/export/bundle.ts';
import { zipBundle } from '../../src/ml/export/zip.ts';
import { train, type TrainingConfig } from '../../src/ml/training/train.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { sineCity } from '../ml/helpers.ts';

const app = { url: inject('appUrl') };
const work = mkdtempSync(join(tmpdir(), 'forecast-e2e-onnx-'));
let browser: Browser;
let page: Page;
let zipPath = '';
const requests: string[] = [];
const pageErrors: string[] = [];

/** An interval GRU bundle zipped as the app does (snippets, manifest), trained in Node in a second. */
async function intervalGruZip(): Promise<string> {
  await initBackend('wasm');
  const data = prepareData(sineCity(400), {
    features: { target: 'temp', inputs: ['wind'] },
    window: { lookbackDays: 5, horizonDays: 2 },
    split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
  });
  const architecture: ArchitectureSpec = { kind: 'gru', units: 4, layers: 1, dropout: 0 };
  const training: TrainingConfig = { epochs: 2, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 4, intervals: true };
  const model = buildModel(architecture, data, 3, { intervals: true });
  try {
    await train(model, data, training);
    const files = await exportBundle(model, data, {
      dataset: { name: 'Synthetic sine', source: 'tests/ml/helpers.ts' },
      architecture,
      training,
      trainingSummary: { epochsRun: 2, bestEpoch: 2, msPerEpoch: 1 },
      evaluation: evaluateModel(model, data),
    });
    const json = <T>(name: string) => JSON.parse(new TextDecoder().decode(files[name])) as T;
    const snippets = await usageSnippets({ metadata: json<ModelMetadata>(BUNDLE_FILES.metadata), testVectors: json<TestVector[]>(BUNDLE_FILES.testVectors) });
    const encoded = Object.fromEntries(Object.entries(snippets).map(([n, t]) => [n, new TextEncoder().encode(t)]));
    const path = join(work, 'weather-model-synthetic-gru-temp.zip');
    writeFileSync(path, zipBundle(await withManifest({ ...files, ...encoded })));
    return path;
  } finally {
    disposeModel(model);
  }
}

beforeAll(async () => {
  zipPath = await intervalGruZip();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('model.onnx in the browser (Chromium)', () => {
  it('the use-it panel checks model.onnx with onnxruntime-web, loaded only when asked, and it passes', async () => {
    await page.goto(`${app.url}#/export`);
    await page.locator('input#bundle').setInputFiles(zipPath);
    await expect.poll(async () => (await page.getByTestId('check').textContent()) ?? '', { timeout: 60_000 }).toMatch(/passed/);
    expect((await page.getByTestId('manifest-check').textContent())!.trim()).toBe('Checksums: all 14 files match manifest.json (SHA-256).');
    expect(requests.filter((u) => /ort-wasm|onnxruntime/.test(u))).toEqual([]);

    await page.getByTestId('onnx-run').click();
    await expect.poll(async () => (await page.getByTestId('onnx-check').textContent()) ?? '', { timeout: 120_000 }).toMatch(/passed|failed/);
    const text = (await page.getByTestId('onnx-check').textContent())!.replace(/\s+/g, ' ').trim();
    const m = /^model\.onnx with onnxruntime-web 1\.30\.0 \(wasm\): 5 test vectors replayed; largest difference (\S+) °C \(allowed 0\.001 °C\): passed$/.exec(text);
    expect(m, text).not.toBeNull();
    expect(Number(m![1].replace('−', '-'))).toBeLessThanOrEqual(1e-4);
    expect(await page.getByTestId('onnx-error').count()).toBe(0);

    // The runtime's .wasm came from the app's own origin; nothing else was fetched from elsewhere.
    const origin = new URL(app.url).origin;
    expect(requests.some((u) => /ort-wasm-simd-threaded.*\.wasm/.test(u))).toBe(true);
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
