/**
 * The workflow: holds the state snapshot, turns intents into worker requests, and persists what
 * must survive a reload. A Lit reactive controller: the host re-renders on every new snapshot.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ARCHITECTURES } from '../ml/architectures/specs.ts';
import type { BackendName } from '../ml/backend.ts';
import type { DataSpec } from '../ml/data/prepare.ts';
import { SHIPPED_DATASETS } from '../ml/datasets.ts';
import type { TrainingConfig } from '../ml/training/config.ts';
import { MlClient, MlError } from '../worker/ml-client.ts';
import type { TransferResult, TrialResult } from '../ml/fine-tuning/fine-tuning.ts';
import type { EpochLog, TrainingResult } from '../ml/training/config.ts';
import type { DataSource, DatasetSummary, TrainOutcome } from '../worker/protocol.ts';
import type { IntentMap } from './events.ts';
import { experimentsCsv, experimentsJson } from './experiments.ts';
import { settingsFromQuery } from './share-link.ts';
import { metadataDataSpec } from '../ml/export/format.ts';
import { downloadFile, unzipBundle, zipBundle } from './files.ts';
import * as store from './persistence.ts';
import { describeParams } from '../steps/shared/format.ts';
import { hasModel, INITIAL_STATE, keepSelection, rootRun, selectedRun, type RunRecord, type Settings, type WorkflowState } from './state.ts';
import { usageSnippets } from './snippets.ts';

type Patch = { [K in keyof WorkflowState]?: WorkflowState[K] };

/**
 * Models kept in the worker at once. Every run's model is saved in IndexedDB; older ones are
 * loaded back into the worker when they are needed, so memory stays flat however many runs.
 */
export const MAX_LIVE_MODELS = 6;

/** Learning-rate factor for fine-tuning a model on another city (see the measurement at its use). */
export const TRANSFER_LEARNING_RATE_FACTOR = 0.3;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A training summary for a record built from a curve (search trials, transfer arms). */
function summaryOf(history: readonly EpochLog[], msTotal: number, cancelled = false): Omit<TrainingResult, 'history'> {
  let best = 0;
  history.forEach((h, i) => {
    if (h.valLoss < history[best].valLoss) best = i;
  });
  return {
    bestEpoch: history.length > 0 ? best + 1 : 0,
    bestValMae: history.length > 0 ? history[best].valMae : Number.NaN,
    stoppedEarly: false,
    cancelled,
    msTotal,
    msPerEpoch: history.length > 0 ? msTotal / history.length : 0,
  };
}

/** Adapts the data spec to a newly loaded dataset: keep what still fits, choose sensible defaults otherwise. */
export function specForDataset(previous: DataSpec, summary: DatasetSummary): DataSpec {
  const columns = Object.keys(summary.columns);
  const constant = new Set(summary.report.constantColumns);
  const usable = columns.filter((c) => !constant.has(c));
  const target = usable.includes(previous.features.target) ? previous.features.target : (usable.find((c) => c.startsWith('temp')) ?? usable[0] ?? columns[0]);
  const kept = previous.features.inputs.filter((c) => usable.includes(c));
  return {
    features: { target, inputs: kept.length > 0 ? kept : usable, seasonal: previous.features.seasonal ?? true },
    window: previous.window,
    split: summary.defaultSplit,
  };
}

export class WorkflowController implements ReactiveController {
  state: WorkflowState = INITIAL_STATE;
  readonly client: MlClient;
  private trainingAbort: AbortController | null = null;
  private searchAbort: AbortController | null = null;
  private transferAbort: AbortController | null = null;
  private latestDataRequest = 0;
  /** Run ids whose models are in the worker, least recently used first. */
  private liveModels: string[] = [];
  private latestDescribeRequest = 0;
  /** Resolves when the saved session has been restored. */
  readonly ready: Promise<void>;

