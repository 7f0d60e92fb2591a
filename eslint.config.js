// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// The layers (ARCHITECTURE.md): ml <- worker <- app <- steps <- shell, with ui beside the steps and
// cli over ml only. Each layer's forbidden imports are listed once here; tests/app/layers.test.ts
// lints a probe import for every rule and expects it to fail.

/** Modules that load TensorFlow.js: the page imports the core's pure modules or types only. */
const TFJS = {
  group: ['@tensorflow/*', '**/ml/backend.ts', '**/ml/kernels/*', '**/ml/architectures/architectures.ts', '**/ml/training/train.ts', '**/ml/evaluation/evaluate.ts', '**/ml/evaluation/importance.ts', '**/ml/export/bundle.ts', '**/ml/export/write.ts', '**/ml/export/read.ts', '**/ml/export/predict.ts', '**/ml/fine-tuning/fine-tuning.ts'],
  allowTypeImports: true,
  message: 'This module loads TensorFlow.js; page code imports the pure module (specs.ts, config.ts, metrics.ts, format.ts, metadata.ts, recipe.ts) or a type only. TensorFlow.js runs in the worker.',
};
const forbid = (group, message, allowTypeImports = false) => ({ group, message, allowTypeImports });
const UI_LIBS = [forbid(['lit', 'lit/*', '@lit/*'], 'No Lit in this layer.'), forbid(['chart.js', 'chart.js/*'], 'No chart.js in this layer: src/ui/chart-view is its one home.')];
const STEPS = readdirSync(join(import.meta.dirname, 'src/steps'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name);

/** One config object per layer: files, and the import patterns they may not use. */
const layer = (files, patterns, rules = {}) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }], ...rules },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench-results/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['examples/**/*.mjs', 'scripts/**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  // The ML core runs in Node, in a Web Worker and in the page: no DOM, no UI code, nothing above it.
  layer(
    ['src/ml/**/*.ts'],
    [
      ...UI_LIBS,
      forbid(['**/app/**', '**/steps/**', '**/ui/**', '**/worker/**', '**/cli/**', '**/shell/**'], 'src/ml may not import from outer layers.'),
      forbid(['node:*', 'fs', 'path'], 'src/ml runs in the browser too: no Node built-ins.'),
    ],
    { 'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'process'] },
  ),
  // The worker owns the tensors and speaks the protocol: it imports the core only.
  layer(['src/worker/**/*.ts'], [...UI_LIBS, forbid(['**/app/**', '**/steps/**', '**/ui/**', '**/cli/**', '**/shell/**'], 'src/worker imports only src/ml.')]),
  // The command line runs the core in Node.
  layer(['src/cli/**/*.ts'], [...UI_LIBS, forbid(['**/app/**', '**/steps/**', '**/ui/**', '**/worker/**', '**/shell/**'], 'src/cli imports only src/ml.')]),
  // The app layer holds state and jobs, no rendering: nothing of the steps, the shell or the widgets.
  layer(['src/app/**/*.ts'], [TFJS, UI_LIBS[1], forbid(['**/steps/**', '**/shell/**', '**/ui/**', '**/cli/**'], 'src/app holds state and jobs: it imports no steps, shell or widgets (the shell composes them).')]),
  // Widgets are reusable: they know nothing of the app, the steps or the worker.
  layer(['src/ui/**/*.ts'], [TFJS, forbid(['**/app/**', '**/steps/**', '**/worker/**', '**/shell/**', '**/cli/**'], 'src/ui holds reusable widgets: no app, step or worker code.')]),
  // Steps render the state and dispatch intents: no worker, no jobs or storage, no other step.
  ...STEPS.map((step) =>
    layer(
      [`src/steps/${step}/**/*.ts`],
      [
        TFJS,
        forbid(['**/worker/**'], 'Steps never call the worker: dispatch an intent (src/app/events.ts). Types of the state may be imported.', true),
        forbid(['**/app/workflow/**', '**/app/persistence.ts', '**/app/files.ts'], 'Steps render the state and dispatch intents; the jobs, storage and file saving belong to src/app.'),
        forbid(['**/shell/**', '**/cli/**'], 'Only the shell composes the steps.'),
        forbid(STEPS.filter((o) => o !== step).flatMap((o) => [`../${o}/**`, `**/steps/${o}/**`]), 'A step never imports another step: shared code goes into src/steps/shared or src/ui.'),
      ],
    ),
  ),
  layer(['src/steps/shared/**/*.ts'], [TFJS, forbid(['**/worker/**'], 'Steps never call the worker.', true), forbid(['**/app/workflow/**', '**/app/persistence.ts', '**/app/files.ts', '**/shell/**', '**/cli/**'], 'Shared step code renders; jobs and storage belong to src/app.')]),
  // The composition root: registers the steps and forwards intents to the workflow.
  layer(['src/shell/**/*.ts', 'src/main.ts'], [TFJS, forbid(['**/worker/**', '**/cli/**'], 'The shell reaches the worker only through the workflow (src/app).', true)]),
);
