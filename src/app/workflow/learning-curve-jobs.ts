/**
 * The learning-curve job: linear and GRU, at their default sizes and the default training settings,
 * trained in the worker on 1, 4, 16 and 48 years of the loaded 50-year record and scored on its test
 * period, with live progress; Stop keeps the finished points. Every point becomes a record.
 */
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import { datasetInfo, isLongRecordId } from '../../ml/datasets.ts';
import { LEARNING_CURVE_YEARS } from '../../ml/fine-tuning/learning-curve-gain.ts';
import { DEFAULT_TRAINING, type TrainingConfig } from '../../ml/training/config.ts';
import type { Protocol } from '../../worker/protocol.ts';
import { IDLE_LEARNING_CURVE, learningCurveOf } from '../learning-curve-state.ts';
import { LatestJob } from './latest-job.ts';
import { learningCurveRecords } from './run-records.ts';
import { errorText, JobFamily } from './store.ts';

/** The two families the experiment compares: the simplest model and the recurrent one. */
export const LEARNING_CURVE_MODELS = [ARCHITECTURES.linear.defaults, ARCHITECTURES.gru.defaults] as const;

export class LearningCurveJobs extends JobFamily {
  private readonly job = new LatestJob();

  /** Stops the experiment after the current batch; the finished points are kept and recorded. */
  stop(): void {
    this.job.abort();
  }

  /** Runs the experiment on the loaded dataset, each training at most `epochs` long. */
  async run(epochs: number): Promise<void> {
    const s = this.store;
    const st = s.state;
    if (learningCurveOf(st).status === 'running') return;
    const source = st.settings.dataSource;
    if (!st.dataset.summary || source.kind !== 'shipped' || !isLongRecordId(source.id)) {
      s.notify('The learning curve needs one of the 50-year records.', 'Choose a station under "50-year records" in step 1, then start it again.');
      return;
    }
    // The data step's features and window; the split of the record, whose training years each point sets.
    const spec = { ...st.settings.dataSpec, split: datasetInfo(source.id).split };
    const training: TrainingConfig = { ...DEFAULT_TRAINING, epochs };
    const datasetLabel = st.dataset.summary.label;
    const startedAt = performance.now();
    const runs = LEARNING_CURVE_YEARS.length * LEARNING_CURVE_MODELS.length;
    s.update({ learningCurve: { ...IDLE_LEARNING_CURVE, status: 'running', datasetLabel, run: 1, runs, epochs, units: st.prepared.summary?.targetUnits ?? '' } });
    await this.job.run(
      (signal) =>
        this.client.call('learningCurve', { spec, architectures: [...LEARNING_CURVE_MODELS], training, trainYears: [...LEARNING_CURVE_YEARS] }, { signal, onProgress: (p) => this.handleProgress(p) }),
      (result) => {
        s.update({ learningCurve: { ...learningCurveOf(s.state), status: result.cancelled ? 'cancelled' : 'done', points: result.points, units: result.units, msTotal: performance.now() - startedAt } });
        s.addRecords(learningCurveRecords(result, { datasetLabel, dataSpec: spec, training, backend: s.state.backendInUse ?? s.state.settings.backend }));
      },
      (error) => s.update({ learningCurve: { ...learningCurveOf(s.state), status: 'error', error: errorText(error) } }),
    );
    void this.refreshMemory();
  }

  private handleProgress(p: Protocol['learningCurve']['progress']): void {
    const lc = learningCurveOf(this.store.state);
    if (p.kind === 'epoch') this.store.update({ learningCurve: { ...lc, run: p.run + 1, epoch: p.log.epoch } });
    else this.store.update({ learningCurve: { ...lc, run: Math.min(p.runs, p.run + 2), epoch: 0, points: [...lc.points, p.point] } });
  }
}
