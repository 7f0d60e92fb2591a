/**
 * Run records as pure factories: what a training, a search trial, a transfer arm or a reopened zip
 * becomes in the experiment log, with its label. No worker, no storage.
 */
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import { SHIPPED_DATASETS } from '../../ml/datasets.ts';
import { metadataDataSpec } from '../../ml/export/format.ts';
import type { TransferResult, TrialResult } from '../../ml/fine-tuning/fine-tuning.ts';
import type { LearningCurveResult } from '../../ml/fine-tuning/learning-curve.ts';
import { describeParams, SETTINGS } from '../../ml/settings/table.ts';
import { bestEpochOf, type EpochLog, type TrainingResult } from '../../ml/training/config.ts';
import type { EnsembleOutcome, ImportOutcome } from '../../worker/protocol.ts';
import { hasModel, lineageOf, type RunRecord, type WorkflowState } from '../state.ts';

/** A new, unique run id. */
/** The column mapping a new run records: an uploaded file's, none for shipped data. */
export function uploadColumns(state: Pick<WorkflowState, 'settings' | 'dataset'>): Pick<RunRecord, 'columns'> {
  const mapping = state.dataset.summary?.mapping;
  return state.settings.dataSource.kind === 'upload' && mapping ? { columns: mapping } : {};
}

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A training summary for a record built from a curve (search trials, transfer arms): the best epoch as `bestEpochOf` defines it. */
export function summaryOf(history: readonly EpochLog[], msTotal: number, cancelled = false): Omit<TrainingResult, 'history'> {
  const best = bestEpochOf(history);
  return {
    bestEpoch: best?.epoch ?? 0,
    bestValMae: best?.valMae ?? Number.NaN,
    stoppedEarly: false,
    cancelled,
    msTotal,
    msPerEpoch: history.length > 0 ? msTotal / history.length : 0,
  };
}

/** "GRU · train #3": the family and how many runs with a model came before. */
export function trainingRunLabel(state: WorkflowState, kind: string): string {
  return `${ARCHITECTURES[state.settings.architecture.kind].label} · ${kind} #${state.runs.filter(hasModel).length + 1}`;
}

/** The step a continuation adds to its parent's lineage: "continued 10 epochs at lr 0.0003 (×0.1)". */
export function continuedStep(from: RunRecord, learningRateFactor: number, epochs: number): string {
  return `continued ${epochs} epochs at lr ${SETTINGS.learningRate.format(from.training.learningRate * learningRateFactor)} (${SETTINGS.continueLearningRateFactor.format(learningRateFactor)})`;
}

/** "GRU · train #1 → continued 10 epochs at lr 0.0003 (×0.1)". */
export function continuedRunLabel(from: RunRecord, learningRateFactor: number, epochs: number): string {
  return `${from.label} → ${continuedStep(from, learningRateFactor, epochs)}`;
}

/** The step an ensemble adds to its parent's lineage: "average of 3 seeds (42–44)". */
export function ensembleStep(seeds: readonly number[]): string {
  return `average of ${seeds.length} seeds (${seeds[0]}–${seeds.at(-1)})`;
}

/**
 * An ensemble becomes a run with a model (the averaging one) and each member's errors; it has no
 * single training curve, so it records the members' epochs instead (`epochsWithoutHistory`).
 */
export function ensembleRecord(from: RunRecord, draft: Pick<RunRecord, 'id' | 'training' | 'backend'>, outcome: EnsembleOutcome): RunRecord {
  const seeds = outcome.members.map((m) => m.seed);
  const epochs = Math.max(0, ...outcome.members.map((m) => m.epochsRun));
  const memberEpochs = outcome.members.reduce((t, m) => t + m.epochsRun, 0);
  return {
    ...draft,
    label: `${from.label} → ${ensembleStep(seeds)}`,
    lineage: [...lineageOf(from), ensembleStep(seeds)],
    kind: 'ensemble',
    createdAt: new Date().toISOString(),
    datasetLabel: from.datasetLabel,
    ...(from.columns ? { columns: from.columns } : {}),
    dataSpec: from.dataSpec,
    architecture: from.architecture,
    history: [],
    epochsWithoutHistory: epochs,
    result: { bestEpoch: 0, bestValMae: outcome.valMae, stoppedEarly: false, cancelled: false, msTotal: outcome.msTotal, msPerEpoch: memberEpochs > 0 ? outcome.msTotal / memberEpochs : 0 },
    evaluation: outcome.evaluation,
    description: outcome.description,
    parentId: from.id,
    members: outcome.members.map(({ seed, valMae, testMae }) => ({ seed, valMae, testMae })),
  };
}