  /**
   * @param link the hash query of a shared settings link the page was opened with (see share-link.ts):
   *   its settings replace the saved ones.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    client?: MlClient,
    private readonly link?: string,
  ) {
    host.addController(this);
    this.client = client ?? new MlClient();
    this.client.onRestart = (reason) => {
      this.update({ notice: { message: `The ML worker stopped (${reason}) and was restarted.`, hint: 'Your settings and saved models are kept; reloading them now.' } });
      void this.reloadWorker();
    };
    this.ready = this.restore();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.trainingAbort?.abort();
    this.searchAbort?.abort();
    this.transferAbort?.abort();
  }

  private update(patch: Patch): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }

  private setSettings(settings: Settings): void {
    this.update({ settings });
    void store.saveSettings(settings).catch(() => undefined);
  }

  private persistRuns(): void {
    void store.saveRuns(this.state.runs, this.state.selectedRunId).catch(() => undefined);
  }

  // ---- start-up ---------------------------------------------------------------------------

  private async restore(): Promise<void> {
    const restored = await store.restoreState();
    if (restored.problem) this.update({ notice: { message: restored.problem } });
    if (restored.settings) this.update({ settings: restored.settings });
    if (this.link) this.applyLink(this.link, restored.settings);
    this.update({ runs: restored.runs, selectedRunId: keepSelection(restored.runs, restored.selectedRunId) });
    await this.reloadWorker();
  }

  /** Takes the settings of a shared link; says what it set up and what it could not use. */
  private applyLink(query: string, saved: Settings | null): void {
    const linked = settingsFromQuery(query);
    let settings = linked.settings;
    const problems = [...linked.problems];
    if (linked.needsUpload) {
      if (saved?.dataSource.kind === 'upload') {
        settings = { ...settings, dataSource: saved.dataSource, dataSpec: { ...settings.dataSpec, split: saved.dataSpec.split } };
      } else {
        problems.push('The link was made with an uploaded file, which a link cannot carry: Seattle is loaded instead. Upload the same file in step 1; the other settings stay.');
      }
    }
    this.setSettings(settings);
    const a = settings.architecture;
    const t = settings.training;
    const data = settings.dataSource.kind === 'shipped' ? SHIPPED_DATASETS[settings.dataSource.id].label : settings.dataSource.name;
    const model = ARCHITECTURES[a.kind].hasHiddenLayers ? `${ARCHITECTURES[a.kind].label} ${a.layers} × ${a.units} units` : ARCHITECTURES[a.kind].label;
    this.update({
      sharedLink: {
        summary: `${data}, ${settings.dataSpec.features.target}, ${settings.dataSpec.window.lookbackDays} days → ${settings.dataSpec.window.horizonDays}; ${model}; ${t.optimizer} lr ${t.learningRate}, batch ${t.batchSize}, ${t.epochs} epochs, seed ${t.seed}; ${settings.backend} backend`,
      },
    });
    if (problems.length > 0) this.update({ notice: { message: 'Part of the link could not be used.', hint: problems.join(' ') } });
  }

  /** Brings a fresh worker to the current settings: backend, dataset, prepared data, saved models. */
  private async reloadWorker(): Promise<void> {
    this.liveModels = [];
    await this.initBackend(this.state.settings.backend);
    await this.loadDataset(this.state.settings.dataSource, { keepSpec: true });
    const stored = await store.storedModelIds().catch(() => new Set<string>());
    // Records without a model (search trials, transfer arms) stay; runs whose model is gone do not.
    const kept = this.state.runs.filter((r) => !hasModel(r) || stored.has(r.id));
    if (kept.length !== this.state.runs.length) {
      this.update({ runs: kept, selectedRunId: keepSelection(kept, this.state.selectedRunId) });
      this.persistRuns();
    }
    const selected = selectedRun(this.state);
    if (selected) await this.ensureLive(selected.id).catch((error: unknown) => this.update({ notice: { message: message(error) } }));
  }

  /** Makes sure a run's model is in the worker, loading it from IndexedDB if it was evicted. */
  private async ensureLive(runId: string): Promise<void> {
    if (!this.liveModels.includes(runId)) {
      const files = await store.loadModel(runId);
      if (!files) throw new Error("This run's model was not saved in this browser; train it again.");
      await this.client.call('importBundle', { modelId: runId, files });
    }
    this.markLive(runId);
  }

  /** Marks a model as recently used and evicts the least recently used beyond the limit. */
  private markLive(runId: string): void {
    this.liveModels = [...this.liveModels.filter((id) => id !== runId), runId];
    while (this.liveModels.length > MAX_LIVE_MODELS) {
      const victim = this.liveModels.find((id) => id !== this.state.selectedRunId && id !== runId);
      if (!victim) break;
      this.liveModels = this.liveModels.filter((id) => id !== victim);
      void this.client.call('disposeModel', { modelId: victim }).catch(() => undefined);
    }
  }

