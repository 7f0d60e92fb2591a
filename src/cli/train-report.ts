/**
 * What `npm run train` prints: the JSON object of `--json`, the text tables, and the spread over
 * seeds of `--seeds N`. Every number goes through the formatters of `src/ml/format.ts`.
 */
import { ARCHITECTURES, type ArchitectureKind } from '../ml/architectures/specs.ts';
import { BASELINES } from '../ml/baselines/baselines.ts';
import type { PreparedData } from '../ml/data/prepare.ts';
import type { Evaluation } from '../ml/evaluation/metrics.ts';
import { COVERAGE_AIM, coverageVerdict, SKILL_DEFINITION, verdict } from '../ml/evaluation/metrics.ts';
import { spreadOf, type Spread } from '../ml/evaluation/spread.ts';
import { fixed, percent, skill } from '../ml/format.ts';
import type { TrainingConfig, TrainingResult } from '../ml/training/config.ts';
import { diagnoseRun, findingLines, mainAdvice, type Finding } from '../ml/evaluation/diagnosis.ts';
import { textTable } from './cli-support.ts';

/** One trained seed. */
export interface SeedRun {
  readonly seed: number;
  readonly result: TrainingResult;
  readonly evaluation: Evaluation;
}

/** The test metrics of one run, as `--json` prints them. */
export function testJson(evaluation: Evaluation) {
  const m = evaluation.model;
  const iv = evaluation.intervals;
  return {
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
  };
}

/** Median and range over seeds of what a learner compares. */
export function seedSpread(runs: readonly SeedRun[]): { testMae: Spread; validationMae: Spread; skillVsPersistence: Spread; skillVsClimatology: Spread } {
  return {
    testMae: spreadOf(runs.map((r) => r.evaluation.model.mae)),
    validationMae: spreadOf(runs.map((r) => r.result.bestValMae)),
    skillVsPersistence: spreadOf(runs.map((r) => r.evaluation.skill.persistence)),
    skillVsClimatology: spreadOf(runs.map((r) => r.evaluation.skill.climatology)),
  };
}

/** The run's diagnosis: the same findings the page shows. */
export function findingsOf(run: SeedRun, kind: ArchitectureKind, training: TrainingConfig, units: string): Finding[] {
  const { result, evaluation: e } = run;
  return diagnoseRun({
    history: result.history,
    stoppedEarly: result.stoppedEarly,
    architecture: kind,
    training,
    units,
    test: { mae: e.model.mae, persistence: e.baselines.persistence.mae, climatology: e.baselines.climatology.mae },
  });
}

/** The text report of one run: test MAE/RMSE beside both baselines, per horizon day, the band, the verdict. */
export function textReport(run: SeedRun, prepared: PreparedData, kind: ArchitectureKind, backend: string, training: TrainingConfig): string {
  const { evaluation, result } = run;
  const m = evaluation.model;
  const b = evaluation.baselines;
  const iv = evaluation.intervals;
  const u = prepared.targetUnits;
  const out: string[] = [];
  const rows = [
    [`${ARCHITECTURES[kind].label} (this model)`, fixed(m.mae), fixed(m.rmse), ''],
    ...(['persistence', 'climatology'] as const).map((id) => [`${BASELINES[id].label} (${BASELINES[id].short})`, fixed(b[id].mae), fixed(b[id].rmse), skill(evaluation.skill[id])]),
  ];
  out.push(`\nTest period ${prepared.periods.test.start} to ${prepared.periods.test.end}, ${m.count} forecasts:\n`);
  out.push(`${textTable(['Forecast', u ? `MAE (${u})` : 'MAE', u ? `RMSE (${u})` : 'RMSE', 'model skill vs it'], rows)}\n`);
  if (prepared.horizonDays > 1) {
    const hRows = m.maePerHorizon.map((v, j) => [`day ${j + 1}`, fixed(v), fixed(b.persistence.maePerHorizon[j]), fixed(b.climatology.maePerHorizon[j])]);
    out.push(`${textTable(['MAE by horizon', 'model', 'persistence', 'climatology'], hRows)}\n`);
  }
  if (iv) {
    const iRows = iv.coveragePerHorizon.map((c, j) => [`day ${j + 1}`, percent(c), `${fixed(iv.meanWidthPerHorizon[j])} ${u}`, coverageVerdict(c) === 'ok' ? 'ok' : coverageVerdict(c)]);
    out.push(`80 % band (10th–90th percentile; aim: ${percent(COVERAGE_AIM.min)}–${percent(COVERAGE_AIM.max)} of test days inside), pinball loss ${fixed(iv.pinballLoss)} ${u}:\n`);
    out.push(`${textTable(['horizon', 'inside band', 'mean width', 'calibration'], iRows)}\n`);
  }
  out.push(`${SKILL_DEFINITION} ${BASELINES.persistence.label}: ${BASELINES.persistence.description} ${BASELINES.climatology.label}: ${BASELINES.climatology.description}\n`);
  const findings = findingsOf(run, kind, training, u);
  out.push(verdict(evaluation, mainAdvice(findings)));
  if (findings.length > 0) out.push(`\nDiagnosis:\n${findingLines(findings).map((l) => `- ${l}`).join('\n')}\n`);
  out.push(`${Math.round(result.msPerEpoch)} ms per epoch on ${backend}, ${fixed(result.msTotal / 1000, 1)} s in all.`);
  return `${out.join('\n')}\n`;
}

/** The text table of `--seeds N`: one line per seed, then the median and range. */
export function seedsReport(runs: readonly SeedRun[], units: string, representative: number): string {
  const s = seedSpread(runs);
  const rows = runs.map((r, i) => [
    `${r.seed}${i === representative ? ' *' : ''}`,
    fixed(r.result.bestValMae),
    fixed(r.evaluation.model.mae),
    skill(r.evaluation.skill.persistence),
    skill(r.evaluation.skill.climatology),
    `${r.result.bestEpoch} of ${r.result.history.length}`,
  ]);
  const range = (x: Spread, f: (v: number) => string) => `${f(x.median)} (${f(x.min)} to ${f(x.max)})`;
  rows.push(['median (range)', range(s.validationMae, fixed), range(s.testMae, fixed), range(s.skillVsPersistence, skill), range(s.skillVsClimatology, skill), '']);
  return `\n${runs.length} seeds:\n\n${textTable(['seed', `val MAE (${units})`, `test MAE (${units})`, 'skill vs persistence', 'skill vs climatology', 'best epoch'], rows)}\n* the seed with the median validation MAE: the report above and the bundle are its.\n`;
}
