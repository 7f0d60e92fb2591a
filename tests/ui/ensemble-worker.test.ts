import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/app/state.ts';
import { exportRequest, ensembleRecord } from '../../src/app/workflow/run-records.ts';
import { MlClient } from '../../src/worker/ml-client.ts';

describe('the ML worker: ensemble request', () => {
  it('trains 2 seeds of a run on its data, keeps their average under a model id that export, import and forecast use, and frees it', async () => {
    const client = new MlClient();
    try {
      await client.call('init', { backend: 'wasm' });
      await client.call('loadDataset', { source: { kind: 'shipped', id: 'seattle' } });
      await client.call('prepare', { spec: DEFAULT_SETTINGS.dataSpec });
      const architecture = { kind: 'linear' as const, units: 1, layers: 1, dropout: 0 };
      const training = { ...DEFAULT_SETTINGS.training, epochs: 2 };
      const parent = await client.call('train', { modelId: 'parent', architecture, training });
      const before = await client.call('memory', {});
      const progress: { member: number; epoch: number }[] = [];
      const outcome = await client.call('ensemble', { fromModelId: 'parent', modelId: 'ens', architecture, training, members: 2 }, { onProgress: (p) => progress.push({ member: p.member, epoch: p.log.epoch }) });
      expect(progress).toEqual([{ member: 0, epoch: 1 }, { member: 0, epoch: 2 }, { member: 1, epoch: 1 }, { member: 1, epoch: 2 }]);
      expect(outcome.members.map((m) => m.seed)).toEqual([training.seed, training.seed + 1]);
      // Member 1 is the parent's own recipe (same seed, data and settings): the same validation MAE.
      expect(outcome.members[0].valMae).toBeCloseTo(parent.result.bestValMae, 5);
      expect(outcome.evaluation!.model.mae).toBeGreaterThan(0);
      expect(outcome.description!.layers.at(-1)!.type).toBe('Average');

      const from = { id: 'parent', label: 'Linear · train #1', kind: 'train' as const, createdAt: '', datasetLabel: 'Seattle', dataSpec: DEFAULT_SETTINGS.dataSpec, architecture, training, backend: 'wasm', history: parent.history, result: parent.result, evaluation: parent.evaluation, description: parent.description };
      const run = ensembleRecord(from, { id: 'ens', training, backend: 'wasm' }, outcome);
      expect(run.label).toBe(`Linear · train #1 → average of 2 seeds (${training.seed}–${training.seed + 1})`);
      const files = await client.call('exportBundle', exportRequest(run, 'NOAA'));
      const metadata = JSON.parse(new TextDecoder().decode(files['metadata.json']));
      expect(metadata.ensemble.seeds).toEqual([training.seed, training.seed + 1]);
      expect(metadata.lineage).toEqual(['Linear · train #1', `average of 2 seeds (${training.seed}–${training.seed + 1})`]);
      const imported = await client.call('importBundle', { modelId: 'reopened', files });
      expect(imported.check.passed).toBe(true);
      expect(imported.evaluation!.model.mae).toBeCloseTo(outcome.evaluation!.model.mae, 4);
      const forecast = await client.call('forecast', { modelId: 'ens' });
      expect(forecast.values).toHaveLength(1);

      await client.call('disposeModel', { modelId: 'reopened' });
      const { numTensors } = await client.call('disposeModel', { modelId: 'ens' });
      expect(numTensors).toBe(before.numTensors);
    } finally {
      client.terminate();
    }
  }, 60_000);
});