  private async initBackend(backend: BackendName): Promise<void> {
    try {
      const r = await this.client.call('init', { backend });
      this.update({ backendInUse: r.backend, backendFellBack: r.fellBack });
    } catch (error) {
      this.update({ notice: { message: `TensorFlow.js could not start: ${message(error)}` } });
    }
  }

  // ---- data ----------------------------------------------------------------------------------

  private async loadDataset(source: DataSource, options: { keepSpec?: boolean } = {}): Promise<void> {
    const request = ++this.latestDataRequest;
    this.update({ dataset: { ...this.state.dataset, status: 'running', error: null } });
    try {
      const summary = await this.client.call('loadDataset', { source });
      if (request !== this.latestDataRequest) return;
      const spec = options.keepSpec ? this.state.settings.dataSpec : specForDataset(this.state.settings.dataSpec, summary);
      this.update({ dataset: { status: 'done', summary, error: null } });
      this.setSettings({ ...this.state.settings, dataSource: source, dataSpec: spec });
      await this.prepare(spec);
    } catch (error) {
      if (request !== this.latestDataRequest) return;
      const e = error instanceof MlError ? { name: error.name, message: error.message, code: error.code, row: error.row, column: error.column, hint: error.hint } : { name: 'Error', message: message(error) };
      // The previous dataset (if any) stays loaded in the worker and on screen.
      this.update({ dataset: { ...this.state.dataset, status: this.state.dataset.summary ? 'done' : 'error', error: e } });
    }
  }

  private async prepare(spec: DataSpec): Promise<void> {
    const request = ++this.latestDataRequest;
    this.update({ prepared: { ...this.state.prepared, status: 'running', error: null } });
    try {
      const summary = await this.client.call('prepare', { spec });
      if (request !== this.latestDataRequest) return;
      this.update({ prepared: { status: 'done', summary, error: null } });
      await this.describeModel();
    } catch (error) {
      if (request !== this.latestDataRequest) return;
      this.update({ prepared: { status: 'error', summary: null, error: message(error) } });
    }
  }

  private async describeModel(): Promise<void> {
    const request = ++this.latestDescribeRequest;
    this.update({ model: { ...this.state.model, status: 'running', error: null } });
    try {
      const { training, architecture } = this.state.settings;
      const description = await this.client.call('describeModel', { architecture, seed: training.seed, intervals: training.intervals === true });
      if (request !== this.latestDescribeRequest) return;
      this.update({ model: { status: 'done', description, error: null } });
    } catch (error) {
      if (request !== this.latestDescribeRequest) return;
      this.update({ model: { status: 'error', description: null, error: message(error) } });
    }
  }

  // ---- training ------------------------------------------------------------------------------

