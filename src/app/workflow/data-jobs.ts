/**
 * Data jobs: start-up (restoring the saved session, a shared link, the worker's backend), loading a
 * dataset, preparing its windows and describing the model. A newer request supersedes an older one:
 * only the latest may commit (see `LatestJob`).
 */
import { ARCHITECTURES } from '../../ml/architectures/specs.ts';
import type { BackendName } from '../../ml/backend.ts';
import type { DataSpec } from '../../ml/data/prepare.ts';
import type { DateOrder } from '../../ml/data/dates.ts';
import { roleOfTableColumn, type MappingOverride, type MappingOverrides } from '../../ml/data/mapping.ts';
import { datasetInfo } from '../../ml/datasets.ts';
import { defaultInputs } from '../../ml/data/inputs.ts';
import { defaultTarget } from '../../ml/data/roles.ts';
import { formatSetting } from '../../ml/settings/table.ts';
import { nextMacrotask } from '../../ml/next-macrotask.ts';
import { MlError } from '../../worker/ml-client.ts';
import type { DataSource, DatasetSummary } from '../../worker/protocol.ts';
import * as persistence from '../persistence.ts';
import { settingsFromQuery } from '../share-link.ts';
import { hasModel, keepSelection, selectedRun, type Settings } from '../state.ts';
import { LatestJob } from './latest-job.ts';
import { errorText, JobFamily } from './store.ts';

/** Adapts the data spec to a newly loaded dataset: keep what still fits, choose sensible defaults otherwise. */
export function specForDataset(previous: DataSpec, summary: DatasetSummary): DataSpec {
  const columns = Object.keys(summary.columns);
  const constant = new Set(summary.report.constantColumns);
  const usable = columns.filter((c) => !constant.has(c));
  // The daily maximum temperature wherever the file has one (TMAX, tmax, temperature_2m_max, Max Temp…).
  const target = usable.includes(previous.features.target)
    ? previous.features.target
    : (defaultTarget(usable, (c) => roleOfTableColumn(summary.mapping, c)) ?? usable[0] ?? columns[0]);
  const kept = previous.features.inputs.filter((c) => usable.includes(c));
  return {
    features: { target, inputs: kept.length > 0 ? kept : defaultInputs(usable), seasonal: previous.features.seasonal ?? true },
    window: previous.window,
    split: summary.defaultSplit,
  };
}

/** One line on what a shared link set up, e.g. "Seattle, WA, temp_max, 14 days → 1; GRU 1 × 32 units; adam lr 0.003, …". */
export function linkSummary(settings: Settings): string {
  const a = settings.architecture;
  const t = settings.training;
  const data = settings.dataSource.kind === 'shipped' ? datasetInfo(settings.dataSource.id).label : settings.dataSource.name;
  const model = ARCHITECTURES[a.kind].hasHiddenLayers ? `${ARCHITECTURES[a.kind].label} ${a.layers} × ${a.units} units` : ARCHITECTURES[a.kind].label;
  const w = settings.dataSpec.window;
  return `${data}, ${settings.dataSpec.features.target}, ${w.lookbackDays} days → ${w.horizonDays}; ${model}; ${t.optimizer} lr ${formatSetting('learningRate', t.learningRate)}, batch ${t.batchSize}, ${t.epochs} epochs, seed ${t.seed}; ${settings.backend} backend`;
}

export class DataJobs extends JobFamily {
  /** Loading a dataset and preparing its windows: one job, a new dataset supersedes a preparation under way. */
  private readonly data = new LatestJob();
  private readonly describe = new LatestJob();
  /** The last upload that failed to load: a date order chosen for it loads it again. */
  private failedUpload: Extract<DataSource, { kind: 'upload' }> | null = null;
  /** A shared link's column mapping, waiting for the upload it was made with. */
  private linkedMapping: MappingOverrides | null = null;

  /** Restores the saved session, applies a shared link's settings over it, and brings the worker to them. */
  async restore(link: string | undefined): Promise<void> {
    const restored = await persistence.restoreState();
    if (restored.problem) this.store.notify(restored.problem);
    if (restored.settings) this.store.update({ settings: restored.settings });
    if (link) this.applyLink(link, restored.settings);
    this.store.markSaved(restored.runs);
    this.store.update({ runs: restored.runs, selectedRunId: keepSelection(restored.runs, restored.selectedRunId) });
    await this.reloadWorker();
    void this.refreshMemory();
  }

  /**
   * A settings link pasted into a tab that already shows the app (only the hash changes, so the page
   * does not reload): applied exactly as on a fresh load, keeping the runs already there.
   */
  async applySharedLink(query: string): Promise<void> {
    const before = this.store.state.settings;
    this.applyLink(query, before);
    const after = this.store.state.settings;
    if (after.backend !== before.backend) await this.initBackend(after.backend);
    await this.loadDataset(after.dataSource, { keepSpec: true });
  }

  /** Takes the settings of a shared link; says what it set up and what it could not use. */
  private applyLink(query: string, saved: Settings | null): void {
    const linked = settingsFromQuery(query);
    let settings = linked.settings;
    const problems = [...linked.problems];
    if (linked.needsUpload) {
      const mapping = linked.mapping && Object.keys(linked.mapping).length > 0 ? linked.mapping : undefined;
      if (saved?.dataSource.kind === 'upload') {
        const dataSource = mapping ? { ...saved.dataSource, mapping } : saved.dataSource;
        settings = { ...settings, dataSource, dataSpec: { ...settings.dataSpec, split: saved.dataSpec.split } };
      } else {
        this.linkedMapping = mapping ?? null;
        problems.push(
          'The link was made with an uploaded file, which a link cannot carry: Seattle is loaded instead. Upload the same file in step 1' +
            (mapping ? '; the link’s column mapping will be applied to it' : '') +
            '; the other settings stay.',
        );
      }
    }
    this.store.setSettings(settings);
    this.store.update({ sharedLink: { summary: linkSummary(settings) } });
    if (problems.length > 0) this.store.notify('Part of the link could not be used.', problems.join(' '));
  }

