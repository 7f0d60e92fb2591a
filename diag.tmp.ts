import { readFileSync } from 'node:fs';
import '@tensorflow/tfjs-backend-wasm';
import { buildModel, disposeModel } from './src/ml/architectures/architectures.ts';
import { initBackend } from './src/ml/backend.ts';
import { parseWeatherCsv } from './src/ml/data/csv.ts';
import { prepareData } from './src/ml/data/prepare.ts';
import { ARCHITECTURES } from './src/ml/architectures/specs.ts';
import { DEFAULT_TRAINING, train } from './src/ml/training/train.ts';
import { evaluateModel } from './src/ml/evaluation/evaluate.ts';
import { DEFAULT_SETTINGS } from './src/app/state.ts';
await initBackend('wasm');
const data = prepareData(parseWeatherCsv(readFileSync('datasets/seattle.csv', 'utf8')).table, DEFAULT_SETTINGS.dataSpec);
const cases = [
  ['mlp lr5', 'mlp', { learningRate: 5 }],
  ['mlp 60 p0', 'mlp', { epochs: 60, patience: 0 }],
  ['gru default', 'gru', {}],
  ['linear default', 'linear', {}],
  ['lstm default', 'lstm', {}],
  ['mlp lr 1e-5', 'mlp', { learningRate: 1e-5 }],
] as const;
for (const [name, arch, patch] of cases) {
  const model = buildModel(ARCHITECTURES[arch].defaults, data, 42);
  try {
    const r = await train(model, data, { ...DEFAULT_TRAINING, ...patch });
    const e = evaluateModel(model, data, 'test');
    console.log(name, 'best', r.bestEpoch, 'of', r.history.length, 'val', r.bestValMae.toFixed(3), 'test', e.model.mae.toFixed(3), 'skillP', e.skill.persistence.toFixed(1), 'clim', e.baselines.climatology.mae.toFixed(2));
    console.log('  train', r.history.map((h) => h.trainMae.toFixed(2)).join(' '));
    console.log('  val  ', r.history.map((h) => h.valMae.toFixed(2)).join(' '));
    console.log('  tloss', r.history.map((h) => h.trainLoss.toPrecision(3)).join(' '));
  } catch (err) { console.log(name, 'ERR', (err as Error).message); }
  disposeModel(model);
}
