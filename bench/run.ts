/**
 * `npm run bench [-- --full] [-- --no-browser] [-- --no-app] [-- --no-long] [-- --no-parse]`: training speed and test MAE per
 * architecture and backend in Node (wasm, cpu) and in headless Chromium (wasm, webgl, cpu) through
 * bench/index.html (training in a Web Worker, as in the app), a PyTorch reference when `torch` is
 * importable, and the app's first render, main-thread long tasks during a training and JS sizes.
 * A long-record scenario (Toledo, 4 vs 48 years; Node wasm, Chromium wasm, PyTorch on the same windows)
 * prints the cost per 1,000 windows, and checks the fused training step's accuracy against trainOnBatch.
 * Prints a table and PASS/FAIL per target of issues 4 and 18; writes bench-results/latest.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build, createServer, preview } from 'vite';
import { initBackend } from '../src/ml/backend.ts';
import * as tf from '@tensorflow/tfjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.ts';
import { makeHourlyCsv, parseBench, PARSE_TARGETS, type ParseBench } from './parse.ts';
import { poolCeiling, type PoolCeiling } from './pool-ceiling.ts';
import { ARCHS, measure, prepareLongRecord, prepareSeattle, type MeasureRequest, type Measurement, type SearchMeasurement } from './measure.ts';
import { ARCHITECTURES, buildModel, disposeModel } from '../src/ml/architectures/architectures.ts';
import type { PreparedData } from '../src/ml/data/prepare.ts';
import { evaluateModel } from '../src/ml/evaluation/evaluate.ts';
import { setFusedTraining } from '../src/ml/training/fused-step.ts';
import { DEFAULT_TRAINING, train } from '../src/ml/training/train.ts';

const ROOT = resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const FULL = args.has('--full');
const BROWSER = !args.has('--no-browser');
const APP = !args.has('--no-app');
const STOCK = args.has('--stock-recurrent');

/** Epochs for the runs that also give a test MAE (wasm, PyTorch): the app's default 30. */
const MAE_EPOCHS = 30;
const WARMUP = 1;
const SEARCH_EPOCHS = FULL ? 30 : 5;
/** One-worker / pool search pairs in the app: single searches vary by ±20 % on a shared 2-core VM. */
const SEARCH_PAIRS = 5;

type Env = 'node-wasm' | 'node-cpu' | 'chromium-wasm' | 'chromium-webgl' | 'chromium-cpu' | 'pytorch';
interface Row extends Measurement {
  env: Env;
}
const rows: Row[] = [];
const notes: string[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);

function plan(archs: readonly string[], epochs: number): MeasureRequest[] {
  return archs.map((arch) => ({ arch: arch as MeasureRequest['arch'], epochs, warmupEpochs: WARMUP, ...(STOCK ? { stockRecurrent: true } : {}) }));
}
/** The cpu backend is slow (GRU ≈ 4 s/epoch, CNN ≈ 8 s/epoch): few epochs, cheap models by default. */
const CPU_PLAN = FULL ? plan(ARCHS, 3) : plan(['linear', 'mlp', 'gru'], 2);
/** Software WebGL (SwiftShader) in headless Chromium: timing only, 3 epochs. */
const WEBGL_PLAN = plan(FULL ? ARCHS : ['linear', 'mlp', 'cnn', 'gru'], 3);
const WASM_PLAN = plan(ARCHS, MAE_EPOCHS);

// ---------------------------------------------------------------- Node
const csv = readFileSync(join(ROOT, 'datasets/seattle.csv'), 'utf8');
const data = prepareSeattle(csv);

async function nodeRuns(): Promise<void> {
  for (const [backend, runs] of [['wasm', WASM_PLAN], ['cpu', CPU_PLAN]] as const) {
    const used = await initBackend(backend);
    for (const req of runs) {
      log(`node ${used} ${req.arch} × ${req.epochs} epochs …`);
      rows.push({ env: `node-${backend}`, ...(await measure(data, req)) });
    }
  }
  await initBackend('wasm');
}

