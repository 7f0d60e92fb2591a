/**
 * Experiment tracking as plain data: one flat row per recorded run (for the table, sorting and
 * CSV) and a JSON export with the curves. Pure functions, no DOM, no TensorFlow.js.
 */
import Papa from 'papaparse';
import type { EpochLog } from '../ml/training/config.ts';
import { spreadOf, type Spread } from '../ml/evaluation/spread.ts';
import { rate } from '../ml/format.ts';
import { bestEpochOf } from '../ml/training/config.ts';
import { diagnose } from './diagnosis.ts';
import { epochsRunOf, lineageOf, RUN_KIND_LABELS, type RunRecord } from './state.ts';

/** One run as a flat row: everything that defines it and what it scored. */
export interface ExperimentRow {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly dataset: string;
  readonly target: string;
  readonly inputs: string;
  readonly seasonal: boolean;
  readonly lookbackDays: number;
  readonly horizonDays: number;
  readonly architecture: string;
  readonly layers: number;
  readonly units: number;
  readonly dropout: number;
  readonly optimizer: string;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly patience: number;
  readonly seed: number;
  readonly intervals: boolean;
  readonly backend: string;
  /** Wall-clock training time, seconds. */
  readonly durationSeconds: number | null;
  readonly epochsRun: number;
  readonly bestEpoch: number | null;
  readonly parameters: number | null;
  /** Best validation MAE, target units. */
  readonly valMae: number | null;
  readonly testMae: number | null;
  readonly testRmse: number | null;
  /** Skill vs persistence and climatology on the test split, %. */
  readonly skillPersistence: number | null;
  readonly skillClimatology: number | null;
  /** Share of test days inside the 80 % band, %, when the model forecasts intervals. */
  readonly coverage: number | null;
  /** Units of the MAE columns, e.g. °C. */
  readonly metricUnits: string;
  readonly parentId: string;
  /** How the run came about: "GRU · train #1 → continued 10 epochs at lr 0.0003 (×0.1)". */
  readonly lineage: string;
  /** The problems and warnings of its diagnosis, e.g. "Overfitting; Loses to persistence"; empty when none. */
  readonly diagnosis: string;
  readonly error: string;
}

const finite = (v: number | undefined | null): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The flat row of a run. */
/** One run as a row of the experiment log; `runs` lets a continuation be compared with its parent. */
export function experimentRow(run: RunRecord, runs: readonly RunRecord[] = []): ExperimentRow {
  const e = run.evaluation;
  const coverage = e?.intervals?.coverage;
  const bestValMae = finite(run.result?.bestValMae) ?? bestEpochOf(run.history)?.valMae ?? null;
  return {
    id: run.id,
    label: run.label,
    kind: RUN_KIND_LABELS[run.kind] ?? run.kind,
    createdAt: run.createdAt,
    dataset: run.datasetLabel,
    target: run.dataSpec.features.target,
    inputs: run.dataSpec.features.inputs.join(' '),
    seasonal: run.dataSpec.features.seasonal ?? true,
    lookbackDays: run.dataSpec.window.lookbackDays,
    horizonDays: run.dataSpec.window.horizonDays,
    architecture: run.architecture.kind,
    layers: run.architecture.layers,
    units: run.architecture.units,
    dropout: run.architecture.dropout,
    optimizer: run.training.optimizer,
    learningRate: run.training.learningRate,
    batchSize: run.training.batchSize,
    epochs: run.training.epochs,
    patience: run.training.patience,
    seed: run.training.seed,
    intervals: run.training.intervals === true,
    backend: run.backend,
    durationSeconds: run.result ? finite(run.result.msTotal / 1000) : null,
    epochsRun: epochsRunOf(run),
    bestEpoch: run.result && run.result.bestEpoch > 0 ? run.result.bestEpoch : null,
    parameters: run.description?.totalParams ?? null,
    valMae: finite(bestValMae),
    testMae: finite(e?.model.mae ?? run.testMae),
    testRmse: finite(e?.model.rmse),
    skillPersistence: finite(e?.skill.persistence ?? run.testSkillPersistence),
    skillClimatology: finite(e?.skill.climatology),
    coverage: typeof coverage === 'number' ? finite(coverage * 100) : null,
    metricUnits: e?.units ?? run.units ?? '',
    parentId: run.parentId ?? '',
    lineage: lineageOf(run).join(' → '),
    diagnosis: diagnose(runs, run)
      .filter((f) => f.severity === 'problem' || f.severity === 'warning')
      .map((f) => f.title)
      .join('; '),
    error: run.error ?? '',
  };
}

/** Columns of the table and the CSV that can be sorted on. */
export type SortKey = keyof ExperimentRow;
export type SortDirection = 'ascending' | 'descending';

/**
 * Rows sorted by one column; empty values (a metric a run does not have) always go last,
 * whatever the direction, and ties keep the runs' order.
 */
export function sortRows(rows: readonly ExperimentRow[], key: SortKey, direction: SortDirection): ExperimentRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[key];
      const y = b.row[key];
      const xEmpty = x === null || x === '';
      const yEmpty = y === null || y === '';
      if (xEmpty || yEmpty) return xEmpty === yEmpty ? a.index - b.index : xEmpty ? 1 : -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map((r) => r.row);
}

