/** What several end-to-end files do the same way, as a learner clicks it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { initBackend } from '../../src/ml/backend.ts';
import { parseWeatherCsv } from '../../src/ml/data/csv.ts';
import { prepareData } from '../../src/ml/data/prepare.ts';
import { SHIPPED_SPLIT } from '../../src/ml/data/split.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import { importBundle } from '../../src/ml/export/bundle.ts';
import { ROOT } from './app-server.ts';

/** On the Fine-tuning page: continue the selected run at `factor` for `epochs`, and wait for the outcome. */
export async function continueAt(page: Page, factor: number, epochs: number): Promise<void> {
  const cont = page.locator('section', { has: page.getByRole('heading', { name: /Continue training/ }) });
  await cont.getByRole('combobox', { name: 'Learning-rate factor' }).selectOption(String(factor));
  await cont.getByRole('spinbutton', { name: /^Epochs/ }).fill(String(epochs));
  await page.getByTestId('continue').click();
  await page.getByTestId('continue-outcome').waitFor({ timeout: 120_000 });
}

/** Every file of a downloaded zip, sorted: the model in two formats, its contract and checksums, the card and the snippets. */
export const ZIP_FILES = [
  'README.md',
  'examples/ForecastOnnx.java',
  'examples/forecast-browser.js',
  'examples/forecast-onnx-node.mjs',
  'examples/forecast_onnx.cpp',
  'examples/forecast_onnx.py',
  'examples/load-node.mjs',
  'manifest.json',
  'metadata.json',
  'metadata.schema.json',
  'model.json',
  'model.onnx',
  'test-vectors.json',
  'test-vectors.schema.json',
  'weights.bin',
].sort();

/**
 * Loads a downloaded zip in Node with the core, as a software engineer would, and scores it on
 * Seattle's test year: the MAE to compare with what the page showed, and the one its metadata records.
 */
export async function zipMaeInNode(zipPath: string): Promise<{ files: string[]; passed: boolean; mae: number; metadataMae: number }> {
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  await initBackend('wasm');
  const bundle = await importBundle(files);
  const m = bundle.metadata;
  const { table } = parseWeatherCsv(readFileSync(join(ROOT, 'datasets/seattle.csv'), 'utf8'));
  const data = prepareData(
    table,
    {
      features: { target: m.target.name, inputs: m.features.filter((f) => f.source === 'column').map((f) => f.name), seasonal: true },
      window: m.window,
      split: SHIPPED_SPLIT,
    },
    { normalizer: { features: m.features.map((f) => f.name), mean: m.features.map((f) => f.mean), std: m.features.map((f) => f.std) } },
  );
  const mae = evaluateModel(bundle.model, data).model.mae;
  bundle.model.dispose();
  return { files: Object.keys(files).sort(), passed: bundle.check.passed, mae, metadataMae: m.metrics.model.mae };
}

/** Runs in the page (pass it to `page.evaluate`): writes garbage over the saved settings in IndexedDB. */
export function damageSavedSettings(): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('weather-forecast-ml');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('state', 'readwrite');
      tx.objectStore('state').put({ garbage: true }, 'settings');
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
    };
  });
}
