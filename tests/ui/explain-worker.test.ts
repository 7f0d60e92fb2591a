import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/app/state.ts';
import { MlClient } from '../../src/worker/ml-client.ts';

describe('the ML worker: explainModel request', () => {
  it('gives every input its importance on validation, a linear model its weights, a GRU none, and frees what it made', async () => {
    const client = new MlClient();
    try {
      await client.call('init', { backend: 'wasm' });
      await client.call('loadDataset', { source: { kind: 'shipped', id: 'seattle' } });
      const prepared = await client.call('prepare', { spec: DEFAULT_SETTINGS.dataSpec });
      const training = { ...DEFAULT_SETTINGS.training, epochs: 2 };
      const linear = await client.call('train', { modelId: 'linear', architecture: { kind: 'linear', units: 1, layers: 1, dropout: 0 }, training });
      await client.call('train', { modelId: 'gru', architecture: { kind: 'gru', units: 8, layers: 1, dropout: 0 }, training: { ...training, epochs: 1 } });
      const before = await client.call('memory', {});
      const x = await client.call('explainModel', { modelId: 'linear' });
      expect(x.importance.map((i) => i.feature).sort()).toEqual([...prepared.featureNames].sort());
      expect(x.targetUnits).toBe('°C');
      expect(x.validationMae).toBeCloseTo(linear.result.bestValMae, 1);
      // The target's own past matters to a linear temperature model.
      expect(x.importance.find((i) => i.feature === 'temp_max')!.increase).toBeGreaterThan(0.1);
      expect(x.weights!.values[0]).toHaveLength(DEFAULT_SETTINGS.dataSpec.window.lookbackDays);
      expect(x.weights!.features).toEqual(prepared.featureNames);
      const g = await client.call('explainModel', { modelId: 'gru' });
      expect(g.weights).toBeNull();
      expect(g.importance).toHaveLength(prepared.featureNames.length);
      expect((await client.call('memory', {})).numTensors).toBe(before.numTensors);
      await expect(client.call('explainModel', { modelId: 'missing' })).rejects.toThrow(/not loaded|missing/i);
    } finally {
      client.terminate();
    }
  }, 60_000);
});
