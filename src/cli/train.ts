/**
 * `npm run train -- [options]`: trains a forecaster on a shipped dataset or a CSV with the same
 * ML core as the app, prints test metrics beside the baselines, and writes the export bundle.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHITECTURES, type ArchitectureKind } from '../ml/architectures/specs.ts';
import { columnNames } from '../ml/data/table.ts';
import { prepareData, type DataSpec } from '../ml/data/prepare.ts';
import { DEFAULT_FRACTION_SPLIT } from '../ml/data/split.ts';
import { DEFAULT_WINDOW } from '../ml/data/windows.ts';
import { COVERAGE_AIM, coverageVerdict, verdict } from '../ml/evaluation/metrics.ts';
import { defaultOf } from '../ml/settings/table.ts';
import { DEFAULT_TRAINING, type TrainingConfig } from '../ml/training/config.ts';
import { helpEntry, helpLine, loadData, parseOptions, progressLine, runCommand, settingOption, settingOptions, textTable, UsageError } from './cli-support.ts';

const HELP = `Train a weather forecaster with TensorFlow.js and compare it with honest baselines.

Usage: npm run train -- [options]

Data
  --dataset NAME        shipped dataset: seattle | new-york (default: seattle)
  --csv FILE            your own daily CSV instead: a date column (YYYY-MM-DD) and numeric columns
  --target COLUMN       column to forecast (default: temp_max)
  --inputs A,B,...      input columns besides the target (default: every numeric column)
${helpLine('seasonal')}
${helpLine('lookbackDays')}
${helpLine('horizonDays')}
  --test-from DATE      first day of the test period, YYYY-MM-DD (default: 2015-01-01 for shipped data,
                        the last 20 % of days for a CSV); the last 10 % of the rest is validation

Model
${helpLine('architecture')}
${helpLine('units', `${defaultOf('units', 'gru')}; filters for cnn`)}
${helpLine('layers')}
${helpLine('dropout')}

Training
${helpLine('epochs')}
${helpLine('batchSize')}
${helpLine('learningRate')}
${helpLine('optimizer')}
${helpLine('patience')}
${helpLine('seed')}
${helpEntry('  --intervals', 'forecast an 80 % band too: train the 10th, 50th and 90th percentiles with the pinball loss; the test metrics score the median, plus the band\'s coverage')}
${helpLine('backend')}

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
  'test-from': { type: 'string' },
  ...settingOptions(),
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
  const kind = settingOption<ArchitectureKind>(o, 'architecture', 'gru');
  const architecture = {
    kind,
    units: settingOption(o, 'units', defaultOf('units', kind)),
    layers: settingOption(o, 'layers', defaultOf('layers', kind)),
    dropout: settingOption(o, 'dropout', defaultOf('dropout', kind)),
  };
  const training: TrainingConfig = {
    epochs: settingOption(o, 'epochs', DEFAULT_TRAINING.epochs),
    batchSize: settingOption(o, 'batchSize', DEFAULT_TRAINING.batchSize),
    learningRate: settingOption(o, 'learningRate', DEFAULT_TRAINING.learningRate),
    optimizer: settingOption(o, 'optimizer', DEFAULT_TRAINING.optimizer),
    patience: settingOption(o, 'patience', DEFAULT_TRAINING.patience),
    seed: settingOption(o, 'seed', DEFAULT_TRAINING.seed),
    ...(settingOption(o, 'intervals', false) ? { intervals: true } : {}),
  };
  const window = {
    lookbackDays: settingOption(o, 'lookbackDays', DEFAULT_WINDOW.lookbackDays),
    horizonDays: settingOption(o, 'horizonDays', DEFAULT_WINDOW.horizonDays),
  };
  const backendWanted = settingOption<'wasm' | 'cpu'>(o, 'backend', 'wasm');
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
  const spec: DataSpec = { features: { target, inputs: usableInputs, seasonal: settingOption(o, 'seasonal', true) }, window, split };
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