  private newRunId(): string {
    return `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  }

  private async runTraining(kind: 'train' | 'continue', call: (signal: AbortSignal, onEpoch: (p: { kind: 'epoch' | 'batch'; log: never }) => void) => Promise<TrainOutcome>, epochs: number, record: Omit<RunRecord, 'history' | 'result' | 'evaluation' | 'description'>): Promise<void> {
    if (this.state.training.status === 'running') return;
    this.trainingAbort = new AbortController();
    const startedAt = performance.now();
    this.update({ training: { status: 'running', kind, progress: { epoch: 0, epochs, batch: 0, batchesPerEpoch: 0, startedAt, samplesPerSecond: 0, etaSeconds: null }, liveHistory: [], error: null } });
    try {
      const outcome = await call(this.trainingAbort.signal, (p: { kind: 'epoch' | 'batch'; log: never }) => this.handleProgress(p));
      const cancelled = outcome.result.cancelled;
      if (outcome.history.length === 0) {
        this.update({ training: { ...this.state.training, status: 'cancelled', progress: null } });
        void this.client.call('disposeModel', { modelId: record.id });
        return;
      }
      const run: RunRecord = { ...record, history: outcome.history, result: outcome.result, evaluation: outcome.evaluation, description: outcome.description };
      this.update({
        runs: [...this.state.runs, run],
        selectedRunId: run.id,
        training: { ...this.state.training, status: cancelled ? 'cancelled' : 'done', progress: null, liveHistory: outcome.history },
      });
      this.persistRuns();
      // Saved before it may be evicted from the worker: every run can be reloaded later.
      await this.storeModel(run);
      this.markLive(run.id);
    } catch (error) {
      this.update({ training: { ...this.state.training, status: 'error', progress: null, error: message(error) } });
    } finally {
      this.trainingAbort = null;
      void this.refreshMemory();
    }
  }

  /** Reads the worker's TensorFlow.js memory, shown so that leaks would be visible. */
  private async refreshMemory(): Promise<void> {
    try {
      this.update({ workerMemory: await this.client.call('memory', {}) });
    } catch {
      // Informational only.
    }
  }

  private handleProgress(p: { kind: 'epoch' | 'batch'; log: never }): void {
    const t = this.state.training;
    if (!t.progress) return;
    if (p.kind === 'batch') {
      const log = p.log as { epoch: number; batch: number; batchesPerEpoch: number };
      this.update({ training: { ...t, progress: { ...t.progress, batch: log.batch + 1, batchesPerEpoch: log.batchesPerEpoch, epoch: Math.max(t.progress.epoch, log.epoch - 1) } } });
      return;
    }
    const log = p.log as { epoch: number; samplesPerSecond: number };
    const elapsed = (performance.now() - t.progress.startedAt) / 1000;
    const eta = (elapsed / log.epoch) * (t.progress.epochs - log.epoch);
    this.update({
      training: { ...t, liveHistory: [...t.liveHistory, p.log], progress: { ...t.progress, epoch: log.epoch, samplesPerSecond: log.samplesPerSecond, etaSeconds: eta } },
    });
  }

  /** Exports a run's model into IndexedDB so it survives a reload. */
  private async storeModel(run: RunRecord): Promise<void> {
    try {
      const files = await this.client.call('exportBundle', this.exportRequest(run));
      await store.saveModel(run.id, files);
    } catch {
      // Not fatal: the model works in this session; it just will not survive a reload.
    }
  }

  private exportRequest(run: RunRecord) {
    const summary = run.result ?? { bestEpoch: 0, msPerEpoch: 0 };
    return {
      modelId: run.id,
      architecture: run.architecture,
      training: run.training,
      trainingSummary: { epochsRun: run.history.length, bestEpoch: summary.bestEpoch, msPerEpoch: summary.msPerEpoch },
      dataset: { name: run.datasetLabel, source: this.state.dataset.summary?.sourceDescription ?? run.datasetLabel },
    };
  }

  private runLabel(kind: string): string {
    const s = this.state.settings;
    return `${ARCHITECTURES[s.architecture.kind].label} · ${kind} #${this.state.runs.filter(hasModel).length + 1}`;
  }

  /** Appends records to the experiment log and saves it. */
  private addRecords(records: readonly RunRecord[]): void {
    if (records.length === 0) return;
    this.update({ runs: [...this.state.runs, ...records] });
    this.persistRuns();
  }

  /** Every finished trial of a search becomes a record (no model is kept). */
  private recordSearch(ranking: readonly TrialResult[], base: Pick<RunRecord, 'datasetLabel' | 'dataSpec' | 'backend'>): void {
    const createdAt = new Date().toISOString();
    const n = ranking.length;
    this.addRecords(
      ranking.map((trial) => ({
        ...base,
        id: this.newRunId(),
        label: `${ARCHITECTURES[trial.architecture.kind].label} · search rank ${trial.rank}/${n} (${describeParams(trial.params)})`,
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
        units: this.state.prepared.summary?.targetUnits ?? '',
        ...(trial.error ? { error: trial.error } : {}),
      })),
    );
  }

