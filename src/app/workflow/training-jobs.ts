/**
 * Training jobs: a first training, continuing a run at a lower learning rate, a hyperparameter
 * search, a transfer to another city and an ensemble of seeds. Each runs in the worker with live progress, can be stopped
 * (a stopped training keeps its best weights and becomes a run), and records what it produced.
 */
import type { TrainingConfig } from '../../ml/training/config.ts';
import { SETTINGS } from '../../ml/settings/table.ts';
import type { SearchSpace } from '../../ml/fine-tuning/fine-tuning.ts';
import { searchTrials } from '../../ml/fine-tuning/search-trials.ts';
import type { ShippedDatasetId } from '../../ml/datasets.ts';
import type { MlClient } from '../../worker/ml-client.ts';
import type { TrainOutcome } from '../../worker/protocol.ts';
import * as persistence from '../persistence.ts';
import { continuationGained, lineageOf, rootRun, selectedRun, type RunRecord, type Settings } from '../state.ts';
import { LatestJob } from './latest-job.ts';
import { coreCount, pooledSearch, poolSize, SearchHelpers, type PrepareHelper } from './search-pool.ts';
import { describeParams } from '../../ml/settings/table.ts';
import { continuedRunLabel, continuedStep, ensembleRecord, exportRequest, newRunId, searchRecords, trainingRunLabel, transferRecords, uploadColumns } from './run-records.ts';
import { errorText, JobFamily, storageProblem } from './store.ts';

type Progress = { kind: 'epoch' | 'batch'; log: never };
type RunDraft = Omit<RunRecord, 'history' | 'result' | 'evaluation' | 'description'>;

export class TrainingJobs extends JobFamily {
  private readonly training = new LatestJob();
  private readonly search = new LatestJob();
  private readonly transfer = new LatestJob();
  private readonly ensemble = new LatestJob();
  /** Helper workers for searches, started when the search panel shows. */
  private readonly searchHelpers = new SearchHelpers();

  /** Stops whatever is training: the best weights so far are kept. */
  stop(): void {
    this.training.abort();
    this.search.abort();
    this.transfer.abort();
    this.ensemble.abort();
  }

  /** Trains a new model from the current settings; `from` is the search trial it trains fully, if any. */
  train(from?: RunRecord): Promise<void> {
    const st = this.store.state;
    const s = st.settings;
    const id = newRunId();
    const label = trainingRunLabel(st, 'train');
    const lineage = from ? [...lineageOf(from), `trained fully as ${label} (${s.training.epochs} epochs)`] : [label];
    return this.runTraining(
      'train',
      (signal, onProgress) => this.client.call('train', { modelId: id, architecture: s.architecture, training: s.training }, { signal, onProgress: onProgress as never }),
      s.training.epochs,
      {
        id,
        label: from ? `${label} (search winner: ${describeParams(from.search?.params ?? {})})` : label,
        lineage,
        ...(from ? { parentId: from.id } : {}),
        kind: 'train',
        createdAt: new Date().toISOString(),
        datasetLabel: st.dataset.summary?.label ?? '',
        ...uploadColumns(st),
        dataSpec: s.dataSpec,
        architecture: s.architecture,
        training: s.training,
        backend: st.backendInUse ?? s.backend,
      },
    );
  }

  /**
   * Trains a search trial's settings for the full number of epochs (the epochs of the run it searched
   * around), as a new run whose lineage names the trial.
   */
  async trainWinner(trialId: string): Promise<void> {
    const s = this.store;
    const trial = s.state.runs.find((r) => r.id === trialId && r.search);
    if (!trial || s.state.training.status === 'running') return;
    const around = trial.parentId ? s.state.runs.find((r) => r.id === trial.parentId) : undefined;
    const epochs = around ? rootRun(s.state, around).training.epochs : s.state.settings.training.epochs;
    s.setSettings({ ...s.state.settings, architecture: trial.architecture, training: { ...trial.training, epochs } });
    await this.train(trial);
  }

