/**
 * The workflow: a Lit reactive controller that owns the store and its jobs, and maps every intent
 * a step dispatches to the job that handles it. The host re-renders on every new snapshot.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MlClient } from '../../worker/ml-client.ts';
import type { IntentMap } from '../events.ts';
import * as persistence from '../persistence.ts';
import { keepSelection, rootRun, selectedRun, type WorkflowState } from '../state.ts';
import { BundleJobs } from './bundle-jobs.ts';
import { DataJobs } from './data-jobs.ts';
import { ExplainJobs } from './explain-jobs.ts';
import { PlaceJobs } from './place-jobs.ts';
import { LearningCurveJobs } from './learning-curve-jobs.ts';
import { ModelCache } from './model-cache.ts';
import { errorText, WorkflowStore } from './store.ts';
import { TrainingJobs } from './training-jobs.ts';

type IntentHandlers = { [K in keyof IntentMap]?: (detail: IntentMap[K]) => void | Promise<void> };

export class WorkflowController implements ReactiveController {
  readonly client: MlClient;
  /** Resolves when the saved session has been restored. */
  readonly ready: Promise<void>;
  private readonly store: WorkflowStore;
  private readonly models: ModelCache;
  private readonly data: DataJobs;
  private readonly training: TrainingJobs;
  private readonly bundles: BundleJobs;
  private readonly explain: ExplainJobs;
  private readonly places: PlaceJobs;
  private readonly learningCurve: LearningCurveJobs;

  /**
   * @param link the hash query of a shared settings link the page was opened with (see share-link.ts):
   *   its settings replace the saved ones.
   */
  constructor(host: ReactiveControllerHost, client?: MlClient, link?: string) {
    host.addController(this);
    this.client = client ?? new MlClient();
    // Every snapshot re-renders the host and lets the explanation follow the selected run.
    this.store = new WorkflowStore(() => {
      host.requestUpdate();
      this.explain?.follow();
    });
    this.models = new ModelCache(this.client, () => this.store.state.selectedRunId);
    this.data = new DataJobs(this.store, this.client, this.models);
    this.training = new TrainingJobs(this.store, this.client, this.models);
    this.bundles = new BundleJobs(this.store, this.client, this.models);
    this.explain = new ExplainJobs(this.store, this.client, this.models);
    this.places = new PlaceJobs(this.store, this.client, this.models, this.data);
    this.learningCurve = new LearningCurveJobs(this.store, this.client, this.models);
    this.client.onRestart = (reason) => {
      this.store.notify(`The ML worker stopped (${reason}) and was restarted.`, 'Your settings and saved models are kept; reloading them now.');
      void this.data.reloadWorker();
    };
    this.ready = this.data.restore(link);
    this.stopListening = persistence.onOtherTabs((m) => void this.applyOtherTab(m));
  }

  private readonly stopListening: () => void;

  /** Another tab saved or deleted a run: show it here too, within a moment, without a reload. */
  private async applyOtherTab(message: persistence.TabMessage): Promise<void> {
    await this.ready;
    const s = this.store;
    if (message.type === 'run-deleted') {
      s.forgetSaved(message.id);
      if (!s.state.runs.some((r) => r.id === message.id)) return;
      const runs = s.state.runs.filter((r) => r.id !== message.id);
      s.update({ runs, selectedRunId: keepSelection(runs, s.state.selectedRunId) });
      this.models.forget(message.id);
      return;
    }
    const run = await persistence.loadRun(message.id);
    if (!run) return;
    s.markSaved([run]);
    const others = s.state.runs.filter((r) => r.id !== run.id);
    const runs = [...others, run].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    // A first run from another tab becomes the selection only when this tab has none.
    s.update({ runs, selectedRunId: s.state.selectedRunId ?? keepSelection(runs, null) });
  }

  /** A settings link opened in this tab after it started (the hash changed): see `DataJobs.applySharedLink`. */
  applySharedLink(query: string): Promise<void> {
    return this.ready.then(() => this.data.applySharedLink(query));
  }

  get state(): WorkflowState {
    return this.store.state;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.training.stop();
    this.training.endHelpers();
    this.learningCurve.stop();
    this.stopListening();
  }

  /** Intent → job. */
  private readonly intents: IntentHandlers = {
    'dataset-selected': ({ source }) => this.data.loadDataset(source),
    'mapping-changed': ({ column, override }) => this.data.changeMapping(column, override),
    'date-order-chosen': ({ order }) => this.data.chooseDateOrder(order),
    'place-search-requested': ({ query }) => this.places.search(query),
    'place-download-requested': ({ place, years, variables }) => this.places.download(place, years, variables),
    'data-spec-changed': ({ spec }) => {
      this.store.setSettings({ ...this.state.settings, dataSpec: spec });
      return this.data.prepare(spec);
    },
    'architecture-changed': ({ architecture }) => {
      this.store.setSettings({ ...this.state.settings, architecture });
      return this.data.describeModel();
    },
    'training-config-changed': ({ training }) => {
      const before = this.state.settings.training;
      // The seed sets the initial weights and the interval option the output layer: the layer table shows both.
      const modelChanged = training.seed !== before.seed || (training.intervals === true) !== (before.intervals === true);
      this.store.setSettings({ ...this.state.settings, training });
      if (modelChanged) void this.data.describeModel();
    },
    'backend-changed': async ({ backend }) => {
      this.store.setSettings({ ...this.state.settings, backend });
      await this.data.initBackend(backend);
    },
    'train-requested': () => this.training.train(),
    'stop-requested': () => {
      this.training.stop();
      this.learningCurve.stop();
    },
    'run-selected': async ({ runId }) => {
      this.store.update({ selectedRunId: runId });
      this.store.persistRuns();
      await this.models.ensureLive(runId);
    },
    'continue-requested': ({ learningRateFactor, epochs }) => this.training.continueSelected(learningRateFactor, epochs),
    'search-requested': async ({ space, mode, trials, epochs }) => {
      const run = selectedRun(this.state);
      if (run) {
        if (run.datasetLabel !== (this.state.dataset.summary?.label ?? '')) {
          throw new Error(`The selected run was trained on ${run.datasetLabel}; load it in step 1 to search around it.`);
        }
        await this.data.useSpec(rootRun(this.state, run).dataSpec);
      }
      await this.training.runSearch(space, mode, trials, epochs);
    },
    'search-warmup-requested': () => this.training.warmSearch(),
    'train-winner-requested': ({ trialId }) => this.training.trainWinner(trialId),
    'transfer-requested': ({ target, fraction, freeze, epochs }) => this.training.runTransfer(target, fraction, freeze, epochs),
    'ensemble-requested': ({ members }) => this.training.ensembleSelected(members),
    'learning-curve-requested': ({ epochs }) => this.learningCurve.run(epochs),
    'export-requested': () => this.bundles.exportSelected(),
    'bundle-opened': ({ name, bytes }) => this.bundles.open(name, bytes),
    'forecast-requested': ({ rows }) => this.bundles.forecast(rows),
    'onnx-check-requested': () => this.bundles.checkOnnx(),
    'reopened-model-kept': () => this.bundles.keepReopened(),
    'runs-deleted': ({ runIds }) => this.bundles.deleteRuns(runIds),
    'experiments-export-requested': ({ format }) => this.bundles.exportLog(format),
    'notice-dismissed': () => this.store.update({ notice: null }),
    'shared-link-dismissed': () => this.store.update({ sharedLink: null }),
  };

  /** Handles an intent event's detail; errors become a notice, never an unhandled rejection. */
  async handle<K extends keyof IntentMap>(type: K, detail: IntentMap[K]): Promise<void> {
    const handler = this.intents[type] as ((d: IntentMap[K]) => void | Promise<void>) | undefined;
    if (!handler) return;
    try {
      await handler(detail);
    } catch (error) {
      this.store.notify(errorText(error));
    }
  }
}