  /** A transfer comparison becomes two records: the fine-tuned source model and the model from scratch. */
  private recordTransfer(run: RunRecord, result: TransferResult, target: string, fraction: number, training: RunRecord['training']): void {
    const createdAt = new Date().toISOString();
    const city = SHIPPED_DATASETS[target as keyof typeof SHIPPED_DATASETS]?.label ?? target;
    const share = `${Math.round(fraction * 100)} % of its training data`;
    const common = { kind: 'transfer' as const, createdAt, datasetLabel: city, dataSpec: run.dataSpec, architecture: run.architecture, backend: run.backend, description: run.description, hasModel: false, parentId: run.id };
    this.addRecords([
      {
        ...common,
        id: this.newRunId(),
        label: `${run.label} → ${city}, fine-tuned on ${share}`,
        training: { ...training, learningRate: training.learningRate * TRANSFER_LEARNING_RATE_FACTOR },
        history: result.fineTuneRun.history,
        result: summaryOf(result.fineTuneRun.history, result.fineTuneRun.msTotal, result.fineTuneRun.cancelled),
        evaluation: result.fineTuned,
      },
      {
        ...common,
        id: this.newRunId(),
        label: `${ARCHITECTURES[run.architecture.kind].label} from scratch → ${city}, ${share}`,
        training,
        history: result.scratchRun.history,
        result: summaryOf(result.scratchRun.history, result.scratchRun.msTotal, result.scratchRun.cancelled),
        evaluation: result.scratch,
        parentId: undefined,
      },
    ]);
  }

  // ---- intents -------------------------------------------------------------------------------