  /** Continues the selected run for `epochs` more at `learningRateFactor` × its learning rate. */
  async continueSelected(learningRateFactor: number, epochs: number): Promise<void> {
    const from = selectedRun(this.store.state);
    if (!from || this.store.state.training.status === 'running') return;
    await this.models.ensureLive(from.id);
    const id = newRunId();
    const training = { ...from.training, epochs };
    return this.runTraining(
      'continue',
      (signal, onProgress) => this.client.call('continueTraining', { fromModelId: from.id, modelId: id, training, learningRateFactor }, { signal, onProgress: onProgress as never }),
      epochs,
      {
        id,
        label: continuedRunLabel(from, learningRateFactor, epochs),
        lineage: [...lineageOf(from), continuedStep(from, learningRateFactor, epochs)],
        kind: 'continue',
        createdAt: new Date().toISOString(),
        datasetLabel: from.datasetLabel,
        ...(from.columns ? { columns: from.columns } : {}),
        dataSpec: from.dataSpec,
        architecture: from.architecture,
        training: { ...training, learningRate: training.learningRate * learningRateFactor },
        backend: this.store.state.backendInUse ?? this.store.state.settings.backend,
        parentId: from.id,
      },
    );
  }

  private async runTraining(kind: 'train' | 'continue', call: (signal: AbortSignal, onEpoch: (p: Progress) => void) => Promise<TrainOutcome>, epochs: number, record: RunDraft): Promise<void> {
    const s = this.store;
    if (s.state.training.status === 'running') return;
    const startedAt = performance.now();
    s.update({ training: { status: 'running', kind, progress: { epoch: 0, epochs, batch: 0, batchesPerEpoch: 0, startedAt, samplesPerSecond: 0, etaSeconds: null }, liveHistory: [], error: null, continued: null } });
    // Recorded as it goes: a reload, a closed tab or a crashed worker leaves an interrupted run with its curve.
    const draft = (history: RunRecord['history']) => void persistence.saveDraft({ ...record, history, result: null, evaluation: null, description: null, hasModel: false }, epochs).catch(() => undefined);
    await this.training.run(
      (signal) =>
        call(signal, (p) => {
          this.handleProgress(p);
          if (p.kind === 'epoch') draft(s.state.training.liveHistory);
        }).finally(() => void persistence.deleteDraft(record.id).catch(() => undefined)),
      async (outcome) => {
        if (outcome.history.length === 0) {
          s.update({ training: { ...s.state.training, status: 'cancelled', progress: null } });
          void this.client.call('disposeModel', { modelId: record.id });
          return;
        }
        const run: RunRecord = { ...record, history: outcome.history, result: outcome.result, evaluation: outcome.evaluation, description: outcome.description };
        // The model is stored before the run is listed and saved: a reload (or another tab) never finds a run without its model.
        await this.storeModel(run);
        // A continuation that is not better on validation is kept in the log but not selected: Export ships the parent.
        const parent = kind === 'continue' ? s.state.runs.find((r) => r.id === record.parentId) : undefined;
        const continued = parent
          ? { parentId: parent.id, childId: run.id, parentValMae: parent.result?.bestValMae ?? Number.NaN, childValMae: outcome.result.bestValMae, gained: continuationGained(parent, run) }
          : null;
        s.update({
          runs: [...s.state.runs, run],
          selectedRunId: continued && !continued.gained ? parent!.id : run.id,
          training: { ...s.state.training, status: outcome.result.cancelled ? 'cancelled' : 'done', progress: null, liveHistory: outcome.history, continued },
        });
        s.persistRuns();
        this.models.markLive(run.id);
      },
      (error) => s.update({ training: { ...s.state.training, status: 'error', progress: null, error: errorText(error) } }),
    );
    void this.refreshMemory();
  }

  private handleProgress(p: Progress): void {
    const t = this.store.state.training;
    if (!t.progress) return;
    if (p.kind === 'batch') {
      const log = p.log as { epoch: number; batch: number; batchesPerEpoch: number };
      this.store.update({ training: { ...t, progress: { ...t.progress, batch: log.batch + 1, batchesPerEpoch: log.batchesPerEpoch, epoch: Math.max(t.progress.epoch, log.epoch - 1) } } });
      return;
    }
    const log = p.log as { epoch: number; samplesPerSecond: number };
    const elapsed = (performance.now() - t.progress.startedAt) / 1000;
    const eta = (elapsed / log.epoch) * (t.progress.epochs - log.epoch);
    this.store.update({ training: { ...t, liveHistory: [...t.liveHistory, p.log], progress: { ...t.progress, epoch: log.epoch, samplesPerSecond: log.samplesPerSecond, etaSeconds: eta } } });
  }

