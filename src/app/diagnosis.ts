/**
 * The diagnosis of a recorded run (see `src/ml/evaluation/diagnosis.ts`): its curves, settings and
 * test scores, and its parent's validation MAE for continuations and ensembles.
 */
import { diagnoseRun, type Finding } from '../ml/evaluation/diagnosis.ts';
import type { RunRecord } from './state.ts';

/** What the run's own evidence says, most severe first; none for a run without curves. */
export function diagnose(runs: readonly RunRecord[], run: RunRecord): Finding[] {
  const e = run.evaluation;
  const parent = run.kind === 'continue' && run.parentId ? runs.find((r) => r.id === run.parentId) : undefined;
  const persistence = run.testMae !== undefined && run.testSkillPersistence !== undefined ? run.testMae / (1 - run.testSkillPersistence / 100) : Number.NaN;
  return diagnoseRun({
    history: run.history,
    stoppedEarly: run.result?.stoppedEarly ?? false,
    architecture: run.architecture.kind,
    training: run.training,
    units: e?.units ?? run.units ?? '',
    ...(e
      ? { test: { mae: e.model.mae, persistence: e.baselines.persistence.mae, climatology: e.baselines.climatology.mae } }
      : Number.isFinite(persistence)
        ? { test: { mae: run.testMae!, persistence } }
        : {}),
    ...(parent?.result ? { parent: { label: parent.label, valMae: parent.result.bestValMae } } : {}),
  });
}