  readonly intents: { [K in keyof IntentMap]?: (detail: IntentMap[K]) => void | Promise<void> } = {
    'dataset-selected': ({ source }) => this.loadDataset(source),
    'data-spec-changed': ({ spec }) => {
      this.setSettings({ ...this.state.settings, dataSpec: spec });
      return this.prepare(spec);
    },
    'architecture-changed': ({ architecture }) => {
      this.setSettings({ ...this.state.settings, architecture });
      return this.describeModel();
    },
    'training-config-changed': ({ training }: { training: TrainingConfig }) => {
      const before = this.state.settings.training;
      // The seed sets the initial weights and the interval option the output layer: the layer table shows both.
      const modelChanged = training.seed !== before.seed || (training.intervals === true) !== (before.intervals === true);
      this.setSettings({ ...this.state.settings, training });
      if (modelChanged) void this.describeModel();
    },
    'backend-changed': async ({ backend }) => {
      this.setSettings({ ...this.state.settings, backend });
      await this.initBackend(backend);
    },
    'train-requested': () => {
      const s = this.state.settings;
      const id = this.newRunId();
      return this.runTraining(
        'train',
        (signal, onProgress) => this.client.call('train', { modelId: id, architecture: s.architecture, training: s.training }, { signal, onProgress: onProgress as never }),
        s.training.epochs,
        { id, label: this.runLabel('train'), kind: 'train', createdAt: new Date().toISOString(), datasetLabel: this.state.dataset.summary?.label ?? '', dataSpec: s.dataSpec, architecture: s.architecture, training: s.training, backend: this.state.backendInUse ?? s.backend },
      );
    },
    'stop-requested': () => {
      this.trainingAbort?.abort();
      this.searchAbort?.abort();
      this.transferAbort?.abort();
    },
    'run-selected': async ({ runId }) => {
      this.update({ selectedRunId: runId });
      this.persistRuns();
      await this.ensureLive(runId);
    },
    'continue-requested': async ({ learningRateFactor, epochs }) => {
      const from = selectedRun(this.state);
      if (!from || this.state.training.status === 'running') return;
      await this.ensureLive(from.id);
      const id = this.newRunId();
      const training = { ...from.training, epochs };
      return this.runTraining(
        'continue',
        (signal, onProgress) => this.client.call('continueTraining', { fromModelId: from.id, modelId: id, training, learningRateFactor }, { signal, onProgress: onProgress as never }),
        epochs,
        {
          id,
          label: `${from.label} → fine-tuned (lr ×${learningRateFactor})`,
          kind: 'continue',
          createdAt: new Date().toISOString(),
          datasetLabel: from.datasetLabel,
          dataSpec: from.dataSpec,
          architecture: from.architecture,
          training: { ...training, learningRate: training.learningRate * learningRateFactor },
          backend: this.state.backendInUse ?? this.state.settings.backend,
          parentId: from.id,
        },
      );
    },
    'search-requested': async ({ space, mode, trials, epochs }) => {
      if (this.state.search.status === 'running') return;
      const s = this.state.settings;
      this.searchAbort = new AbortController();
      this.update({ search: { status: 'running', ranking: [], done: 0, total: 0, error: null } });
      try {
        const ranking = await this.client.call(
          'search',
          { architecture: s.architecture, training: { ...s.training, epochs }, space, mode, trials },
          { signal: this.searchAbort.signal, onProgress: (p) => this.update({ search: { ...this.state.search, ranking: p.ranking, done: p.index + 1, total: p.total } }) },
        );
        this.update({ search: { ...this.state.search, status: this.searchAbort.signal.aborted ? 'cancelled' : 'done', ranking } });
        this.recordSearch(ranking, { datasetLabel: this.state.dataset.summary?.label ?? '', dataSpec: s.dataSpec, backend: this.state.backendInUse ?? s.backend });
      } catch (error) {
        this.update({ search: { ...this.state.search, status: 'error', error: message(error) } });
      } finally {
        this.searchAbort = null;
        void this.refreshMemory();
      }
    },
    'transfer-requested': async ({ target, fraction, freeze, epochs }) => {
      const run = selectedRun(this.state);
      if (!run || this.state.transfer.status === 'running') return;
      await this.ensureLive(run.id);
      this.transferAbort = new AbortController();
      this.update({ transfer: { status: 'running', request: { target, fraction }, result: null, error: null, epoch: 0 } });
      // Fine-tuning on the new city uses 0.3 × the learning rate the user chose (a continued run's rate is
      // already lowered): measured Seattle GRU → New York, 10 % of its data, 10 epochs: ×0.1 2.96 °C,
      // ×0.3 2.91 °C, ×1 2.85 °C vs zero-shot 2.98 °C; ×0.3 keeps most of what was learned while adapting.
      const learningRate = rootRun(this.state, run).training.learningRate;
      const training = { ...run.training, learningRate, epochs };
      try {
        const result = await this.client.call(
          'transfer',
          { modelId: run.id, architecture: run.architecture, target, fraction, training, learningRateFactor: TRANSFER_LEARNING_RATE_FACTOR, freeze },
          { signal: this.transferAbort.signal, onProgress: () => this.update({ transfer: { ...this.state.transfer, epoch: this.state.transfer.epoch + 1 } }) },
        );
        this.update({ transfer: { ...this.state.transfer, status: 'done', result } });
        this.recordTransfer(run, result, target, fraction, training);
      } catch (error) {
        this.update({ transfer: { ...this.state.transfer, status: 'error', error: message(error) } });
      } finally {
        this.transferAbort = null;
        void this.refreshMemory();
      }
    },
    'export-requested': async () => {
      const run = selectedRun(this.state);
      if (!run) return;
      this.update({ exporting: { status: 'running', fileName: null, error: null } });
      try {
        await this.ensureLive(run.id);
        const files = await this.client.call('exportBundle', this.exportRequest(run));
        const dataset = run.datasetLabel.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'data';
        const fileName = `weather-model-${dataset}-${run.architecture.kind}-${run.dataSpec.features.target}.zip`;
        downloadFile(fileName, zipBundle(files, usageSnippets()));
        this.update({ exporting: { status: 'done', fileName, error: null } });
      } catch (error) {
        this.update({ exporting: { status: 'error', fileName: null, error: message(error) } });
      }
    },
    'bundle-opened': async ({ name, bytes }) => {
      // The model opened before is let go of, unless it was added to the runs.
      const previous = this.state.useIt.kept ? null : this.state.useIt.modelId;
      this.update({ useIt: { ...INITIAL_STATE.useIt, status: 'running', fileName: name } });
      if (previous) void this.client.call('disposeModel', { modelId: previous }).catch(() => undefined);
      try {
        const files = unzipBundle(bytes);
        const modelId = `imported-${Date.now().toString(36)}`;
        const imported = await this.client.call('importBundle', { modelId, files });
        this.update({ useIt: { status: 'done', fileName: name, modelId, imported, forecast: null, error: null, files, kept: false } });
        await this.intents['forecast-requested']!({});
      } catch (error) {
        this.update({ useIt: { ...INITIAL_STATE.useIt, status: 'error', fileName: name, error: message(error) } });
      }
    },
    'forecast-requested': async ({ rows }) => {
      const modelId = this.state.useIt.modelId;
      if (!modelId) return;
      try {
        // A kept model is a run: the least-recently-used limit may have moved it out of the worker.
        if (this.state.useIt.kept) await this.ensureLive(modelId);
        const forecast = await this.client.call('forecast', { modelId, rows });
        this.update({ useIt: { ...this.state.useIt, forecast, error: null } });
      } catch (error) {
        this.update({ useIt: { ...this.state.useIt, error: message(error) } });
      }
    },
    'notice-dismissed': () => this.update({ notice: null }),
    'shared-link-dismissed': () => this.update({ sharedLink: null }),
    'runs-deleted': async ({ runIds }) => {
      const doomed = new Set(runIds);
      const runs = this.state.runs.filter((r) => !doomed.has(r.id));
      if (runs.length === this.state.runs.length) return;
      const selectedRunId = keepSelection(runs, this.state.selectedRunId);
      // A reopened zip that was added to the runs and is now deleted leaves the "use it" panel too.
      const useIt = this.state.useIt.modelId && doomed.has(this.state.useIt.modelId) ? INITIAL_STATE.useIt : this.state.useIt;
      this.update({ runs, selectedRunId, useIt });
      this.persistRuns();
      for (const id of doomed) {
        if (this.liveModels.includes(id)) {
          this.liveModels = this.liveModels.filter((m) => m !== id);
          void this.client.call('disposeModel', { modelId: id }).catch(() => undefined);
        }
        void store.deleteModel(id).catch(() => undefined);
      }
      if (selectedRunId) await this.ensureLive(selectedRunId); // a no-op unless the selection moved to an evicted model
      void this.refreshMemory();
    },
    'experiments-export-requested': ({ format }) => {
      const stamp = new Date().toISOString().slice(0, 10);
      const text = format === 'csv' ? experimentsCsv(this.state.runs) : experimentsJson(this.state.runs);
      downloadFile(`weather-experiments-${stamp}.${format}`, new TextEncoder().encode(text), format === 'csv' ? 'text/csv' : 'application/json');
    },
    'reopened-model-kept': async () => {
      const u = this.state.useIt;
      const imported = u.imported;
      if (!u.modelId || !imported || !u.files) return;
      if (!imported.evaluation) throw new Error(`This model cannot be added to your runs: ${imported.evaluationProblem ?? 'it could not be evaluated on the current data.'} Load a dataset with its columns in step 1.`);
      if (this.state.runs.some((r) => r.id === u.modelId)) return;
      const m = imported.metadata;
      const { epochsRun, bestEpoch, backend, msPerEpoch, ...training } = m.training;
      const run: RunRecord = {
        id: u.modelId,
        label: `${ARCHITECTURES[m.architecture.kind]?.label ?? m.architecture.kind} · reopened ${u.fileName ?? 'zip'}`,
        kind: 'import',
        createdAt: new Date().toISOString(),
        datasetLabel: this.state.dataset.summary?.label ?? m.dataset.name,
        dataSpec: metadataDataSpec(m, this.state.settings.dataSpec.split),
        architecture: m.architecture,
        training,
        backend,
        history: [],
        result: { bestEpoch, bestValMae: Number.NaN, stoppedEarly: false, cancelled: false, msTotal: msPerEpoch * epochsRun, msPerEpoch },
        evaluation: imported.evaluation,
        description: { layers: [], totalParams: m.parameters, trainableParams: m.parameters },
      };
      await store.saveModel(run.id, u.files);
      // The worker holds it under this id already; the "use it" panel keeps using it, now as a run.
      this.update({ runs: [...this.state.runs, run], selectedRunId: run.id, useIt: { ...this.state.useIt, files: null, kept: true } });
      this.markLive(run.id);
      this.persistRuns();
    },
  };

  /** Handles an intent event's detail; errors become a notice, never an unhandled rejection. */
  async handle<K extends keyof IntentMap>(type: K, detail: IntentMap[K]): Promise<void> {
    const handler = this.intents[type] as ((d: IntentMap[K]) => void | Promise<void>) | undefined;
    if (!handler) return;
    try {
      await handler(detail);
    } catch (error) {
      this.update({ notice: { message: message(error) } });
    }
  }

  /** The shipped datasets other than the current one, for transfer. */
  otherCities(): string[] {
    const current = this.state.settings.dataSource;
    return Object.keys(SHIPPED_DATASETS).filter((id) => current.kind !== 'shipped' || id !== current.id);
  }
}
