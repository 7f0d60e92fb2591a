/**
 * `npm run train -- [options]`: trains a forecaster on a shipped dataset or a CSV with the same
 * ML core as the app, prints test metrics beside the baselines, and writes the export bundle.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHITECTURE_LIMITS, ARCHITECTURES, type ArchitectureKind } from '../ml/architectures/specs.ts';
import { columnNames } from '../ml/data/table.ts';
import { prepareData, type DataSpec } from '../ml/data/prepare.ts';
import { DEFAULT_FRACTION_SPLIT } from '../ml/data/split.ts';
import { DEFAULT_WINDOW, WINDOW_LIMITS } from '../ml/data/windows.ts';
import { COVERAGE_AIM, coverageVerdict, verdict } from '../ml/evaluation/metrics.ts';
import { DEFAULT_TRAINING, OPTIMIZER_LABELS, TRAINING_LIMITS, type OptimizerName } from '../ml/training/config.ts';
import { choiceOption, loadData, numberOption, parseOptions, progressLine, runCommand, textTable, UsageError } from './cli-support.ts';

const HELP = `Train a weather forecaster with TensorFlow.js and compare it with honest baselines.

Usage: npm run train -- [options]

Data
  --dataset NAME        shipped dataset: seattle | new-york (default: seattle)
  --csv FILE            your own daily CSV instead: a date column (YYYY-MM-DD) and numeric columns
  --target COLUMN       column to forecast (default: temp_max)
  --inputs A,B,...      input columns besides the target (default: every numeric column)
  --no-seasonal         do not add day-of-year sin/cos features
  --lookback DAYS       days of history per forecast, ${WINDOW_LIMITS.lookbackDays.min}-${WINDOW_LIMITS.lookbackDays.max} (default: ${DEFAULT_WINDOW.lookbackDays})
  --horizon DAYS        days forecast at once, ${WINDOW_LIMITS.horizonDays.min}-${WINDOW_LIMITS.horizonDays.max} (default: ${DEFAULT_WINDOW.horizonDays})
  --test-from DATE      first day of the test period, YYYY-MM-DD (default: 2015-01-01 for shipped data,
                        the last 20 % of days for a CSV); the last 10 % of the rest is validation

Model
  --arch KIND           ${Object.keys(ARCHITECTURES).join(' | ')} (default: gru)
  --units N             hidden units (filters for cnn), ${ARCHITECTURE_LIMITS.units.min}-${ARCHITECTURE_LIMITS.units.max} (default: 32)
  --layers N            hidden layers, ${ARCHITECTURE_LIMITS.layers.min}-${ARCHITECTURE_LIMITS.layers.max} (default: 1)
  --dropout RATE        dropout after each hidden layer, 0-${ARCHITECTURE_LIMITS.dropout.max} (default: 0)

Training
  --epochs N            ${TRAINING_LIMITS.epochs.min}-${TRAINING_LIMITS.epochs.max} (default: ${DEFAULT_TRAINING.epochs})
  --batch-size N        ${TRAINING_LIMITS.batchSize.min}-${TRAINING_LIMITS.batchSize.max} (default: ${DEFAULT_TRAINING.batchSize})
  --learning-rate R     ${TRAINING_LIMITS.learningRate.min}-${TRAINING_LIMITS.learningRate.max} (default: ${DEFAULT_TRAINING.learningRate})
  --optimizer NAME      ${Object.keys(OPTIMIZER_LABELS).join(' | ')} (default: ${DEFAULT_TRAINING.optimizer})
  --patience N          early stopping: epochs without a better validation loss, 0 = off (default: ${DEFAULT_TRAINING.patience})
  --seed N              seed for weights, dropout and batch order (default: ${DEFAULT_TRAINING.seed})
  --intervals           forecast an 80 % band too: train the 10th, 50th and 90th percentiles with the
                        pinball loss; the test metrics score the median, plus the band's coverage
  --backend NAME        wasm | cpu (default: wasm)

Output
  --out DIR             write the export bundle (model.json, weights.bin, metadata.json,
                        test-vectors.json, README.md) to DIR
  --json                print one JSON object instead of the progress bar and tables
  --help                show this help

Example
  npm run train -- --dataset seattle --arch gru --epochs 30 --out models/seattle-gru
`;

const OPTIONS = {
  dataset: { type: 'string' },
  csv: { type: 'string' },
  target: { type: 'string' },
  inputs: { type: 'string' },
  'no-seasonal': { type: 'boolean' },
  lookback: { type: 'string' },
  horizon: { type: 'string' },
  'test-from': { type: 'string' },
  arch: { type: 'string' },
  units: { type: 'string' },
  layers: { type: 'string' },
  dropout: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'learning-rate': { type: 'string' },
  optimizer: { type: 'string' },
  patience: { type: 'string' },
  seed: { type: 'string' },
  intervals: { type: 'boolean' },
  backend: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const fmt = (v: number) => v.toFixed(2);

async function main(argv: string[]): Promise<void> {
  const o = parseOptions(argv, OPTIONS, 'train');
  if (o.help) {
    process.stdout.write(HELP);
    return;
  }
  const L = TRAINING_LIMITS;
  const A = ARCHITECTURE_LIMITS;
  const kind = choiceOption(o.arch, 'arch', Object.keys(ARCHITECTURES) as ArchitectureKind[], 'gru');
  const architecture = {
    kind,
    units: numberOption(o.units, 'units', ARCHITECTURES[kind].defaults.units, { ...A.units, integer: true }),
    layers: numberOption(o.layers, 'layers', ARCHITECTURES[kind].defaults.layers, { ...A.layers, integer: true }),
    dropout: numberOption(o.dropout, 'dropout', ARCHITECTURES[kind].defaults.dropout, A.dropout),
  };
  const training = {
    epochs: numberOption(o.epochs, 'epochs', DEFAULT_TRAINING.epochs, { ...L.epochs, integer: true }),
    batchSize: numberOption(o['batch-size'], 'batch-size', DEFAULT_TRAINING.batchSize, { ...L.batchSize, integer: true }),
    learningRate: numberOption(o['learning-rate'], 'learning-rate', DEFAULT_TRAINING.learningRate, L.learningRate),
    optimizer: choiceOption(o.optimizer, 'optimizer', Object.keys(OPTIMIZER_LABELS) as OptimizerName[], DEFAULT_TRAINING.optimizer),
    patience: numberOption(o.patience, 'patience', DEFAULT_TRAINING.patience, { ...L.patience, integer: true }),
    seed: numberOption(o.seed, 'seed', DEFAULT_TRAINING.seed, { ...L.seed, integer: true }),
    ...(o.intervals ? { intervals: true } : {}),
  };
  const window = {
    lookbackDays: numberOption(o.lookback, 'lookback', DEFAULT_WINDOW.lookbackDays, { ...WINDOW_LIMITS.lookbackDays, integer: true }),
    horizonDays: numberOption(o.horizon, 'horizon', DEFAULT_WINDOW.horizonDays, { ...WINDOW_LIMITS.horizonDays, integer: true }),
  };
  const backendWanted = choiceOption(o.backend, 'backend', ['wasm', 'cpu'] as const, 'wasm');
  if (o['test-from'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o['test-from'])) {
    throw new UsageError(`--test-from must be a date like 2015-01-01; got "${o['test-from']}".`);
  }

  const named = [...(o.target ? [o.target] : []), ...(o.inputs?.split(',').map((c) => c.trim()).filter(Boolean) ?? [])];
  const data = loadData(o.dataset, o.csv, { requiredColumns: named });
  const table = data.parsed.table;
  const columns = columnNames(table);
  const target = o.target ?? (columns.includes('temp_max') ? 'temp_max' : columns[0]);
  if (!columns.includes(target)) throw new UsageError(`--target "${target}" is not a column of the data. Choose one of: ${columns.join(', ')}.`);
  const inputs = o.inputs === undefined ? columns : o.inputs.split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of inputs) {
    if (!columns.includes(c)) throw new UsageError(`--inputs names "${c}", which is not a column of the data. Choose from: ${columns.join(', ')}.`);
  }
  const constant = new Set(data.parsed.report.constantColumns ?? []);
  const usableInputs = inputs.filter((c) => c === target || !constant.has(c));
  const split = o['test-from']
    ? { kind: 'test-from-date' as const, testStart: o['test-from'], validationFraction: 0.1 }
    : (data.shipped?.split ?? DEFAULT_FRACTION_SPLIT);
  const spec: DataSpec = { features: { target, inputs: usableInputs, seasonal: !o['no-seasonal'] }, window, split };
  const prepared = prepareData(table, spec);

  // TensorFlow.js loads only now: --help, bad options and bad data answer without waiting for it.
  const [{ buildModel, disposeModel, summarizeModel }, { initBackend }, { evaluateModel }, { exportBundle }, { train }] = await Promise.all([
    import('../ml/architectures/architectures.ts'),
    import('../ml/backend.ts'),
    import('../ml/evaluation/evaluate.ts'),
    import('../ml/export/bundle.ts'),
    import('../ml/training/train.ts'),
  ]);

  const backend = await initBackend(backendWanted);
  const json = Boolean(o.json);
  const log = (text: string) => {
    if (!json) process.stderr.write(`${text}\n`);
  };
  const tty = process.stderr.isTTY;
  const model = buildModel(architecture, prepared, training.seed, { intervals: training.intervals });
  try {
    const summary = summarizeModel(model);
    log(
      `${data.name}: ${prepared.target} (${prepared.targetUnits || 'no unit'}), ${prepared.lookbackDays} days → ${prepared.horizonDays} day(s); ` +
        `train ${prepared.periods.train.start}…${prepared.periods.train.end} (${prepared.train.count} windows), ` +
        `validation ${prepared.validation.count}, test ${prepared.periods.test.start}…${prepared.periods.test.end} (${prepared.test.count}).`,
    );
    log(`${ARCHITECTURES[kind].label}, ${summary.totalParams} parameters, backend ${backend}${training.intervals ? '; 10th, 50th and 90th percentiles (pinball loss)' : ''}.`);
    const startedAt = performance.now();
    const result = await train(model, prepared, training, {
      onEpoch: (e) => {
        if (json) return;
        const elapsed = (performance.now() - startedAt) / 1000;
        const eta = (elapsed / e.epoch) * (training.epochs - e.epoch);
        const line = progressLine(
          e.epoch,
          training.epochs,
          `epoch ${e.epoch}/${training.epochs}  train MAE ${fmt(e.trainMae)}  val MAE ${fmt(e.valMae)} ${prepared.targetUnits}  ${Math.round(e.ms)} ms/epoch  ETA ${eta.toFixed(0)} s`,
        );
        process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      },
    });
    if (tty && !json) process.stderr.write('\n');
    log(
      result.stoppedEarly
        ? `Stopped early after ${result.history.length} epochs; kept the weights of epoch ${result.bestEpoch} (best validation MAE ${fmt(result.bestValMae)}).`
        : `Trained ${result.history.length} epochs; kept the weights of epoch ${result.bestEpoch}.`,
    );
    const evaluation = evaluateModel(model, prepared, 'test');
    let outDir: string | undefined;
    if (o.out) {
      const files = await exportBundle(model, prepared, {
        dataset: { name: data.name, source: data.source },
        architecture,
        training,
        trainingSummary: { epochsRun: result.history.length, bestEpoch: result.bestEpoch, msPerEpoch: result.msPerEpoch },
        evaluation,
      });
      mkdirSync(o.out, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(o.out, name), bytes);
      outDir = o.out;
    }
    const m = evaluation.model;
    const b = evaluation.baselines;
    const iv = evaluation.intervals;
    if (json) {
      process.stdout.write(
        `${JSON.stringify(
          {
            dataset: data.name,
            target: prepared.target,
            units: prepared.targetUnits,
            window,
            architecture,
            training,
            backend,
            parameters: summary.totalParams,
            periods: prepared.periods,
            test: {
              mae: m.mae,
              rmse: m.rmse,
              maePerHorizon: m.maePerHorizon,
              ...(iv
                ? {
                    intervals: {
                      quantiles: iv.quantiles,
                      nominalCoverage: iv.nominalCoverage,
                      coverage: iv.coverage,
                      coveragePerHorizon: iv.coveragePerHorizon,
                      meanWidth: iv.meanWidth,
                      meanWidthPerHorizon: iv.meanWidthPerHorizon,
                      pinballLoss: iv.pinballLoss,
                    },
                  }
                : {}),
            },
            validation: { mae: result.bestValMae },
            baselines: {
              persistence: { mae: b.persistence.mae, rmse: b.persistence.rmse, maePerHorizon: b.persistence.maePerHorizon },
              climatology: { mae: b.climatology.mae, rmse: b.climatology.rmse, maePerHorizon: b.climatology.maePerHorizon },
            },
            skillPercent: evaluation.skill,
            timing: { msPerEpoch: result.msPerEpoch, epochs: result.history.length, msTotal: result.msTotal, bestEpoch: result.bestEpoch },
            out: outDir ?? null,
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    const u = prepared.targetUnits;
    const rows = [
      [`${ARCHITECTURES[kind].label} (this model)`, fmt(m.mae), fmt(m.rmse), ''],
      ['Persistence (last observed day)', fmt(b.persistence.mae), fmt(b.persistence.rmse), `${evaluation.skill.persistence.toFixed(1)} %`],
      ['Climatology (day-of-year mean)', fmt(b.climatology.mae), fmt(b.climatology.rmse), `${evaluation.skill.climatology.toFixed(1)} %`],
    ];
    process.stdout.write(`\nTest period ${prepared.periods.test.start} to ${prepared.periods.test.end}, ${m.count} forecasts:\n\n`);
    process.stdout.write(`${textTable(['Forecast', `MAE (${u})`, `RMSE (${u})`, 'model skill vs it'], rows)}\n\n`);
    if (prepared.horizonDays > 1) {
      const hRows = m.maePerHorizon.map((v, j) => [`day ${j + 1}`, fmt(v), fmt(b.persistence.maePerHorizon[j]), fmt(b.climatology.maePerHorizon[j])]);
      process.stdout.write(`${textTable(['MAE by horizon', 'model', 'persistence', 'climatology'], hRows)}\n\n`);
    }
    if (iv) {
      const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
      const iRows = iv.coveragePerHorizon.map((c, j) => [`day ${j + 1}`, pct(c), `${fmt(iv.meanWidthPerHorizon[j])} ${u}`, coverageVerdict(c) === 'ok' ? 'ok' : coverageVerdict(c)]);
      process.stdout.write(`80 % band (10th–90th percentile; aim: ${pct(COVERAGE_AIM.min)}–${pct(COVERAGE_AIM.max)} of test days inside), pinball loss ${fmt(iv.pinballLoss)} ${u}:\n\n`);
      process.stdout.write(`${textTable(['horizon', 'inside band', 'mean width', 'calibration'], iRows)}\n\n`);
    }
    process.stdout.write(`${verdict(evaluation, kind)}\n`);
    process.stdout.write(`${Math.round(result.msPerEpoch)} ms per epoch on ${backend}, ${(result.msTotal / 1000).toFixed(1)} s in all.\n`);
    process.stdout.write(outDir ? `Model bundle written to ${outDir}\n` : 'Add --out DIR to save the model bundle.\n');
  } finally {
    disposeModel(model);
  }
}

await runCommand(() => main(process.argv.slice(2)));
