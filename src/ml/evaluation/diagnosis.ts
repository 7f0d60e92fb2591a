/**
 * Run diagnosis: what a run's own evidence says went right or wrong — diverged, unstable, learning
 * rate too low, overfitting, underfitting, stopped early, no gain over its parent, losing to a
 * baseline — each finding with the numbers it rests on and the one change most likely to help.
 * Pure (no TensorFlow.js): the page, the CLI and the tests share it. Thresholds were set on real
 * Seattle runs (see tests/ml/diagnosis.test.ts): an MLP at learning rate 5 diverges, a 60-epoch MLP
 * without early stopping overfits, and the default GRU, LSTM and linear runs raise no alarm.
 */
import { BASELINES } from '../baselines/baselines.ts';
import { fixed, rate, skill, withUnits } from '../format.ts';
import type { EpochLog } from '../training/config.ts';
import { bestEpochOf } from '../training/config.ts';

export type FindingKind = 'diverged' | 'unstable' | 'too-slow' | 'overfitting' | 'underfitting' | 'loses-to-persistence' | 'no-gain' | 'still-improving' | 'stopped-early' | 'beats-baselines';

/** How much a finding matters: a problem to fix, a warning, or a plain fact. */
export type Severity = 'problem' | 'warning' | 'info' | 'good';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** A few words: "Overfitting". */
  readonly title: string;
  /** The numbers it rests on. */
  readonly evidence: string;
  /** The one change most likely to help; empty for a good finding. */
  readonly advice: string;
}

/** What a diagnosis reads: the run's curves and settings, its test scores if it has them, its parent. */
export interface RunEvidence {
  readonly history: readonly EpochLog[];
  readonly stoppedEarly: boolean;
  readonly architecture: string;
  readonly training: { readonly learningRate: number; readonly optimizer: string; readonly epochs: number; readonly patience: number };
  readonly units: string;
  /** Test MAE and the baselines' test MAE, when the run was evaluated (a search trial knows persistence only). */
  readonly test?: { readonly mae: number; readonly persistence: number; readonly climatology?: number };
  /** The run it continued from. */
  readonly parent?: { readonly label: string; readonly valMae: number };
}

const SEVERITY_ORDER: readonly Severity[] = ['problem', 'warning', 'info', 'good'];

/** Validation MAE this many times climatology's test MAE: the model learned nothing usable. */
const DIVERGED_FACTOR = 3;
/** A training-loss rise of more than this share from one epoch to the next. */
const LOSS_JUMP = 0.2;
/** Overfitting: validation MAE up by this share of its best while training MAE fell by this share. */
const OVERFIT_SHARE = 0.05;
/** …over at least this many epochs after the best one. */
const OVERFIT_EPOCHS = 5;

