/**
 * Guided experiments ("Try this"): short predict–run–compare tasks tied to the article's workflow.
 * Each one recognises from the recorded runs when the learner has done it and states its outcome in
 * one sentence with the numbers. Pure: it reads the workflow state and nothing else.
 */
import { ARCHITECTURES } from '../ml/architectures/specs.ts';
import { difference, skill, withUnits } from '../ml/format.ts';
import { diagnose } from './diagnosis.ts';
import { seedGroups } from './experiments.ts';
import { hasModel, lineageOf, selectedRun, type RunRecord, type StepId, type WorkflowState } from './state.ts';

export interface GuidedExperiment {
  readonly id: string;
  /** The step it belongs to. */
  readonly step: StepId;
  /** The question to predict an answer to. */
  readonly question: string;
  /** What to do, in one sentence. */
  readonly how: string;
  /** The outcome in one sentence with its numbers, once the runs show it was done; `null` before. */
  outcome(state: WorkflowState): string | null;
}

const trainings = (state: WorkflowState) => state.runs.filter((r) => r.kind === 'train' && r.result && Number.isFinite(r.result.bestValMae));
const val = (r: RunRecord) => r.result!.bestValMae;
const unitsOf = (r: RunRecord) => r.evaluation?.units ?? r.units ?? '';
const c = (v: number, r: RunRecord) => withUnits(v, unitsOf(r));

/** Everything that defines a training but `except`, to find two runs that differ in one setting only. */
function keyWithout(r: RunRecord, except: 'architecture' | 'learningRate' | 'lookback'): string {
  const { kind: arch, ...size } = r.architecture;
  const { learningRate, ...training } = r.training;
  const { window, ...spec } = r.dataSpec;
  return JSON.stringify([
    r.datasetLabel,
    spec,
    except === 'lookback' ? window.horizonDays : window,
    except === 'architecture' ? null : [arch, size],
    except === 'learningRate' ? training : { ...training, learningRate },
  ]);
}

/** The newest pair of trainings that differ only in `except` and satisfy `pick`. */
function pairDiffering(state: WorkflowState, except: 'architecture' | 'learningRate' | 'lookback', pick: (a: RunRecord, b: RunRecord) => boolean): [RunRecord, RunRecord] | null {
  const runs = trainings(state).reverse();
  const keys = runs.map((r) => keyWithout(r, except));
  for (let i = 0; i < runs.length; i++) for (let j = 0; j < runs.length; j++) if (i !== j && keys[i] === keys[j] && pick(runs[i], runs[j])) return [runs[i], runs[j]];
  return null;
}

const label = (kind: string) => ARCHITECTURES[kind as keyof typeof ARCHITECTURES]?.label ?? kind;