// ---------------------------------------------------------------- Long record
/** Toledo (USW00094830), 4 and 48 years of training data before the 2008–2009 test, lookback 14. */
const LONG_ARCHS = ['linear', 'lstm', 'gru'] as const;
const LONG_YEARS = [4, 48] as const;
const LONG_EPOCHS = 3;
/** The walkthrough's epoch count, for the "30 epochs in the browser" target. */
const LONG_FULL_EPOCHS = 30;
type LongEnv = 'node-wasm' | 'chromium-wasm' | 'pytorch';
interface LongRow { env: LongEnv; years: number; arch: string; windows: number; epochs: number; msPerEpoch: number; msTotal: number; testMae: number }
const longRows: LongRow[] = [];
const toledoCsv = readFileSync(join(ROOT, 'datasets/ghcn/USW00094830.csv'), 'utf8');
const longData = new Map(LONG_YEARS.map((y) => [y, prepareLongRecord(toledoCsv, y)]));
/** Test MAE after 5 epochs on 48 years, fused training step vs `trainOnBatch`, per seed. */
interface LongAccuracy { seeds: number[]; epochs: number; fused: number[]; stock: number[]; fusedMs: number[]; stockMs: number[] }
let longAccuracy = null as LongAccuracy | null;
/**
 * The 48-year GRU epoch in Node again, right after Chromium's: the machine's speed drifts by up to
 * 50 % within one bench (PyTorch's own times show it), so Chromium is compared with the Node run
 * beside it, not with the one minutes earlier.
 */
let nodeGruBeside = null as number | null;

async function longRecordRuns(): Promise<void> {
  await initBackend('wasm');
  for (const years of LONG_YEARS) {
    const prepared = longData.get(years)!;
    for (const arch of LONG_ARCHS) {
      log(`node wasm long record ${years} y ${arch} × ${LONG_EPOCHS} epochs …`);
      const m = await measure(prepared, { arch, epochs: LONG_EPOCHS, warmupEpochs: 1 });
      longRows.push({ env: 'node-wasm', years, arch, windows: prepared.train.count, epochs: m.epochs, msPerEpoch: m.msPerEpoch, msTotal: m.msTotal, testMae: m.testMae });
    }
  }
  // Accuracy is unchanged: the same seeds through the fused step and through trainOnBatch.
  const data48 = longData.get(48)!;
  const acc: LongAccuracy = { seeds: [1, 2, 3], epochs: 5, fused: [], stock: [], fusedMs: [], stockMs: [] };
  for (const seed of acc.seeds) {
    for (const fused of [true, false]) {
      log(`node wasm long record 48 y gru, seed ${seed}, ${fused ? 'fused step' : 'trainOnBatch'} × ${acc.epochs} epochs …`);
      setFusedTraining(fused);
      const model = buildModel(ARCHITECTURES.gru.defaults, data48, seed);
      try {
        const run = await train(model, data48, { ...DEFAULT_TRAINING, epochs: acc.epochs, patience: 0, seed });
        (fused ? acc.fused : acc.stock).push(evaluateModel(model, data48).model.mae);
        (fused ? acc.fusedMs : acc.stockMs).push(run.msPerEpoch);
      } finally {
        disposeModel(model);
        setFusedTraining(true);
      }
    }
  }
  longAccuracy = acc;
}

