/**
 * `npm run train -- [options]`: trains a forecaster on a shipped dataset or a CSV with the same
 * ML core as the app, prints test metrics beside the baselines, and writes the export bundle.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHITECTURES, type ArchitectureKind } from '../ml/architectures/specs.ts';
import { defaultInputs } from '../ml/data/inputs.ts';
import { defaultTarget } from '../ml/data/roles.ts';
import type { CsvParseOptions } from '../ml/data/csv.ts';
import { MAPPING_ROLES, parseMapArgument, roleOfTableColumn, type MappingOverride } from '../ml/data/mapping.ts';
import { LONG_RECORDS } from '../ml/datasets.ts';
import { columnNames } from '../ml/data/table.ts';
import { prepareData, type DataSpec } from '../ml/data/prepare.ts';
import { DEFAULT_FRACTION_SPLIT } from '../ml/data/split.ts';
import { DEFAULT_WINDOW } from '../ml/data/windows.ts';
import { medianIndex } from '../ml/evaluation/spread.ts';
import { fixed } from '../ml/format.ts';
import { defaultOf } from '../ml/settings/table.ts';
import { DEFAULT_TRAINING, type TrainingConfig } from '../ml/training/config.ts';
import { helpEntry, helpLine, loadData, parseOptions, progressLine, runCommand, settingOption, settingOptions, UsageError } from './cli-support.ts';
import { runEnsembleCommand } from './train-ensemble.ts';
import { findingsOf, seedSpread, seedsReport, testJson, textReport, type SeedRun } from './train-report.ts';

/** Most seeds one command trains. */
const MAX_SEEDS = 20;

const HELP = `Train a weather forecaster with TensorFlow.js and compare it with honest baselines.

Usage: npm run train -- [options]

Data
  --dataset NAME        shipped dataset: seattle | new-york (default: seattle), or a 50-year record by its
                        GHCN station ID: ${Object.keys(LONG_RECORDS).join(' | ')}
  --csv FILE            your own weather CSV instead: NOAA CDO, Open-Meteo (daily or hourly), Meteostat
                        or a spreadsheet export; roles and units are detected, values converted to
                        °C, mm and m/s, hourly rows aggregated to days
${helpEntry('  --map COL=ROLE[:UNIT]', `override the detected role and unit of a column, e.g. --map TMAX=temp_max:F or --map AWND=ignore (repeatable); roles: ${MAPPING_ROLES.join(', ')}`)}
  --date-order mdy|dmy  month-first (US) or day-first, for numeric dates the data does not decide
  --target COLUMN       column to forecast (default: the daily maximum temperature)
  --inputs A,B,...      input columns besides the target (default: every numeric column except flags
                        such as interpolated)
${helpLine('seasonal')}
${helpLine('lookbackDays')}
${helpLine('horizonDays')}
${helpLine('trainYears', 'every year before the test period')}
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
${helpEntry('  --seeds N', `train N seeds (--seed, --seed + 1, …; 1-${MAX_SEEDS}) and report each with the median and range; the report and the bundle are those of the seed with the median validation MAE`)}
${helpLine('ensembleMembers')}
                        (with --out: one bundle whose model averages the seeds)

Output
  --out DIR             write the export bundle (model.onnx, model.json, weights.bin, metadata.json,
                        test-vectors.json, their schemas, README.md, manifest.json) to DIR
  --json                print one JSON object instead of the progress bar and tables
  --help                show this help

Example
  npm run train -- --dataset seattle --arch gru --epochs 30 --out models/seattle-gru
  npm run train -- --dataset seattle --arch gru --seed 1 --seeds 5     (median and range over seeds 1-5)
  npm run train -- --dataset seattle --arch gru --ensemble 3           (mean forecast of seeds 42-44)
`;