/** The findings for one run, most severe first. An empty history gives none. */
export function diagnoseRun(run: RunEvidence): Finding[] {
  const h = run.history;
  const best = bestEpochOf(h);
  if (!best) return [];
  const u = run.units;
  const c = (v: number) => withUnits(v, u);
  const t = run.training;
  const last = h[h.length - 1];
  const atBest = h[best.epoch - 1];
  const findings: Finding[] = [];

  const reference = run.test?.climatology ?? run.test?.persistence;
  const referenceName = run.test?.climatology !== undefined ? 'climatology' : 'persistence';
  const diverged = reference !== undefined && best.valMae > DIVERGED_FACTOR * reference;
  if (diverged) {
    findings.push({
      kind: 'diverged',
      severity: 'problem',
      title: 'Diverged',
      evidence: `Validation MAE is ${c(best.valMae)} at its best, ${fixed(best.valMae / reference, 0)}× ${referenceName}'s ${c(reference)}; training MAE started at ${c(h[0].trainMae)}.`,
      advice: `Lower the learning rate from ${rate(t.learningRate)} to ${rate(t.learningRate / 10)} or less (Adam works well at 0.001–0.01).`,
    });
  }
  const jumps = h.slice(1).filter((e, i) => e.trainLoss > h[i].trainLoss * (1 + LOSS_JUMP)).length;
  if (!diverged && h.length >= 6 && jumps >= 3 && jumps >= 0.15 * (h.length - 1)) {
    findings.push({
      kind: 'unstable',
      severity: 'warning',
      title: 'Unstable training',
      evidence: `The training loss jumped up by more than ${fixed(LOSS_JUMP * 100, 0)} % from one epoch to the next ${jumps} times in ${h.length} epochs.`,
      advice: `Lower the learning rate to ${rate(t.learningRate * 0.3)} (×0.3) or use a larger batch.`,
    });
  }

  const after = h.length - best.epoch;
  const valRise = last.valMae - best.valMae;
  const trainFall = atBest.trainMae - last.trainMae;
  const overfitting = !diverged && after >= OVERFIT_EPOCHS && valRise > OVERFIT_SHARE * best.valMae && trainFall > OVERFIT_SHARE * atBest.trainMae;
  if (overfitting) {
    findings.push({
      kind: 'overfitting',
      severity: 'problem',
      title: 'Overfitting',
      evidence: `Validation MAE rose from ${c(best.valMae)} to ${c(last.valMae)} over epochs ${best.epoch}–${last.epoch} while training MAE kept falling from ${c(atBest.trainMae)} to ${c(last.trainMae)}; the weights of epoch ${best.epoch} are kept.`,
      advice:
        t.patience === 0
          ? `Turn early stopping on (patience 5): it would have stopped near epoch ${best.epoch + 5}. To generalize better, add dropout 0.2 or use fewer units.`
          : `Add dropout 0.2 or use fewer units${run.architecture === 'mlp' || run.architecture === 'cnn' ? '; or try a GRU, which reads the days in order' : ''}. Training longer will not help.`,
    });
  }

  // Still improving at the end: the best epoch is one of the last two, and the last five fell.
  const tail = h.slice(-5);
  const improving = !diverged && h.length >= 5 && best.epoch >= h.length - 1 && !run.stoppedEarly && tail[tail.length - 1].valMae < tail[0].valMae;
  const test = run.test;
  if (test?.climatology !== undefined && !diverged && test.mae >= test.climatology) {
    findings.push({
      kind: improving ? 'too-slow' : 'underfitting',
      severity: 'problem',
      title: improving ? 'Learning too slowly' : 'Underfitting',
      evidence: `Test MAE ${c(test.mae)} is no better than climatology's ${c(test.climatology)} (${BASELINES.climatology.short})${improving ? `, and validation MAE was still falling at the last epoch (${c(tail[0].valMae)} → ${c(tail[tail.length - 1].valMae)} over the last ${tail.length})` : ''}.`,
      advice: improving
        ? `Raise the learning rate to ${rate(t.learningRate * 10)} (×10), or train for more epochs.`
        : `Give the model more to work with: a longer lookback, more units or a recurrent model (GRU).`,
    });
  } else if (improving) {
    findings.push({
      kind: 'still-improving',
      severity: 'info',
      title: 'Still improving',
      evidence: `The best validation MAE is at the last epoch${h.length > 1 ? ` (${c(tail[0].valMae)} → ${c(tail[tail.length - 1].valMae)} over the last ${tail.length})` : ''}.`,
      advice: `More epochs may help: try ${Math.min(500, t.epochs * 2)}.`,
    });
  }

  if (test && !diverged && test.mae >= test.persistence && (test.climatology === undefined || test.mae < test.climatology)) {
    const s = 100 * (1 - test.mae / test.persistence);
    findings.push({
      kind: 'loses-to-persistence',
      severity: 'warning',
      title: 'Loses to persistence',
      evidence: `Test MAE ${c(test.mae)} vs ${c(test.persistence)} for "${BASELINES.persistence.short}" (${skill(s)}).`,
      advice: overfitting
        ? 'Fight the overfitting first (dropout or fewer units).'
        : run.architecture === 'gru' || run.architecture === 'lstm'
          ? 'Try a longer lookback (21–30 days) or fewer inputs.'
          : `Try a recurrent model (GRU): a${run.architecture === 'linear' ? ' linear model' : 'n ' + run.architecture.toUpperCase()} does not read the days in order.`,
    });
  }

  if (run.parent && Number.isFinite(run.parent.valMae) && best.valMae >= run.parent.valMae) {
    findings.push({
      kind: 'no-gain',
      severity: 'warning',
      title: 'No gain over its parent',
      evidence: `Validation MAE ${c(run.parent.valMae)} (${run.parent.label}) → ${c(best.valMae)}.`,
      advice: `Keep ${run.parent.label}; to try again, use a smaller learning-rate factor or fewer epochs.`,
    });
  }

  if (run.stoppedEarly) {
    findings.push({
      kind: 'stopped-early',
      severity: 'info',
      title: 'Stopped early',
      evidence: `No better validation MAE in the ${after} epochs after epoch ${best.epoch} (${c(best.valMae)}), whose weights are kept; ${h.length} of ${t.epochs} epochs ran.`,
      advice: '',
    });
  }

  const climatology = test?.climatology;
  if (test && climatology !== undefined && !diverged && test.mae < test.persistence && test.mae < climatology && findings.every((f) => f.severity !== 'problem')) {
    findings.push({
      kind: 'beats-baselines',
      severity: 'good',
      title: 'Beats both baselines',
      evidence: `Test MAE ${c(test.mae)}: ${skill(100 * (1 - test.mae / test.persistence))} vs persistence, ${skill(100 * (1 - test.mae / climatology))} vs climatology.`,
      advice: '',
    });
  }
  return findings.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

/** The advice to act on first: the most severe finding that has one. */
export function mainAdvice(findings: readonly Finding[]): string {
  return findings.find((f) => f.advice !== '' && (f.severity === 'problem' || f.severity === 'warning'))?.advice ?? '';
}

/** One line per finding, for the CLI: "Overfitting: … → Add dropout 0.2 …". */
export function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.title}: ${f.evidence}${f.advice ? ` → ${f.advice}` : ''}`);
}