// ---------------------------------------------------------------- PyTorch
let python: string | null | undefined;
let torchLabel: string | null = null;
/** The first python3 that imports torch, or null (and a note, once). */
function findTorch(): string | null {
  if (python !== undefined) return python;
  // $PYTHON, else the first python3 that imports torch (a pyenv shim may shadow Debian's /usr/bin/python3).
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  python = candidates.find((c) => spawnSync(c, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) ?? null;
  if (!python) {
    notes.push(`PyTorch reference skipped: \`import torch\` failed for ${candidates.join(', ')} (apt-get install -y python3-torch, or set PYTHON).`);
    return null;
  }
  return python;
}

/** PyTorch on exactly these windows (bench/torch_reference.py), or null when torch is not importable. */
function torchOn(set: PreparedData, archs: readonly string[], epochs: number): Measurement[] | null {
  const py = findTorch();
  if (!py) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bench-torch-'));
  try {
    for (const name of ['train', 'validation', 'test'] as const) {
      writeFileSync(join(dir, `${name}-x.f32`), set[name].x);
      writeFileSync(join(dir, `${name}-y.f32`), set[name].y);
    }
    const meta = {
      train: set.train.count, validation: set.validation.count, test: set.test.count,
      lookback: set.lookbackDays, features: set.numFeatures, horizon: set.horizonDays, targetStd: set.normalizer.std[0],
    };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    log(`pytorch, ${archs.join(', ')} × ${epochs} epochs on ${set.train.count.toLocaleString('en')} windows …`);
    const out = execFileSync(py, [join(ROOT, 'bench/torch_reference.py'), dir, String(epochs), String(WARMUP), archs.join(',')], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const parsed = JSON.parse(out) as { torch: string; threads: number; results: Measurement[] };
    torchLabel = `${parsed.torch} (${parsed.threads} threads)`;
    return parsed.results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function torchRuns(): string | null {
  for (const r of torchOn(data, ARCHS, MAE_EPOCHS) ?? []) rows.push({ env: 'pytorch', ...r });
  if (!args.has('--no-long')) {
    for (const years of LONG_YEARS) {
      const set = longData.get(years)!;
      for (const r of torchOn(set, LONG_ARCHS, LONG_EPOCHS) ?? []) {
        longRows.push({ env: 'pytorch', years, arch: r.arch, windows: set.train.count, epochs: r.epochs, msPerEpoch: r.msPerEpoch, msTotal: r.msTotal, testMae: r.testMae });
      }
    }
  }
  return torchLabel;
}

// ---------------------------------------------------------------- Chromium: bench page
async function launch(): Promise<Browser> {
  // SwiftShader WebGL2 instead of --disable-gpu, so the webgl backend can start (PITFALLS #10).
  const flags = CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu').concat(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: flags });
}

async function browserRuns(browser: Browser): Promise<SearchMeasurement | null> {
  const server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 5900 + Math.floor(Math.random() * 500), strictPort: false, hmr: false },
  });
  await server.listen();
  const url = `${server.resolvedUrls?.local[0] ?? ''}bench/index.html`;
  let search: SearchMeasurement | null = null;
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') log(`  [page] ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    for (const [backend, runs] of [['wasm', WASM_PLAN], ['webgl', WEBGL_PLAN], ['cpu', CPU_PLAN]] as const) {
      for (const req of runs) {
        log(`chromium ${backend} ${req.arch} × ${req.epochs} epochs …`);
        try {
          const answer = (await page.evaluate((r) => window.runBench(r), { kind: 'measure' as const, backend, runs: [req] })) as { backend: string; result: Measurement[] };
          if (answer.backend !== backend) notes.push(`Chromium ${backend}: the backend fell back to ${answer.backend}.`);
          for (const m of answer.result) rows.push({ env: `chromium-${backend}`, ...m });
        } catch (error) {
          notes.push(`Chromium ${backend} ${req.arch} failed: ${firstLine(error)}`);
        }
      }
    }
    if (!args.has('--no-long')) {
      const longPlan: { years: number; runs: MeasureRequest[] }[] = [
        ...LONG_YEARS.map((years) => ({ years, runs: LONG_ARCHS.map((arch) => ({ arch, epochs: LONG_EPOCHS, warmupEpochs: 1 })) })),
        { years: 48, runs: [{ arch: 'gru', epochs: LONG_FULL_EPOCHS, warmupEpochs: 1 }] },
      ];
      for (const { years, runs } of longPlan) {
        log(`chromium wasm long record ${years} y: ${runs.map((r) => `${r.arch} × ${r.epochs}`).join(', ')} …`);
        try {
          const answer = (await page.evaluate((r) => window.runBench(r), { kind: 'long' as const, backend: 'wasm' as const, years, runs })) as { result: (Measurement & { windows: number })[] };
          for (const m of answer.result) longRows.push({ env: 'chromium-wasm', years, arch: m.arch, windows: m.windows, epochs: m.epochs, msPerEpoch: m.msPerEpoch, msTotal: m.msTotal, testMae: m.testMae });
          if (years === 48 && runs.some((r) => r.arch === 'gru' && r.epochs === LONG_EPOCHS)) {
            log(`node wasm long record 48 y gru × ${LONG_EPOCHS} epochs again, beside Chromium's …`);
            await initBackend('wasm');
            nodeGruBeside = (await measure(longData.get(48)!, { arch: 'gru', epochs: LONG_EPOCHS, warmupEpochs: 1 })).msPerEpoch;
          }
        } catch (error) {
          notes.push(`Chromium long record ${years} y failed: ${firstLine(error)}`);
        }
      }
    }
    log(`chromium wasm: 12-trial GRU search, ${SEARCH_EPOCHS} epochs per trial …`);
    try {
      const answer = (await page.evaluate((r) => window.runBench(r), { kind: 'search' as const, backend: 'wasm' as const, epochsPerTrial: SEARCH_EPOCHS, stockRecurrent: STOCK })) as { result: SearchMeasurement };
      search = answer.result;
    } catch (error) {
      notes.push(`Chromium search failed: ${firstLine(error)}`);
    }
    await page.close();
  } finally {
    await server.close();
  }
  return search;
}

