/**
 * Bundle jobs: exporting the selected run as a zip, reopening a zip on the Export step (checking
 * its test vectors, forecasting, adding it to the runs), deleting runs, and exporting the log.
 */
import type { ModelMetadata, RawRow, TestVector } from '../../ml/export/bundle.ts';
import { BUNDLE_FILES } from '../../ml/export/format.ts';
import { withManifest } from '../../ml/export/manifest.ts';
import { experimentsCsv, experimentsJson } from '../experiments.ts';
import { downloadFile, unzipBundle, zipBundle } from '../files.ts';
import * as persistence from '../persistence.ts';
import { usageSnippets } from '../snippets.ts';
import { checkOnnxInPage } from '../onnx-check.ts';
import { INITIAL_STATE, keepSelection, selectedRun, type WorkflowState } from '../state.ts';
import { LatestJob } from './latest-job.ts';
import { bundleFileName, exportRequest, reopenedRun } from './run-records.ts';
import { errorText, JobFamily } from './store.ts';

export class BundleJobs extends JobFamily {
  private readonly onnxJob = new LatestJob();
  /** What the ONNX check of the reopened zip needs (its bytes stay out of the state). */
  private onnxSource: { modelId: string; onnx: Uint8Array; metadata: ModelMetadata; vectors: TestVector[] } | null = null;

  /** Downloads the selected run as the zip a software engineer receives. */
  async exportSelected(): Promise<void> {
    const s = this.store;
    const run = selectedRun(s.state);
    if (!run) return;
    s.update({ exporting: { status: 'running', fileName: null, error: null } });
    try {
      await this.models.ensureLive(run.id);
      const files = await this.client.call('exportBundle', exportRequest(run, s.state.dataset.summary?.sourceDescription));
      const fileName = bundleFileName(run);
      const json = (name: string) => JSON.parse(new TextDecoder().decode(files[name])) as unknown;
      const bundle = { metadata: json(BUNDLE_FILES.metadata) as ModelMetadata, testVectors: json(BUNDLE_FILES.testVectors) as TestVector[] };
      const snippets = Object.entries(await usageSnippets(bundle)).map(([name, text]) => [name, new TextEncoder().encode(text)] as const);
      // The manifest covers the snippets too: every file of the zip has its SHA-256.
      downloadFile(fileName, zipBundle(await withManifest({ ...files, ...Object.fromEntries(snippets) })));
      s.update({ exporting: { status: 'done', fileName, error: null } });
    } catch (error) {
      s.update({ exporting: { status: 'error', fileName: null, error: errorText(error) } });
    }
  }

  /** Opens a zip: the worker verifies its test vectors, then it forecasts from the latest data. */
  async open(name: string, bytes: Uint8Array): Promise<void> {
    const s = this.store;
    // The model opened before is let go of, unless it was added to the runs.
    const previous = s.state.useIt.kept ? null : s.state.useIt.modelId;
    s.update({ useIt: { ...INITIAL_STATE.useIt, status: 'running', fileName: name } });
    if (previous) void this.client.call('disposeModel', { modelId: previous }).catch(() => undefined);
    try {
      const files = unzipBundle(bytes);
      const modelId = `imported-${Date.now().toString(36)}`;
      const imported = await this.client.call('importBundle', { modelId, files });
      const onnx = files[BUNDLE_FILES.onnx];
      this.onnxSource = onnx ? { modelId, onnx, metadata: imported.metadata, vectors: JSON.parse(new TextDecoder().decode(files[BUNDLE_FILES.testVectors])) as TestVector[] } : null;
      s.update({ useIt: { status: 'done', fileName: name, modelId, imported, forecast: null, error: null, files, kept: false, onnx: { ...INITIAL_STATE.useIt.onnx, available: Boolean(onnx) } } });
      await this.forecast(undefined);
    } catch (error) {
      s.update({ useIt: { ...INITIAL_STATE.useIt, status: 'error', fileName: name, error: errorText(error) } });
    }
  }

