/**
 * The state of the learning-curve experiment (linear and GRU trained on 1, 4, 16 and 48 years), kept
 * out of `state.ts` as its own slice of the workflow snapshot, and the curve as it is rebuilt from
 * the run log after a reload (its points are records of kind `learning-curve`).
 */
import type { ArchitectureKind } from '../ml/architectures/specs.ts';
import { dataGain, type DataGain } from '../ml/fine-tuning/learning-curve-gain.ts';
import type { LearningCurvePoint } from '../ml/fine-tuning/learning-curve.ts';
import { fixed, withUnits } from '../ml/format.ts';
import type { JobStatus, RunRecord, WorkflowState } from './state.ts';

/** One point as the panel draws it (the job's live points, or records read back). MAEs in `units`. */
export interface CurvePoint {
  readonly architecture: ArchitectureKind;
  readonly trainYears: number;
  readonly testMae: number;
  readonly persistenceMae: number;
}

export interface LearningCurveJob {
  readonly status: JobStatus;
  /** The dataset it runs on (the points are only shown with it). */
  readonly datasetLabel: string;
  /** 1-based run under way of `runs`, and its epoch of `epochs`. */
  readonly run: number;
  readonly runs: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly points: readonly LearningCurvePoint[];
  readonly units: string;
  /** Wall-clock time of the whole experiment, once it ended. */
  readonly msTotal: number | null;
  readonly error: string | null;
}

/** The workflow snapshot's learning-curve part; absent until the first experiment. */
export interface LearningCurveSlice {
  readonly learningCurve?: LearningCurveJob;
}

export const IDLE_LEARNING_CURVE: LearningCurveJob = { status: 'idle', datasetLabel: '', run: 0, runs: 0, epoch: 0, epochs: 0, points: [], units: '', msTotal: null, error: null };

export function learningCurveOf(state: WorkflowState): LearningCurveJob {
  return state.learningCurve ?? IDLE_LEARNING_CURVE;
}

/** A point of the job. */
export function curvePoint(p: LearningCurvePoint): CurvePoint {
  return { architecture: p.architecture.kind, trainYears: p.trainYears, testMae: p.testMae, persistenceMae: p.persistenceMae };
}

/**
 * The newest learning curve recorded for a dataset, rebuilt from its records (one experiment's
 * records share their creation time); persistence from the skill, `mae / (1 − skill / 100)`.
 */
export function recordedCurve(runs: readonly RunRecord[], datasetLabel: string): { points: CurvePoint[]; units: string; createdAt: string } | null {
  const mine = runs.filter((r) => r.kind === 'learning-curve' && r.datasetLabel === datasetLabel);
  const createdAt = mine.at(-1)?.createdAt;
  if (createdAt === undefined) return null;
  const group = mine.filter((r) => r.createdAt === createdAt);
  const points = group.map((r) => {
    const mae = r.testMae ?? Number.NaN;
    return { architecture: r.architecture.kind, trainYears: r.dataSpec.split.trainYears ?? 0, testMae: mae, persistenceMae: mae / (1 - (r.testSkillPersistence ?? Number.NaN) / 100) };
  });
  return { points, units: group[0].units ?? '', createdAt };
}

/**
 * What the figure shows, in words, from the points themselves: "More data helped the linear model
 * by 12.1 % (test MAE 3.44 → 3.03 °C from 1 to 48 years) and the GRU by 26.9 % (4.10 → 3.00 °C)."
 * Empty until a model has two scored sizes.
 */
export function curveReading(points: readonly CurvePoint[], units: string): string[] {
  const names: Record<string, string> = { linear: 'the linear model', gru: 'the GRU' };
  const gains = [...new Set(points.map((p) => p.architecture))].map((k) => dataGain(points, k)).filter((g): g is DataGain => g !== null);
  if (gains.length === 0) return [];
  const name = (g: DataGain) => names[g.architecture] ?? g.architecture;
  const by = (g: DataGain) => `${g.percent >= 0 ? 'helped' : 'hurt'} ${name(g)} by ${fixed(Math.abs(g.percent), 1)} %`;
  const [a, b] = gains;
  const lines = [
    `More data ${by(a)} (test MAE ${fixed(a.fromMae)} → ${withUnits(a.toMae, units)} from ${a.fromYears} to ${a.toYears} years)` +
      (b === undefined ? '.' : ` and ${by(b)} (${fixed(b.fromMae)} → ${withUnits(b.toMae, units)}).`),
  ];
  if (b !== undefined) {
    const [more, less] = Math.abs(a.percent) >= Math.abs(b.percent) ? [a, b] : [b, a];
    lines.push(`${capitalize(name(more))} gained more from the extra years; with ${more.toYears} years it ends at ${withUnits(more.toMae, units)}, ${name(less)} at ${withUnits(less.toMae, units)}.`);
  }
  const persistence = points.find((p) => Number.isFinite(p.persistenceMae))?.persistenceMae;
  if (persistence !== undefined) {
    const fewest = Math.min(...points.map((p) => p.trainYears));
    const losers = points.filter((p) => p.trainYears === fewest && !(p.testMae < persistence)).map((p) => names[p.architecture] ?? p.architecture);
    const few = `${fewest} year${fewest === 1 ? '' : 's'}`;
    lines.push(
      losers.length > 0
        ? `With ${few}, ${losers.join(' and ')} ${losers.length > 1 ? 'do' : 'does'} not beat persistence (${withUnits(persistence, units)}): too little data to learn more than "tomorrow = today".`
        : `Even with ${few}, every model beats persistence (${withUnits(persistence, units)}).`,
    );
  }
  return lines;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