// ---------------------------------------------------------------- Chromium: the built app
interface Sizes {
  initial: { files: string[]; raw: number; gzip: number };
  lazy: { files: string[]; raw: number; gzip: number };
  wasm: { file: string; raw: number; gzip: number }[];
  tfjsInInitial: boolean;
}
interface AppMetrics {
  sizes: Sizes;
  firstRenderMs: number[];
  training: { wallMs: number; longTasks: { start: number; duration: number }[] };
  /** A 12-trial search in the built app, click to ranking, per run: one worker (cores = 1) and the pool. */
  search: { oneWorkerMs: number[]; poolMs: number[]; cores: number } | null;
  /** Uploading the 50 MB hourly file of bench/parse.ts: choose to "Using your file", and the main thread's long tasks meanwhile. */
  upload: { wallMs: number; longTasks: { start: number; duration: number }[] } | null;
}

/** How long after "Using your file" the upload's long tasks are still counted (the chart draws meanwhile). */
const UPLOAD_SETTLE_MS = 1500;

async function appUpload(browser: Browser, url: string): Promise<AppMetrics['upload']> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-upload-'));
  const context = await browser.newContext();
  try {
    const file = join(dir, 'hourly-50mb.csv');
    writeFileSync(file, makeHourlyCsv());
    await context.addInitScript(INIT_SCRIPT);
    await context.addInitScript(FIND_TEST_ID);
    const page = await context.newPage();
    await page.goto(`${url}#/data`);
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('input#file').setInputFiles(file);
    // Polled every 50 ms by a plain text search (Playwright's getByText normalises every element's text on
    // the page's main thread, and its waitFor polls only every 500 ms after the first second).
    await page.waitForFunction(() => (window as unknown as { __hasText: (text: string) => boolean }).__hasText('Using your file hourly-50mb.csv'), null, { polling: 50, timeout: 120_000 });
    const t1 = await page.evaluate(() => performance.now());
    // The chart and the step's panels draw after the message that brought the data: their tasks count too.
    await page.waitForTimeout(UPLOAD_SETTLE_MS);
    const tasks = (await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] | null }).__longTasks)) ?? [];
    return { wallMs: t1 - t0, longTasks: tasks.filter((t) => t.start >= t0 && t.start <= t1 + UPLOAD_SETTLE_MS) };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A 12-trial grid search in the built app as a learner runs it (learning rate × units × batch size 32/64,
 * the default epochs per trial) around a first default training, from the click to the full ranking. `cores` overrides
 * navigator.hardwareConcurrency on the page (1 = no helper workers). The panel has been on screen for
 * a few seconds, as when a learner ticks the grid, so the pool's helpers have started.
 */
async function appSearchMs(browser: Browser, url: string, cores: number | null): Promise<number> {
  const context = await browser.newContext();
  await context.addInitScript(FIND_TEST_ID);
  if (cores !== null) await context.addInitScript(`Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${cores} });`);
  const page = await context.newPage();
  try {
    await page.goto(`${url}#/data`);
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    await page.goto(`${url}#/training`);
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByRole('button', { name: 'Next: Evaluation', disabled: false }).waitFor({ timeout: 120_000 });
    await page.goto(`${url}#/fine-tuning`);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: /Hyperparameter search/ }) });
    for (const v of ['32', '64']) await panel.locator(`input[data-key="batchSize"][value="${v}"]`).check();
    await panel.getByTestId('trial-count').getByText('12').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(4000);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('search').click();
    // Polled every 50 ms in the page: a locator's waitFor polls every 500 ms after its first second,
    // which rounded a 1.5 s search up by as much as half a second.
    await page.waitForFunction(() => (window as unknown as { __hasTestId: (id: string) => boolean }).__hasTestId('train-winner'), null, { polling: 50, timeout: 300_000 });
    return (await page.evaluate(() => performance.now())) - t0;
  } finally {
    await context.close();
  }
}

/** `window.__hasTestId(id)`: whether an element with that data-testid is in the page, shadow roots included. */
const FIND_TEST_ID = `
  window.__hasTestId = function (id) {
    const find = function (root) {
      if (root.querySelector('[data-testid="' + id + '"]')) return true;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot && find(el.shadowRoot)) return true;
      return false;
    };
    return find(document);
  };
  window.__hasText = function (text) {
    const find = function (root) {
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot && (el.shadowRoot.textContent.replace(/\\s+/g, ' ').includes(text) || find(el.shadowRoot))) return true;
      return false;
    };
    return find(document);
  };
`;