  /** Exports a run's model into IndexedDB so it survives a reload. */
  private async storeModel(run: RunRecord): Promise<void> {
    try {
      const files = await this.client.call('exportBundle', exportRequest(run, this.store.state.dataset.summary?.sourceDescription));
      await persistence.saveModel(run.id, files);
      // The learner keeps models now: ask once that the browser not clear them under storage pressure.
      void persistence.requestPersistence();
    } catch (error) {
      // Not fatal: the model works in this session; it will not survive a reload, and the page says why.
      this.store.notify(storageProblem(error));
    }
  }

  /** The data a search around the selected run (or around steps 2–3) trains on. */
  private searchSettings() {
    const st = this.store.state;
    const from = selectedRun(st);
    const root = from ? rootRun(st, from) : null;
    const settings = root ? { ...st.settings, architecture: root.architecture, training: root.training, dataSpec: root.dataSpec } : st.settings;
    return { from, settings };
  }

  /** Helpers that hold the search's data: same backend, file and windows as the app's worker. */
  private helpersFor({ dataSpec, architecture, training }: Settings, trials: number): Promise<MlClient | null>[] {
    const st = this.store.state;
    const backend = st.backendInUse ?? st.settings.backend;
    const source = st.settings.dataSource;
    const prepare: PrepareHelper = async (helper) => {
      const started = await helper.call('init', { backend });
      if (started.backend !== backend) throw new Error(`helper worker on ${started.backend}, not ${backend}`);
      await helper.call('loadDataset', { source });
      await helper.call('prepare', { spec: dataSpec });
      // One throwaway one-epoch trial: V8 compiles the training code's hot paths now, not during the
      // search's first trials (that compiling took a third of a core from the workers).
      await helper.call('search', { architecture, training: { ...training, epochs: 1 }, space: {}, mode: 'grid' });
    };
    return this.searchHelpers.warm(source, JSON.stringify([backend, dataSpec]), poolSize(trials, coreCount()) - 1, prepare);
  }

  /** Starts the helper workers of a search now (the search panel is on screen), so that a search starts on every core. */
  warmSearch(): void {
    if (!this.store.state.prepared.summary) return;
    this.helpersFor(this.searchSettings().settings, Number.POSITIVE_INFINITY);
  }

  /** Ends the helper workers (the page is going away). */
  endHelpers(): void {
    this.searchHelpers.terminate();
  }

  /**
   * Searches hyperparameters around the selected run (its architecture and the training settings it
   * was trained from scratch with), or around steps 2–3 when there is none; every trial becomes a
   * record whose parent is that run. The caller has prepared the run's data.
   */
  async runSearch(space: SearchSpace, mode: 'grid' | 'random', trials: number | undefined, epochs: number): Promise<void> {
    const s = this.store;
    if (s.state.search.status === 'running') return;
    const { from, settings } = this.searchSettings();
    s.update({ search: { status: 'running', ranking: [], done: 0, total: 0, error: null } });
    const request = { architecture: settings.architecture, training: { ...settings.training, epochs }, space, mode, trials };
    const total = searchTrials(request).length;
    await this.search.run(
      (signal) =>
        pooledSearch(this.client, request, {
          total,
          signal,
          // A helper reads the same file and windows on the same backend, or it does not take part.
          helpers: this.helpersFor(settings, total),
          onHelperFailed: (helper) => this.searchHelpers.discard(helper),
          onProgress: (ranking, done, total) => s.update({ search: { ...s.state.search, ranking, done, total } }),
        }),
      (ranking, ticket) => {
        s.update({ search: { ...s.state.search, status: ticket.signal.aborted ? 'cancelled' : 'done', ranking } });
        const base = { datasetLabel: s.state.dataset.summary?.label ?? '', ...uploadColumns(s.state), dataSpec: settings.dataSpec, backend: s.state.backendInUse ?? settings.backend };
        s.addRecords(searchRecords(ranking, base, s.state.prepared.summary?.targetUnits ?? '', epochs, from));
      },
      (error) => s.update({ search: { ...s.state.search, status: 'error', error: errorText(error) } }),
    );
    void this.refreshMemory();
  }