const OPTIONS = {
  dataset: { type: 'string' },
  csv: { type: 'string' },
  target: { type: 'string' },
  inputs: { type: 'string' },
  'test-from': { type: 'string' },
  map: { type: 'string', multiple: true },
  'date-order': { type: 'string' },
  ...settingOptions(),
  seeds: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** `--map` and `--date-order` as parse options. */
function mappingOptions(map: readonly string[] | undefined, dateOrder: string | undefined): Pick<CsvParseOptions, 'mapping' | 'dateOrder'> {
  if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy') throw new UsageError(`--date-order must be mdy (month first, US) or dmy (day first); got "${dateOrder}".`);
  const mapping: Record<string, MappingOverride> = {};
  for (const entry of map ?? []) {
    try {
      const [column, override] = parseMapArgument(entry);
      mapping[column] = override;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return { ...(map ? { mapping } : {}), ...(dateOrder ? { dateOrder } : {}) };
}

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
  const seedCount = o.seeds === undefined ? 1 : Number(o.seeds);
  if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > MAX_SEEDS) throw new UsageError(`--seeds must be a whole number from 1 to ${MAX_SEEDS}; got "${o.seeds}".`);
  const ensembleMembers = settingOption<number | undefined>(o, 'ensembleMembers', undefined);
  if (ensembleMembers !== undefined && o.seeds !== undefined) throw new UsageError('Give either --seeds (compare seeds) or --ensemble (average them), not both.');
  if (o['test-from'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o['test-from'])) {
    throw new UsageError(`--test-from must be a date like 2015-01-01; got "${o['test-from']}".`);
  }

  const named = [...(o.target ? [o.target] : []), ...(o.inputs?.split(',').map((c) => c.trim()).filter(Boolean) ?? [])];
  const data = loadData(o.dataset, o.csv, { requiredColumns: named, ...mappingOptions(o.map, o['date-order']) });
  const table = data.parsed.table;
  const columns = columnNames(table);
  const target = o.target ?? defaultTarget(columns, (c) => roleOfTableColumn(data.parsed.mapping, c)) ?? columns[0];
  if (!columns.includes(target)) throw new UsageError(`--target "${target}" is not a column of the data. Choose one of: ${columns.join(', ')}.`);
  const inputs = o.inputs === undefined ? defaultInputs(columns) : o.inputs.split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of inputs) {
    if (!columns.includes(c)) throw new UsageError(`--inputs names "${c}", which is not a column of the data. Choose from: ${columns.join(', ')}.`);
  }
  const constant = new Set(data.parsed.report.constantColumns ?? []);
  const usableInputs = inputs.filter((c) => c === target || !constant.has(c));
  const trainYears = settingOption<number | undefined>(o, 'trainYears', undefined);
  const baseSplit = o['test-from']
    ? { kind: 'test-from-date' as const, testStart: o['test-from'], validationFraction: 0.1 }
    : (data.shipped?.split ?? DEFAULT_FRACTION_SPLIT);
  const split = trainYears === undefined ? baseSplit : { ...baseSplit, trainYears };
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
  if (ensembleMembers !== undefined) return runEnsembleCommand({ data, prepared, architecture, training, members: ensembleMembers, backend, json, out: o.out });
  const log = (text: string) => {
    if (!json) process.stderr.write(`${text}\n`);
  };
  const tty = process.stderr.isTTY;
  log(
    `${data.name}: ${prepared.target} (${prepared.targetUnits || 'no unit'}), ${prepared.lookbackDays} days → ${prepared.horizonDays} day(s); ` +
      `train ${prepared.periods.train.start}…${prepared.periods.train.end} (${prepared.train.count} windows), ` +
      `validation ${prepared.validation.count}, test ${prepared.periods.test.start}…${prepared.periods.test.end} (${prepared.test.count}).`,
  );
  const seeds = Array.from({ length: seedCount }, (_, i) => training.seed + i);
  const runs: SeedRun[] = [];
  const models: ReturnType<typeof buildModel>[] = [];
  let parameters = 0;
  try {
    for (const seed of seeds) {
      const config = { ...training, seed };
      const model = buildModel(architecture, prepared, seed, { intervals: training.intervals });
      models.push(model);
      parameters = summarizeModel(model).totalParams;
      if (runs.length === 0) log(`${ARCHITECTURES[kind].label}, ${parameters} parameters, backend ${backend}${training.intervals ? '; 10th, 50th and 90th percentiles (pinball loss)' : ''}.`);
      const startedAt = performance.now();
      const tag = seeds.length > 1 ? `seed ${seed}  ` : '';
      const result = await train(model, prepared, config, {
        onEpoch: (e) => {
          if (json) return;
          const elapsed = (performance.now() - startedAt) / 1000;
          const eta = (elapsed / e.epoch) * (config.epochs - e.epoch);
          const line = progressLine(
            e.epoch,
            config.epochs,
            `${tag}epoch ${e.epoch}/${config.epochs}  train MAE ${fixed(e.trainMae)}  val MAE ${fixed(e.valMae)} ${prepared.targetUnits}  ${Math.round(e.ms)} ms/epoch  ETA ${fixed(eta, 0)} s`,
          );
          process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
        },
      });
      if (tty && !json) process.stderr.write('\n');
      log(
        result.stoppedEarly
          ? `${tag}Stopped early after ${result.history.length} epochs; kept the weights of epoch ${result.bestEpoch} (best validation MAE ${fixed(result.bestValMae)}).`
          : `${tag}Trained ${result.history.length} epochs; kept the weights of epoch ${result.bestEpoch} (best validation MAE ${fixed(result.bestValMae)}).`,
      );
      runs.push({ seed, result, evaluation: evaluateModel(model, prepared, 'test') });
    }
    // The run that represents the spread is chosen on validation, never on the test year.
    const chosen = medianIndex(runs.map((r) => r.result.bestValMae));
    const { result, evaluation } = runs[chosen];
    let outDir: string | undefined;
    if (o.out) {
      const files = await exportBundle(models[chosen], prepared, {
        dataset: { name: data.name, source: data.source, columns: data.parsed.mapping },
        architecture,
        training: { ...training, seed: runs[chosen].seed },
        trainingSummary: { epochsRun: result.history.length, bestEpoch: result.bestEpoch, msPerEpoch: result.msPerEpoch, bestValMae: result.bestValMae },
        history: result.history,
        lineage: [`${ARCHITECTURES[kind].label} · npm run train, seed ${runs[chosen].seed}`],
        evaluation,
      });
      mkdirSync(o.out, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(o.out, name), bytes);
      outDir = o.out;
    }
    const b = evaluation.baselines;
    if (json) {
      const report = {
        dataset: data.name,
        target: prepared.target,
        units: prepared.targetUnits,
        window,
        architecture,
        training: { ...training, seed: runs[chosen].seed },
        backend,
        parameters,
        periods: prepared.periods,
        test: testJson(evaluation),
        validation: { mae: result.bestValMae },
        baselines: {
          persistence: { mae: b.persistence.mae, rmse: b.persistence.rmse, maePerHorizon: b.persistence.maePerHorizon },
          climatology: { mae: b.climatology.mae, rmse: b.climatology.rmse, maePerHorizon: b.climatology.maePerHorizon },
        },
        skillPercent: evaluation.skill,
        diagnosis: findingsOf(runs[chosen], kind, { ...training, seed: runs[chosen].seed }, prepared.targetUnits),
        timing: { msPerEpoch: result.msPerEpoch, epochs: result.history.length, msTotal: result.msTotal, bestEpoch: result.bestEpoch },
        ...(runs.length > 1
          ? {
              seeds: runs.map((r) => ({ seed: r.seed, validation: { mae: r.result.bestValMae }, test: testJson(r.evaluation), skillPercent: r.evaluation.skill, bestEpoch: r.result.bestEpoch, epochs: r.result.history.length })),
              spread: seedSpread(runs),
            }
          : {}),
        out: outDir ?? null,
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    process.stdout.write(textReport(runs[chosen], prepared, kind, backend, { ...training, seed: runs[chosen].seed }));
    if (runs.length > 1) process.stdout.write(seedsReport(runs, prepared.targetUnits, chosen));
    process.stdout.write(outDir ? `Model bundle written to ${outDir}\n` : 'Add --out DIR to save the model bundle.\n');
  } finally {
    for (const model of models) disposeModel(model);
  }
}

await runCommand(() => main(process.argv.slice(2)));