  /** Brings a fresh worker to the current settings: backend, dataset, prepared data, saved models. */
  async reloadWorker(): Promise<void> {
    this.models.reset();
    const { settings } = this.store.state;
    await this.initBackend(settings.backend);
    await this.loadDataset(settings.dataSource, { keepSpec: true });
    const stored = await persistence.storedModelIds().catch(() => null);
    // Records without a model (search trials, transfer arms) stay; runs whose model is gone do not.
    const { runs } = this.store.state;
    const kept = stored ? runs.filter((r) => !hasModel(r) || stored.has(r.id)) : runs;
    if (kept.length !== runs.length) {
      this.store.update({ runs: kept, selectedRunId: keepSelection(kept, this.store.state.selectedRunId) });
      this.store.persistRuns();
    }
    const selected = selectedRun(this.store.state);
    if (selected) await this.models.ensureLive(selected.id).catch((error: unknown) => this.store.notify(errorText(error)));
  }

  async initBackend(backend: BackendName): Promise<void> {
    try {
      const r = await this.client.call('init', { backend });
      this.store.update({ backendInUse: r.backend, backendFellBack: r.fellBack });
    } catch (error) {
      this.store.notify(`TensorFlow.js could not start: ${errorText(error)}`);
    }
  }

  /** Re-reads the uploaded file with one column's role or unit changed (or reset), keeping the chosen features. */
  async changeMapping(column: string, override: MappingOverride | null): Promise<void> {
    const source = this.store.state.settings.dataSource;
    if (source.kind !== 'upload') return;
    const rest = Object.fromEntries(Object.entries(source.mapping ?? {}).filter(([c]) => c !== column));
    const mapping = override && (override.role !== undefined || override.unit !== undefined) ? { ...rest, [column]: override } : rest;
    await this.loadDataset({ ...source, mapping });
  }

  /** Loads the upload that needed its date order chosen, in that order. */
  async chooseDateOrder(order: DateOrder): Promise<void> {
    const source = this.failedUpload;
    if (source) await this.loadDataset({ ...source, dateOrder: order });
  }

  async loadDataset(requested: DataSource, options: { keepSpec?: boolean } = {}): Promise<void> {
    const s = this.store;
    // A shared link's column mapping applies to the next upload (a link cannot carry the file itself).
    const source = requested.kind === 'upload' && !requested.mapping && this.linkedMapping ? { ...requested, mapping: this.linkedMapping } : requested;
    s.update({ dataset: { ...s.state.dataset, status: 'running', error: null, reading: undefined } });
    await this.data.run(
      async () => {
        const summary = await this.client.call('loadDataset', { source }, {
          onProgress: ({ done, total }) => {
            if (s.state.dataset.status === 'running') s.update({ dataset: { ...s.state.dataset, reading: { name: source.kind === 'upload' ? source.name : 'the file', done, total } } });
          },
        });
        // Receiving a 50-year file's columns takes its own task; the page renders them in the next one
        // (both in one made a long task of 50–80 ms).
        await nextMacrotask();
        return summary;
      },
      async (summary) => {
        const spec = options.keepSpec ? s.state.settings.dataSpec : specForDataset(s.state.settings.dataSpec, summary);
        this.failedUpload = null;
        if (source.kind === 'upload') this.linkedMapping = null;
        s.update({ dataset: { status: 'done', summary, error: null } });
        s.setSettings({ ...s.state.settings, dataSource: source, dataSpec: spec });
        await this.prepare(spec);
      },
      (error) => {
        const e = error instanceof MlError ? { name: error.name, message: error.message, code: error.code, row: error.row, column: error.column, hint: error.hint } : { name: 'Error', message: errorText(error) };
        this.failedUpload = source.kind === 'upload' ? source : null;
        // The previous dataset (if any) stays loaded in the worker and on screen.
        s.update({ dataset: { ...s.state.dataset, status: s.state.dataset.summary ? 'done' : 'error', error: e, reading: undefined } });
      },
    );
  }

  async prepare(spec: DataSpec): Promise<void> {
    const s = this.store;
    s.update({ prepared: { ...s.state.prepared, status: 'running', error: null } });
    await this.data.run(
      () => this.client.call('prepare', { spec }),
      async (summary) => {
        s.update({ prepared: { status: 'done', summary, error: null } });
        await this.describeModel();
      },
      (error) => s.update({ prepared: { status: 'error', summary: null, error: errorText(error) } }),
    );
  }

  /** Prepares `spec` unless it is what the worker holds already (a search around a run needs that run's windows). */
  async useSpec(spec: DataSpec): Promise<void> {
    const current = this.store.state.settings.dataSpec;
    if (JSON.stringify(current) === JSON.stringify(spec) && this.store.state.prepared.status === 'done') return;
    this.store.setSettings({ ...this.store.state.settings, dataSpec: spec });
    await this.prepare(spec);
  }

  async describeModel(): Promise<void> {
    const s = this.store;
    s.update({ model: { ...s.state.model, status: 'running', error: null } });
    const { training, architecture } = s.state.settings;
    await this.describe.run(
      () => this.client.call('describeModel', { architecture, seed: training.seed, intervals: training.intervals === true }),
      (description) => s.update({ model: { status: 'done', description, error: null } }),
      (error) => s.update({ model: { status: 'error', description: null, error: errorText(error) } }),
    );
  }
}