  /**
   * Trains `members` copies of the selected run's model from scratch (its first run's training
   * settings, seeds s, s+1, …) and records their average as a run. Like a continuation, it is
   * selected only if it beats its parent on validation (`continuationGained`).
   */
  async ensembleSelected(members: number): Promise<void> {
    const s = this.store;
    const from = selectedRun(s.state);
    if (!from || s.state.ensemble.status === 'running') return;
    await this.models.ensureLive(from.id);
    const id = newRunId();
    // A continued run's settings are those of its continuation: the members are trained as its first run was.
    const root = rootRun(s.state, from);
    const training: TrainingConfig = { ...root.training, ...(from.training.intervals ? { intervals: true } : {}) };
    s.update({ ensemble: { status: 'running', member: 1, members, epoch: 0, epochs: training.epochs, outcome: null, error: null } });
    await this.ensemble.run(
      (signal) =>
        this.client.call('ensemble', { fromModelId: from.id, modelId: id, architecture: from.architecture, training, members }, {
          signal,
          onProgress: (p) => s.update({ ensemble: { ...s.state.ensemble, member: p.member + 1, epoch: p.log.epoch } }),
        }),
      async (outcome) => {
        if (outcome.cancelled || !outcome.evaluation) {
          s.update({ ensemble: { ...s.state.ensemble, status: 'cancelled' } });
          return;
        }
        const run = ensembleRecord(from, { id, training, backend: s.state.backendInUse ?? s.state.settings.backend }, outcome);
        await this.storeModel(run);
        const gained = continuationGained(from, run);
        const bestMemberValMae = Math.min(...outcome.members.map((m) => m.valMae));
        s.update({
          runs: [...s.state.runs, run],
          selectedRunId: gained ? run.id : from.id,
          ensemble: { ...s.state.ensemble, status: 'done', outcome: { parentId: from.id, childId: run.id, parentValMae: from.result?.bestValMae ?? Number.NaN, childValMae: outcome.valMae, bestMemberValMae, gained } },
        });
        s.persistRuns();
        this.models.markLive(run.id);
      },
      (error) => s.update({ ensemble: { ...s.state.ensemble, status: 'error', error: errorText(error) } }),
    );
    void this.refreshMemory();
  }

  /** Compares the selected run fine-tuned on another city with a model trained there from scratch. */
  async runTransfer(target: ShippedDatasetId, fraction: number, freeze: string[], epochs: number): Promise<void> {
    const s = this.store;
    const run = selectedRun(s.state);
    if (!run || s.state.transfer.status === 'running') return;
    await this.models.ensureLive(run.id);
    s.update({ transfer: { status: 'running', request: { target, fraction }, result: null, error: null, epoch: 0 } });
    // A continued run's rate is already lowered: the transfer factor applies to the rate the user chose.
    const training: TrainingConfig = { ...run.training, learningRate: rootRun(s.state, run).training.learningRate, epochs };
    await this.transfer.run(
      (signal) =>
        this.client.call(
          'transfer',
          { modelId: run.id, architecture: run.architecture, target, fraction, training, learningRateFactor: SETTINGS.transferLearningRateFactor.default, freeze },
          { signal, onProgress: () => s.update({ transfer: { ...s.state.transfer, epoch: s.state.transfer.epoch + 1 } }) },
        ),
      (result) => {
        s.update({ transfer: { ...s.state.transfer, status: 'done', result } });
        s.addRecords(transferRecords(run, result, target, fraction, training));
      },
      (error) => s.update({ transfer: { ...s.state.transfer, status: 'error', error: errorText(error) } }),
    );
    void this.refreshMemory();
  }
}