/**
 * Every finished trial of a search becomes a record (no model is kept), with the search it belongs
 * to and, when it searched around a run, that run as its parent.
 */
export function searchRecords(ranking: readonly TrialResult[], base: Pick<RunRecord, 'datasetLabel' | 'columns' | 'dataSpec' | 'backend'>, units: string, epochs: number, from: RunRecord | null): RunRecord[] {
  const createdAt = new Date().toISOString();
  const n = ranking.length;
  const id = newRunId();
  return ranking.map((trial) => ({
    ...base,
    id: newRunId(),
    label: `${ARCHITECTURES[trial.architecture.kind].label} · search rank ${trial.rank}/${n} (${describeParams(trial.params)})`,
    search: { id, rank: trial.rank, of: n, params: trial.params, epochs },
    lineage: [...(from ? lineageOf(from) : []), `search trial ${trial.rank}/${n}: ${describeParams(trial.params)}, ${epochs} epochs`],
    ...(from ? { parentId: from.id } : {}),
    kind: 'search' as const,
    createdAt,
    architecture: trial.architecture,
    training: trial.training,
    history: trial.history,
    result: summaryOf(trial.history, trial.ms),
    evaluation: null,
    description: null,
    hasModel: false,
    testMae: trial.testMae,
    testSkillPersistence: trial.testSkillPersistence,
    units,
    ...(trial.error ? { error: trial.error } : {}),
  }));
}

/** A transfer comparison becomes two records: the fine-tuned source model and the model from scratch. */
export function transferRecords(run: RunRecord, result: TransferResult, target: string, fraction: number, training: RunRecord['training']): RunRecord[] {
  const createdAt = new Date().toISOString();
  const city = SHIPPED_DATASETS[target as keyof typeof SHIPPED_DATASETS]?.label ?? target;
  const share = `${SETTINGS.transferFraction.format(fraction)} of its training data`;
  const common = { kind: 'transfer' as const, createdAt, datasetLabel: city, dataSpec: run.dataSpec, architecture: run.architecture, backend: run.backend, description: run.description, hasModel: false };
  return [
    {
      ...common,
      id: newRunId(),
      label: `${run.label} → ${city}, fine-tuned on ${share}`,
      lineage: [...lineageOf(run), `fine-tuned on ${city}, ${share}`],
      training: { ...training, learningRate: training.learningRate * SETTINGS.transferLearningRateFactor.default },
      history: result.fineTuneRun.history,
      result: summaryOf(result.fineTuneRun.history, result.fineTuneRun.msTotal, result.fineTuneRun.cancelled),
      evaluation: result.fineTuned,
      parentId: run.id,
    },
    {
      ...common,
      id: newRunId(),
      label: `${ARCHITECTURES[run.architecture.kind].label} from scratch → ${city}, ${share}`,
      lineage: [`${ARCHITECTURES[run.architecture.kind].label} from scratch on ${city}, ${share}`],
      training,
      history: result.scratchRun.history,
      result: summaryOf(result.scratchRun.history, result.scratchRun.msTotal, result.scratchRun.cancelled),
      evaluation: result.scratch,
    },
  ];
}