  /**
   * Runs the reopened bundle's model.onnx in the page with onnxruntime-web (loaded now, not before) and
   * replays its test vectors; a zip opened meanwhile supersedes the check.
   */
  async checkOnnx(): Promise<void> {
    const s = this.store;
    const source = this.onnxSource;
    if (!source || s.state.useIt.modelId !== source.modelId) return;
    const onnxState = (onnx: Partial<WorkflowState['useIt']['onnx']>) => {
      if (s.state.useIt.modelId === source.modelId) s.update({ useIt: { ...s.state.useIt, onnx: { ...s.state.useIt.onnx, ...onnx } } });
    };
    onnxState({ status: 'running', error: null });
    await this.onnxJob.run(
      () => checkOnnxInPage(source.onnx, source.metadata, source.vectors),
      ({ check, runtime }) => onnxState({ status: 'done', check, runtime }),
      (error) => onnxState({ status: 'error', check: null, error: errorText(error) }),
    );
  }

  /** Forecasts with the reopened model, from the latest data or rows typed by hand. */
  async forecast(rows: RawRow[] | undefined): Promise<void> {
    const s = this.store;
    const modelId = s.state.useIt.modelId;
    if (!modelId) return;
    try {
      // A kept model is a run: the least-recently-used limit may have moved it out of the worker.
      if (s.state.useIt.kept) await this.models.ensureLive(modelId);
      const forecast = await this.client.call('forecast', { modelId, rows });
      s.update({ useIt: { ...s.state.useIt, forecast, error: null } });
    } catch (error) {
      s.update({ useIt: { ...s.state.useIt, error: errorText(error) } });
    }
  }

  /** Adds the reopened model to the runs, so it can be evaluated, fine-tuned and exported. */
  async keepReopened(): Promise<void> {
    const s = this.store;
    const u = s.state.useIt;
    const imported = u.imported;
    if (!u.modelId || !imported || !u.files) return;
    if (!imported.evaluation) throw new Error(`This model cannot be added to your runs: ${imported.evaluationProblem ?? 'it could not be evaluated on the current data.'} Load a dataset with its columns in step 1.`);
    if (s.state.runs.some((r) => r.id === u.modelId)) return;
    const run = reopenedRun(u.modelId, u.fileName, imported, s.state);
    await persistence.saveModel(run.id, u.files);
    // The worker holds it under this id already; the "use it" panel keeps using it, now as a run.
    s.update({ runs: [...s.state.runs, run], selectedRunId: run.id, useIt: { ...s.state.useIt, files: null, kept: true } });
    this.models.markLive(run.id);
    s.persistRuns();
  }

  /** Deletes runs, their saved models and, if it was one of them, the reopened model. */
  async deleteRuns(runIds: readonly string[]): Promise<void> {
    const s = this.store;
    const doomed = new Set(runIds);
    const runs = s.state.runs.filter((r) => !doomed.has(r.id));
    if (runs.length === s.state.runs.length) return;
    const selectedRunId = keepSelection(runs, s.state.selectedRunId);
    // A reopened zip that was added to the runs and is now deleted leaves the "use it" panel too.
    const useIt = s.state.useIt.modelId && doomed.has(s.state.useIt.modelId) ? INITIAL_STATE.useIt : s.state.useIt;
    s.update({ runs, selectedRunId, useIt });
    s.persistRuns();
    // persistRuns deleted their records and models from storage.
    for (const id of doomed) this.models.forget(id);
    if (selectedRunId) await this.models.ensureLive(selectedRunId); // a no-op unless the selection moved to an evicted model
    void this.refreshMemory();
  }

  /** Downloads the experiment log as CSV or JSON. */
  exportLog(format: 'csv' | 'json'): void {
    const stamp = new Date().toISOString().slice(0, 10);
    const text = format === 'csv' ? experimentsCsv(this.store.state.runs) : experimentsJson(this.store.state.runs);
    downloadFile(`weather-experiments-${stamp}.${format}`, new TextEncoder().encode(text), format === 'csv' ? 'text/csv' : 'application/json');
  }
}