/** All runs as CSV (RFC 4180, through papaparse), one row per run, header first. */
export function experimentsCsv(runs: readonly RunRecord[]): string {
  const rows = runs.map((run) => experimentRow(run, runs));
  const fields = Object.keys(experimentRow(PLACEHOLDER)) as (keyof ExperimentRow)[];
  // Cells a spreadsheet would run as a formula are prefixed with a quote (CSV injection).
  const safe = rows.map((r) => fields.map((f) => (typeof r[f] === 'string' && /^[=+\-@\t\r]/.test(r[f]) ? `'${r[f]}` : r[f])));
  return Papa.unparse({ fields, data: safe }, { newline: '\r\n' });
}

/** A run for JSON export: its definition, summary metrics and curves, without per-day arrays. */
export interface ExperimentJson extends ExperimentRow {
  readonly dataSpec: RunRecord['dataSpec'];
  readonly architectureSpec: RunRecord['architecture'];
  readonly training: RunRecord['training'];
  readonly history: readonly EpochLog[];
  readonly metrics: {
    readonly maePerHorizon: readonly number[];
    readonly rmsePerHorizon: readonly number[];
    readonly baselines: Readonly<Record<string, { mae: number; rmse: number }>>;
  } | null;
}

/** All runs as pretty-printed JSON: `{ format, exportedAt, runs: [...] }`. */
export function experimentsJson(runs: readonly RunRecord[], exportedAt = new Date().toISOString()): string {
  const out: ExperimentJson[] = runs.map((run) => {
    const e = run.evaluation;
    return {
      ...experimentRow(run, runs),
      dataSpec: run.dataSpec,
      architectureSpec: run.architecture,
      training: run.training,
      history: run.history,
      metrics: e
        ? {
            maePerHorizon: e.model.maePerHorizon,
            rmsePerHorizon: e.model.rmsePerHorizon,
            baselines: Object.fromEntries(Object.entries(e.baselines).map(([k, m]) => [k, { mae: m.mae, rmse: m.rmse }])),
          }
        : null,
    };
  });
  return JSON.stringify({ format: 'weather-forecast-experiments', formatVersion: 1, exportedAt, runs: out }, null, 2);
}

/** A run of every field with neutral values: gives the CSV its columns even when there are no runs. */
const PLACEHOLDER: RunRecord = {
  id: '',
  label: '',
  kind: 'train',
  createdAt: '',
  datasetLabel: '',
  dataSpec: { features: { target: '', inputs: [] }, window: { lookbackDays: 0, horizonDays: 0 }, split: { kind: 'fraction', testFraction: 0, validationFraction: 0 } },
  architecture: { kind: 'linear', units: 0, layers: 0, dropout: 0 },
  training: { epochs: 0, batchSize: 0, learningRate: 0, optimizer: 'adam', patience: 0, seed: 0 },
  backend: '',
  history: [],
  result: null,
  evaluation: null,
  description: null,
};

/** Runs that share every setting but the seed, with the spread of what they scored. */
export interface SeedGroup {
  /** The shared settings, e.g. "GRU 1×32 · Seattle, WA · adam lr 0.003, batch 32, 30 epochs". */
  readonly description: string;
  readonly seeds: readonly number[];
  readonly valMae: Spread;
  readonly testMae: Spread;
  readonly units: string;
}

/** Everything that defines a trained run except its seed (and what is only a label or a result). */
function settingsKey(r: ExperimentRow): string {
  const { dataset, target, inputs, seasonal, lookbackDays, horizonDays, architecture, layers, units, dropout, optimizer, learningRate, batchSize, epochs, patience, intervals, backend } = r;
  return JSON.stringify([dataset, target, inputs, seasonal, lookbackDays, horizonDays, architecture, layers, units, dropout, optimizer, learningRate, batchSize, epochs, patience, intervals, backend]);
}

/**
 * Trainings that differ only in their seed, grouped (two or more distinct seeds), so that a learner
 * can tell a better setting from a luckier seed: median and range of validation and test MAE.
 */
export function seedGroups(runs: readonly RunRecord[]): SeedGroup[] {
  const groups = new Map<string, ExperimentRow[]>();
  for (const run of runs) {
    if (run.kind !== 'train') continue;
    const row = experimentRow(run);
    const key = settingsKey(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const out: SeedGroup[] = [];
  for (const rows of groups.values()) {
    const seeds = [...new Set(rows.map((r) => r.seed))];
    if (seeds.length < 2) continue;
    const r = rows[0];
    const model = r.architecture === 'linear' ? 'linear' : `${r.architecture} ${r.layers}×${r.units}${r.dropout > 0 ? `, dropout ${r.dropout}` : ''}`;
    out.push({
      description: `${model} · ${r.dataset}, ${r.target}, ${r.lookbackDays}→${r.horizonDays} d · ${r.optimizer} lr ${rate(r.learningRate)}, batch ${r.batchSize}, ${r.epochs} epochs`,
      seeds: seeds.sort((a, b) => a - b),
      valMae: spreadOf(rows.map((x) => x.valMae).filter((v): v is number => v !== null)),
      testMae: spreadOf(rows.map((x) => x.testMae).filter((v): v is number => v !== null)),
      units: r.metricUnits,
    });
  }
  return out;
}
