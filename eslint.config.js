// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench-results/**'] },
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
  {
    // The page loads TensorFlow.js only inside the worker: page code may import the core's pure
    // modules (specs, configs, metrics, formats) and types, never the modules that load tfjs.
    files: ['src/app/**/*.ts', 'src/steps/**/*.ts', 'src/ui/**/*.ts', 'src/main.ts'],
    ignores: ['src/worker/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*', '**/ml/backend.ts', '**/ml/kernels/*', '**/ml/architectures/architectures.ts', '**/ml/training/train.ts', '**/ml/evaluation/evaluate.ts', '**/ml/export/bundle.ts', '**/ml/export/write.ts', '**/ml/export/read.ts', '**/ml/export/predict.ts', '**/ml/fine-tuning/fine-tuning.ts'],
              allowTypeImports: true,
              message: 'This module loads TensorFlow.js; page code imports the pure module (specs.ts, config.ts, metrics.ts, format.ts, metadata.ts, recipe.ts) or a type only. TensorFlow.js runs in the worker.',
            },
          ],
        },
      ],
    },
  },
  {
    // The ML core runs in Node, in a Web Worker and in the page: no DOM or UI code.
    files: ['src/ml/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['lit', 'lit/*', '@lit/*'], message: 'src/ml is the pure ML core: no Lit.' },
            { group: ['chart.js', 'chart.js/*'], message: 'src/ml is the pure ML core: no chart.js.' },
            { group: ['**/app/**', '**/steps/**', '**/ui/**', '**/worker/**', '**/cli/**'], message: 'src/ml may not import from outer layers.' },
            { group: ['node:*', 'fs', 'path'], message: 'src/ml runs in the browser too: no Node built-ins.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'process'],
    },
  },
);