function sizesOf(outDir: string): Sizes {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entryKey) throw new Error('no entry chunk in the Vite manifest');
  const initial = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  visit(entryKey);
  const size = (file: string) => {
    const bytes = readFileSync(join(outDir, file));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const all = readdirSync(join(outDir, 'assets')).map((f) => `assets/${f}`);
  const js = all.filter((f) => f.endsWith('.js'));
  const sum = (files: string[]) => files.reduce((acc, f) => { const s = size(f); return { raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip }; }, { raw: 0, gzip: 0 });
  const initialFiles = [...initial];
  const lazyFiles = js.filter((f) => !initial.has(f));
  return {
    initial: { files: initialFiles, ...sum(initialFiles) },
    lazy: { files: lazyFiles, ...sum(lazyFiles) },
    wasm: all.filter((f) => f.endsWith('.wasm')).map((f) => ({ file: f, ...size(f) })),
    tfjsInInitial: initialFiles.some((f) => /registerKernel|tfjs-backend/.test(readFileSync(join(outDir, f), 'utf8'))),
  };
}

/** Injected before any page script: long tasks (buffered) and the time the first step heading shows. */
const INIT_SCRIPT = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__longTasks = null; }
  const findHeading = (root) => {
    const h = root.querySelector && root.querySelector('h1');
    if (h && h.getBoundingClientRect().height > 0) return h;
    for (const el of root.querySelectorAll ? root.querySelectorAll('*') : []) {
      if (el.shadowRoot) { const f = findHeading(el.shadowRoot); if (f) return f; }
    }
    return null;
  };
  const poll = () => {
    if (document.body && findHeading(document)) { window.__firstRender = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
`;

async function appRuns(browser: Browser): Promise<AppMetrics> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-dist-'));
  log('building the app …');
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false, manifest: true } });
  const sizes = sizesOf(outDir);
  const server = await preview({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 4900 + Math.floor(Math.random() * 500), strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? '';
  try {
    const firstRenderMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext();
      await context.addInitScript(INIT_SCRIPT);
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __firstRender?: number }).__firstRender !== undefined, null, { timeout: 30_000 });
      firstRenderMs.push(await page.evaluate(() => (window as unknown as { __firstRender: number }).__firstRender));
      await context.close();
    }
    log('app: a default training (GRU-32, 30 epochs, patience 5) …');
    const context = await browser.newContext();
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    await page.goto(`${url}#/data`);
    await page.getByText('Windows per split').waitFor({ timeout: 60_000 });
    await page.goto(`${url}#/training`);
    const start = page.getByRole('button', { name: 'Start training' });
    await start.waitFor({ timeout: 30_000 });
    // Let the step finish its first render (chart, layer table) before the clock starts: that work
    // belongs to opening the step, not to training.
    await page.waitForTimeout(1000);
    const t0 = await page.evaluate(() => performance.now());
    await start.click();
    const next = page.getByRole('button', { name: 'Next: Evaluation' });
    for (let i = 0; i < 1200 && !(await next.isEnabled()); i++) await page.waitForTimeout(50);
    const t1 = await page.evaluate(() => performance.now());
    const tasks = (await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] | null }).__longTasks)) ?? [];
    await context.close();
    let search: AppMetrics['search'] = null;
    try {
      const oneWorkerMs: number[] = [];
      const poolMs: number[] = [];
      for (let i = 0; i < SEARCH_PAIRS; i++) {
        log(`app: 12-trial search, one worker, then the pool (${i + 1} of ${SEARCH_PAIRS}) …`);
        oneWorkerMs.push(await appSearchMs(browser, url, 1));
        poolMs.push(await appSearchMs(browser, url, null));
      }
      search = { oneWorkerMs, poolMs, cores: cpus().length };
    } catch (error) {
      notes.push(`App search measurement failed: ${firstLine(error)}`);
    }
    let upload: AppMetrics['upload'] = null;
    try {
      log('app: uploading a 50 MB hourly CSV …');
      upload = await appUpload(browser, url);
    } catch (error) {
      notes.push(`App upload measurement failed: ${firstLine(error)}`);
    }
    return { sizes, firstRenderMs, training: { wallMs: t1 - t0, longTasks: tasks.filter((t) => t.start >= t0 && t.start <= t1) }, search, upload };
  } finally {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report
const t0 = performance.now();
await initBackend('wasm');
await nodeRuns();
if (!args.has('--no-long')) await longRecordRuns();
const torchVersion = torchRuns();
let parse: ParseBench | null = null;
if (!args.has('--no-parse')) {
  log('parse: a 50 MB hourly CSV, 3 runs in child processes …');
  try {
    parse = await parseBench();
  } catch (error) {
    notes.push(`Parse measurement failed: ${firstLine(error)}`);
  }
}
let ceiling: PoolCeiling | null = null;
if (APP) {
  log('pool ceiling: the 12 search trials in one Node process, then in two at once (3 rounds) …');
  try {
    ceiling = await poolCeiling();
  } catch (error) {
    notes.push(`Pool ceiling measurement failed: ${firstLine(error)}`);
  }
}
let search: SearchMeasurement | null = null;
let app: AppMetrics | null = null;
if (BROWSER || APP) {
  const browser = await launch();
  try {
    if (BROWSER) search = await browserRuns(browser);
    if (APP) {
      try {
        app = await appRuns(browser);
      } catch (error) {
        notes.push(`App measurements failed: ${firstLine(error)}`);
      }
    }
  } finally {
    await browser.close();
  }
}

const ENVS: Env[] = ['node-wasm', 'node-cpu', 'chromium-wasm', 'chromium-webgl', 'chromium-cpu', 'pytorch'];
const find = (env: Env, arch: string) => rows.find((r) => r.env === env && r.arch === arch);
const cell = (r: Row | undefined) => (r ? `${r.msPerEpoch.toFixed(0)} (${r.testMae.toFixed(2)}${r.epochs < MAE_EPOCHS ? `@${r.epochs}` : ''})` : '—');
const ratio = (a: Row | undefined, b: Row | undefined) => (a && b ? `${(a.msPerEpoch / b.msPerEpoch).toFixed(2)}×` : '—');
const header = ['model', ...ENVS, 'chromium-wasm / pytorch', 'node-wasm / pytorch'];
const table = [header, ...ARCHS.map((a) => [a, ...ENVS.map((e) => cell(find(e, a))), ratio(find('chromium-wasm', a), find('pytorch', a)), ratio(find('node-wasm', a), find('pytorch', a))])];
const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
const lines = table.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  '));
lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const gruChromium = find('chromium-wasm', 'gru');
const gruTorch = find('pytorch', 'gru');
type Verdict = 'PASS' | 'FAIL' | 'SKIP' | 'INFO';
const check = (ok: boolean | null): Verdict => (ok === null ? 'SKIP' : ok ? 'PASS' : 'FAIL');
const longest = app ? Math.max(0, ...app.training.longTasks.map((t) => t.duration)) : null;
const targets: { target: string; measured: string; verdict: Verdict }[] = [
  { target: 'GRU-32 walkthrough training, 30 epochs, headless Chromium ≤ 5 s', measured: gruChromium ? `${(gruChromium.msTotal / 1000).toFixed(1)} s (bench page worker, wasm, 30 epochs, build + train + test)` : 'not run', verdict: check(gruChromium ? gruChromium.msTotal <= 5000 : null) },
  { target: 'GRU ms/epoch in the browser ≤ PyTorch', measured: gruChromium && gruTorch ? `${gruChromium.msPerEpoch.toFixed(0)} vs ${gruTorch.msPerEpoch.toFixed(0)} ms` : 'not run', verdict: check(gruChromium && gruTorch ? gruChromium.msPerEpoch <= gruTorch.msPerEpoch : null) },
  { target: `12-trial search ≤ 60 s (GRU, ${SEARCH_EPOCHS} epochs/trial, patience 5, Chromium wasm)`, measured: search ? `${(search.msTotal / 1000).toFixed(1)} s, ${search.trials} trials` : 'not run', verdict: check(search ? search.msTotal <= 60_000 && search.trials === 12 : null) },
  { target: 'no main-thread long task > 50 ms during training', measured: app ? `${app.training.longTasks.length} long tasks, longest ${longest!.toFixed(0)} ms (app training ${(app.training.wallMs / 1000).toFixed(1)} s)` : 'not run', verdict: check(app ? app.training.longTasks.length === 0 : null) },
  { target: 'initial JS ≤ 150 KB gzip, TensorFlow.js lazy', measured: app ? `${kb(app.sizes.initial.gzip)} gzip (${kb(app.sizes.initial.raw)} raw); tfjs in initial: ${app.sizes.tfjsInInitial}` : 'not run', verdict: check(app ? app.sizes.initial.gzip <= 150 * 1024 && !app.sizes.tfjsInInitial : null) },
  { target: 'first render ≤ 1 s from the preview server', measured: app ? `median ${median(app.firstRenderMs).toFixed(0)} ms of ${app.firstRenderMs.map((x) => x.toFixed(0)).join(', ')}` : 'not run', verdict: check(app ? median(app.firstRenderMs) <= 1000 : null) },
];

{
  const a = app?.search;
  const one = a ? median(a.oneWorkerMs) : 0;
  const pool = a ? median(a.poolMs) : 0;
  targets.push({
    target: `12-trial search in the app ≥ 1.6× faster with the worker pool than with one worker (${cpus().length} cores)`,
    measured: a ? `median ${(one / 1000).toFixed(1)} s → ${(pool / 1000).toFixed(1)} s = ${(one / pool).toFixed(2)}× (one worker ${a.oneWorkerMs.map((x) => (x / 1000).toFixed(1)).join(', ')} s; pool ${a.poolMs.map((x) => (x / 1000).toFixed(1)).join(', ')} s)` : 'not run',
    verdict: check(a ? one / pool >= 1.6 : null),
  });
  if (ceiling) {
    targets.push({
      target: '… what two workers can gain on this machine at best (the same 12 trials in two Node processes at once, no page)',
      measured: `each trial ${ceiling.slowdown.toFixed(2)}× slower with both cores busy (${ceiling.rounds.map((r) => `${(r.oneMs / 1000).toFixed(1)} → ${(r.twoMs / 1000).toFixed(1)} s`).join('; ')}), so at most ${ceiling.ceiling.toFixed(2)}×`,
      verdict: 'INFO',
    });
  }
}
for (const arch of ['linear', 'mlp', 'cnn'] as const) {
  const a = find('chromium-wasm', arch);
  const b = find('pytorch', arch);
  targets.push({
    target: `${arch} epoch in the browser ≤ 1.5× PyTorch (Seattle)`,
    measured: a && b ? `${a.msPerEpoch.toFixed(0)} vs ${b.msPerEpoch.toFixed(0)} ms = ${(a.msPerEpoch / b.msPerEpoch).toFixed(2)}×` : 'not run',
    verdict: check(a && b ? a.msPerEpoch <= 1.5 * b.msPerEpoch : null),
  });
}
const longFind = (env: LongEnv, years: number, arch: string, epochs = LONG_EPOCHS) => longRows.find((r) => r.env === env && r.years === years && r.arch === arch && r.epochs === epochs);
const nodeGru = longFind('node-wasm', 48, 'gru');
const chromeGru = longFind('chromium-wasm', 48, 'gru');
const chromeGru30 = longFind('chromium-wasm', 48, 'gru', LONG_FULL_EPOCHS);
const windows48 = longData.get(48)!.train.count.toLocaleString('en');
targets.push(
  {
    target: 'GRU-32 epoch on 48 years of one station ≤ 500 ms (Node wasm)',
    measured: nodeGru ? `${nodeGru.msPerEpoch.toFixed(0)} ms (${windows48} training windows)` : 'not run',
    verdict: check(nodeGru ? nodeGru.msPerEpoch <= 500 : null),
  },
  {
    target: '… and in Chromium within 1.2× of Node (Node measured again right after Chromium)',
    measured: nodeGruBeside && chromeGru ? `${chromeGru.msPerEpoch.toFixed(0)} vs ${nodeGruBeside.toFixed(0)} ms = ${(chromeGru.msPerEpoch / nodeGruBeside).toFixed(2)}× (Node ${nodeGru?.msPerEpoch.toFixed(0) ?? '—'} ms at the start of the bench)` : 'not run',
    verdict: check(nodeGruBeside && chromeGru ? chromeGru.msPerEpoch <= 1.2 * nodeGruBeside : null),
  },
  {
    target: `${LONG_FULL_EPOCHS} GRU epochs on 48 years ≤ 15 s in the browser (Chromium wasm worker, build + train + test)`,
    measured: chromeGru30 ? `${(chromeGru30.msTotal / 1000).toFixed(1)} s (${chromeGru30.msPerEpoch.toFixed(0)} ms/epoch, test MAE ${chromeGru30.testMae.toFixed(2)} °C)` : 'not run',
    verdict: check(chromeGru30 ? chromeGru30.msTotal <= 15_000 : null),
  },
);
targets.push({
  target: `50 MB CSV parses in ≤ ${PARSE_TARGETS.seconds} s with ≤ ${PARSE_TARGETS.peakMb} MB peak (Node, hourly file, median of 3 child processes)`,
  measured: parse ? `${parse.seconds.toFixed(1)} s, ${Math.round(parse.peakMb)} MB peak (${parse.mb.toFixed(1)} MB, ${parse.rows.toLocaleString('en')} days)` : 'not run',
  verdict: check(parse ? parse.pass : null),
});
{
  const u = app?.upload;
  targets.push({
    target: 'no main-thread long task > 50 ms while a 50 MB file loads (the built app, choose → "Using your file")',
    measured: u ? `${u.longTasks.length} long tasks (${u.longTasks.map((t) => t.duration.toFixed(0)).join(', ')} ms), load ${(u.wallMs / 1000).toFixed(1)} s` : 'not run',
    verdict: check(u ? u.longTasks.length === 0 : null),
  });
}
if (longAccuracy) {
  const a = longAccuracy;
  const gap = Math.abs(median(a.fused) - median(a.stock));
  targets.push({
    target: `test MAE unchanged (≤ 0.02 °C): fused training step vs trainOnBatch, GRU 48 y, ${a.epochs} epochs, median of seeds ${a.seeds.join(', ')}`,
    measured: `${median(a.fused).toFixed(4)} vs ${median(a.stock).toFixed(4)} °C (gap ${gap.toFixed(4)}); ms/epoch ${median(a.fusedMs).toFixed(0)} vs ${median(a.stockMs).toFixed(0)}`,
    verdict: check(gap <= 0.02),
  });
}

const out: string[] = [];
out.push(`Training benchmark: Seattle, lookback 14, horizon 1, batch 32, Adam 0.003, 32 units, seed 42; ${cpus().length} cores, Node ${process.version}, tfjs ${tf.version.tfjs}${torchVersion ? `, PyTorch ${torchVersion}` : ''}${STOCK ? ', STOCK recurrent layers' : ''}`);
out.push(`Cells: ms per epoch (test MAE °C). ms/epoch = mean of the epochs after the first (warm-up), each epoch = training + validation pass.`);
out.push(`wasm and PyTorch: ${MAE_EPOCHS} epochs, MAE of the best-validation epoch. cpu: ${CPU_PLAN[0].epochs} epochs${FULL ? '' : ', linear/mlp/gru only'}; webgl (SwiftShader, software): 3 epochs${FULL ? '' : ', no lstm'}; "@N" = MAE after only N epochs.`);
out.push('');
out.push(...lines);
out.push('');
if (app) {
  out.push(`JS: initial ${app.sizes.initial.files.length} files ${kb(app.sizes.initial.raw)} raw / ${kb(app.sizes.initial.gzip)} gzip; lazy ${app.sizes.lazy.files.length} files (worker, tfjs, chart.js, …) ${kb(app.sizes.lazy.raw)} raw / ${kb(app.sizes.lazy.gzip)} gzip; wasm: ${app.sizes.wasm.map((w) => `${w.file.replace('assets/', '')} ${kb(w.raw)} / ${kb(w.gzip)}`).join('; ')}`);
  out.push('');
}
if (longRows.length > 0) {
  out.push(`Long record (Toledo, USW00094830; test 2008–2009; ${LONG_EPOCHS} epochs, mean after the first). Cells: ms per epoch / ms per 1,000 training windows (test MAE °C)`);
  const envs: LongEnv[] = ['node-wasm', 'chromium-wasm', 'pytorch'];
  const longTable = [['years', 'model', 'windows', ...envs, 'chromium / pytorch']];
  for (const years of LONG_YEARS) {
    for (const arch of LONG_ARCHS) {
      const cells = envs.map((e) => longFind(e, years, arch));
      const c = (r: LongRow | undefined) => (r ? `${r.msPerEpoch.toFixed(0)} / ${((r.msPerEpoch / r.windows) * 1000).toFixed(1)} (${r.testMae.toFixed(2)})` : '—');
      const [, chrome, torch] = cells;
      longTable.push([`${years}`, arch, longData.get(years)!.train.count.toLocaleString('en'), ...cells.map(c), chrome && torch ? `${(chrome.msPerEpoch / torch.msPerEpoch).toFixed(2)}×` : '—']);
    }
  }
  const w = longTable[0].map((_, i) => Math.max(...longTable.map((r) => r[i].length)));
  const ls = longTable.map((r) => r.map((x, i) => x.padEnd(w[i])).join('  '));
  ls.splice(1, 0, w.map((n) => '-'.repeat(n)).join('  '));
  out.push(...ls, '');
}
for (const t of targets) out.push(`${t.verdict.padEnd(4)}  ${t.target}: ${t.measured}`);
for (const n of notes) out.push(`note: ${n}`);
out.push(`total bench time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log(out.join('\n'));

mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
const file = join(ROOT, 'bench-results/latest.json');
writeFileSync(
  file,
  JSON.stringify({ date: new Date().toISOString(), full: FULL, stockRecurrent: STOCK, cores: cpus().length, node: process.version, tfjs: tf.version.tfjs, torch: torchVersion, rows, longRows, longAccuracy, nodeGruBeside, parse, ceiling, search, app, targets, notes }, null, 2),
);
console.log(`wrote ${file} (${statSync(file).size} bytes)`);