/** A zip reopened on the Export step, added to the runs under the model id the worker holds it by. */
export function reopenedRun(modelId: string, fileName: string | null, imported: ImportOutcome, state: WorkflowState): RunRecord {
  const m = imported.metadata;
  const { epochsRun, bestEpoch, backend, msPerEpoch, bestValMae, ...training } = m.training;
  const label = `${ARCHITECTURES[m.architecture.kind]?.label ?? m.architecture.kind} · reopened ${fileName ?? 'zip'}`;
  // Bundles record their curves since lineage existed; older ones say so instead of showing "of 0".
  const history = (m.history ?? []).map((h) => ({ ...h, ms: msPerEpoch, samplesPerSecond: 0 }));
  const best = bestEpochOf(history);
  return {
    id: modelId,
    label,
    lineage: [...(m.lineage ?? []), `reopened ${fileName ?? 'zip'}`],
    ...(history.length === 0 ? { epochsWithoutHistory: epochsRun } : {}),
    kind: 'import',
    createdAt: new Date().toISOString(),
    datasetLabel: state.dataset.summary?.label ?? m.dataset.name,
    dataSpec: metadataDataSpec(m, state.settings.dataSpec.split),
    architecture: m.architecture,
    training,
    backend,
    history,
    result: { bestEpoch: best?.epoch ?? bestEpoch, bestValMae: best?.valMae ?? bestValMae ?? Number.NaN, stoppedEarly: false, cancelled: false, msTotal: msPerEpoch * epochsRun, msPerEpoch },
    evaluation: imported.evaluation,
    description: { layers: [], totalParams: m.parameters, trainableParams: m.parameters },
    ...(m.ensemble ? { members: m.ensemble.memberMetrics } : {}),
  };
}

/** What the worker needs to export a run's model as a bundle: its settings, summary, lineage and curves. */
export function exportRequest(run: RunRecord, sourceDescription: string | undefined) {
  const summary = run.result ?? { bestEpoch: 0, msPerEpoch: 0, bestValMae: Number.NaN };
  // A reopened bundle without curves keeps the epoch count it recorded.
  const epochsRun = run.epochsWithoutHistory ?? run.history.length;
  return {
    modelId: run.id,
    architecture: run.architecture,
    training: run.training,
    trainingSummary: { epochsRun, bestEpoch: summary.bestEpoch, msPerEpoch: summary.msPerEpoch, ...(Number.isFinite(summary.bestValMae) ? { bestValMae: summary.bestValMae } : {}) },
    dataset: { name: run.datasetLabel, source: sourceDescription ?? run.datasetLabel, ...(run.columns ? { columns: run.columns } : {}) },
    lineage: [...lineageOf(run)],
    history: run.history,
    ...(run.members && run.members.length > 0
      ? { ensemble: { members: run.members.length, seeds: run.members.map((m) => m.seed), combination: 'mean' as const, valMae: summary.bestValMae, memberMetrics: run.members } }
      : {}),
  };
}

/** The zip's file name: "weather-model-seattle-wa-gru-temp_max.zip". */
export function bundleFileName(run: RunRecord): string {
  const dataset = run.datasetLabel.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'data';
  return `weather-model-${dataset}-${run.architecture.kind}-${run.dataSpec.features.target}.zip`;
}

/**
 * Every finished point of a learning curve becomes a record (no model is kept): the model, its years
 * of training data (in its split) and its test MAE; the points of one experiment share `createdAt`.
 */
export function learningCurveRecords(result: LearningCurveResult, base: Pick<RunRecord, 'datasetLabel' | 'dataSpec' | 'training' | 'backend'>): RunRecord[] {
  const createdAt = new Date().toISOString();
  return result.points.map((p) => {
    const step = `learning curve: ${p.trainYears} year${p.trainYears === 1 ? '' : 's'} of training data`;
    return {
      ...base,
      id: newRunId(),
      label: `${ARCHITECTURES[p.architecture.kind].label} · ${step}`,
      lineage: [`${ARCHITECTURES[p.architecture.kind].label} · ${step} (${p.trainPeriod.start} – ${p.validationPeriod.end})`],
      kind: 'learning-curve' as const,
      createdAt,
      dataSpec: { ...base.dataSpec, split: { ...base.dataSpec.split, trainYears: p.trainYears } },
      architecture: p.architecture,
      history: p.history,
      result: summaryOf(p.history, p.msTotal),
      evaluation: null,
      description: null,
      hasModel: false,
      testMae: p.testMae,
      testSkillPersistence: p.skillPersistence,
      units: result.units,
      ...(p.error ? { error: p.error } : {}),
    };
  });
}