export const GUIDED_EXPERIMENTS: readonly GuidedExperiment[] = [
  {
    id: 'horizon-3',
    step: 'data',
    question: 'Set the horizon to 3 days: which baseline wins on day 3?',
    how: 'Horizon 3 here, then train any model in step 3 and read Evaluation.',
    outcome: (state) => {
      const run = [...state.runs].reverse().find((r) => r.evaluation && r.evaluation.horizonDays >= 3);
      if (!run) return null;
      const e = run.evaluation!;
      const p = e.baselines.persistence.maePerHorizon[2];
      const cl = e.baselines.climatology.maePerHorizon[2];
      const winner = p <= cl ? 'persistence' : 'climatology';
      return `On day 3, persistence scores ${c(p, run)} and climatology ${c(cl, run)}: ${winner} wins; ${run.label} scores ${c(e.model.maePerHorizon[2], run)}${
        p > e.baselines.persistence.maePerHorizon[0] ? ` (persistence was ${c(e.baselines.persistence.maePerHorizon[0], run)} on day 1: yesterday says less about three days ahead)` : ''
      }.`;
    },
  },
  {
    id: 'lookback-30',
    step: 'data',
    question: 'A 30-day lookback instead of 14: more history, better forecast?',
    how: 'Train the same model twice, once with lookback 14 and once with 30, and compare validation MAE.',
    outcome: (state) => {
      const pair = pairDiffering(state, 'lookback', (a, b) => a.dataSpec.window.lookbackDays > b.dataSpec.window.lookbackDays);
      if (!pair) return null;
      const [long, short] = pair;
      const d = val(long) - val(short);
      return `Lookback ${long.dataSpec.window.lookbackDays}: validation MAE ${c(val(long), long)}; lookback ${short.dataSpec.window.lookbackDays}: ${c(val(short), short)} — ${d < 0 ? `the longer history helped by ${c(-d, long)}` : `the longer history did not help (${c(d, long)} worse)`}.`;
    },
  },
  {
    id: 'mlp-vs-linear',
    step: 'architecture',
    question: 'Will an MLP beat the linear model?',
    how: 'Train a linear model and an MLP with the same data and training settings, and compare them on validation.',
    outcome: (state) => {
      const pair = pairDiffering(state, 'architecture', (a, b) => a.architecture.kind === 'mlp' && b.architecture.kind === 'linear');
      if (!pair) return null;
      const [mlp, linear] = pair;
      const d = val(mlp) - val(linear);
      const overfit = diagnose(state.runs, mlp).some((f) => f.kind === 'overfitting');
      return `${label('mlp')}: validation MAE ${c(val(mlp), mlp)}; linear: ${c(val(linear), linear)} — the ${d < 0 ? `MLP wins by ${c(-d, mlp)}` : `linear model wins by ${c(d, mlp)}`}${overfit ? '; the MLP overfits (see its diagnosis)' : ''}.`;
    },
  },
  {
    id: 'learning-rate-x10',
    step: 'training',
    question: 'Learning rate ×10: faster, or unstable?',
    how: 'Train the same model twice with learning rates ten times apart (e.g. 0.003 and 0.03).',
    outcome: (state) => {
      const pair = pairDiffering(state, 'learningRate', (a, b) => a.training.learningRate >= 9 * b.training.learningRate);
      if (!pair) return null;
      const [high, low] = pair;
      const top = diagnose(state.runs, high).find((f) => f.severity === 'problem' || f.severity === 'warning');
      return `At ${high.training.learningRate}, validation MAE ${c(val(high), high)} after ${high.history.length} epochs; at ${low.training.learningRate}, ${c(val(low), low)} after ${low.history.length}${top ? `; the faster run's diagnosis: ${top.title.toLowerCase()}` : ''}.`;
    },
  },
  {
    id: 'seeds',
    step: 'training',
    question: 'Change only the seed: how much does the result move?',
    how: 'Train the same settings with two or three different seeds.',
    outcome: (state) => {
      const g = seedGroups(state.runs).at(-1);
      if (!g) return null;
      return `${g.seeds.length} seeds: validation MAE ${withUnits(g.valMae.min, g.units)} to ${withUnits(g.valMae.max, g.units)} (median ${withUnits(g.valMae.median, g.units)}): a difference between two settings smaller than ${withUnits(g.valMae.max - g.valMae.min, g.units)} may be luck.`;
    },
  },
  {
    id: 'beat-persistence',
    step: 'evaluation',
    question: 'Does your model beat "tomorrow is like today"?',
    how: 'Train a GRU with the defaults and read its skill over persistence here.',
    outcome: (state) => {
      // The run the Evaluation step shows: the selected one, else the newest evaluated run.
      const run = selectedRun(state)?.evaluation ? selectedRun(state) : [...state.runs].reverse().find((r) => r.evaluation && hasModel(r));
      if (!run) return null;
      const s = run.evaluation!.skill.persistence;
      return `${run.label}: ${skill(s)} vs persistence on the test year — ${s > 0 ? 'it beats it' : 'it does not beat it; see its diagnosis for the one change to try'}.`;
    },
  },
  {
    id: 'continue-0.1',
    step: 'fine-tuning',
    question: 'Continue at ×0.1: does it still improve?',
    how: 'Continue the selected run at learning-rate factor ×0.1 and read the outcome.',
    outcome: (state) => {
      const child = [...state.runs].reverse().find((r) => r.kind === 'continue' && lineageOf(r).at(-1)?.endsWith('(×0.1)'));
      const parent = child && state.runs.find((r) => r.id === child.parentId);
      if (!child?.result || !parent?.result) return null;
      const d = val(child) - val(parent);
      return `Validation MAE ${c(val(parent), parent)} → ${c(val(child), child)}: ${d < 0 ? `it still improved, by ${c(-d, child)}` : 'no gain: the parent stays the better model'}.`;
    },
  },
  {
    id: 'reopen-zip',
    step: 'export',
    question: 'Will the downloaded zip predict exactly what the page predicted?',
    how: 'Download the model, then load the zip in "Use it" below.',
    outcome: (state) => {
      const check = state.useIt.imported?.check;
      if (!check) return null;
      return `${check.passed ? 'Yes' : 'No'}: ${check.count} test vectors replayed, largest difference ${difference(check.maxAbsDiff)} ${state.useIt.imported!.metadata.target.units} (allowed ${check.tolerance}).`;
    },
  },
];

/** The experiments of a step, with their outcomes. */
export function experimentsFor(state: WorkflowState, step: StepId): { experiment: GuidedExperiment; outcome: string | null }[] {
  return GUIDED_EXPERIMENTS.filter((e) => e.step === step).map((experiment) => ({ experiment, outcome: experiment.outcome(state) }));
}

/** Progress over all experiments, and the best run so far (by validation MAE, the number that chooses). */
export function guidedProgress(state: WorkflowState): { done: number; total: number; best: RunRecord | null } {
  const done = GUIDED_EXPERIMENTS.filter((e) => e.outcome(state) !== null).length;
  return { done, total: GUIDED_EXPERIMENTS.length, best: bestRun(state) };
}

/** The best run so far with a model, by validation MAE (the number that chooses). */
export function bestRun(state: WorkflowState): RunRecord | null {
  return state.runs.filter((r) => hasModel(r) && r.result && Number.isFinite(r.result.bestValMae)).sort((a, b) => val(a) - val(b))[0] ?? null;
}
