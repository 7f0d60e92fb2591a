import { describe, expect, it } from 'vitest';
import { MlClient, MlError } from '../../src/worker/ml-client.ts';

/** A worker from inline source, so the test controls exactly how it behaves. */
function inlineWorker(source: string): Worker {
  return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}

describe('MlClient', () => {
  it('reports a crashed worker to every pending call, restarts it, and works again', async () => {
    let started = 0;
    const client = new MlClient(() => {
      started++;
      // The first worker crashes on its first message; the replacement answers.
      return inlineWorker(
        started === 1
          ? 'self.onmessage = () => { throw new Error("out of memory"); };'
          : 'self.onmessage = (e) => self.postMessage({ kind: "result", id: e.data.id, payload: { numTensors: 7, numBytes: 0, models: 0 } });',
      );
    });
    const restarts: string[] = [];
    client.onRestart = (reason) => restarts.push(reason);
    const error = await client.call('memory', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlError);
    expect((error as MlError).code).toBe('worker-crashed');
    expect((error as MlError).message).toMatch(/The ML worker crashed .*out of memory.*restarted/);
    expect(started).toBe(2);
    expect(restarts).toHaveLength(1);
    await expect(client.call('memory', {})).resolves.toEqual({ numTensors: 7, numBytes: 0, models: 0 });
    client.terminate();
  });

  it('turns an AbortSignal into a cancel message for that request', async () => {
    const client = new MlClient(() =>
      inlineWorker(`
        const open = new Map();
        self.onmessage = (e) => {
          const m = e.data;
          if (m.kind === 'request') open.set(m.id, true);
          if (m.kind === 'cancel') self.postMessage({ kind: 'result', id: m.id, payload: { cancelled: m.id } });
        };`),
    );
    const controller = new AbortController();
    const pending = client.call('memory', {}, { signal: controller.signal });
    controller.abort();
    await expect(pending).resolves.toEqual({ cancelled: 1 });
    client.terminate();
  });

  it('passes progress to the caller and errors with their code', async () => {
    const client = new MlClient(() =>
      inlineWorker(`self.onmessage = (e) => {
        const id = e.data.id;
        self.postMessage({ kind: 'progress', id, payload: { kind: 'epoch', log: { epoch: 1 } } });
        self.postMessage({ kind: 'error', id, error: { name: 'CsvError', message: 'Line 3, column "x": bad.', code: 'non-numeric', row: 3, column: 'x' } });
      };`),
    );
    const seen: unknown[] = [];
    const error = (await client.call('train', { modelId: 'm', architecture: { kind: 'linear', units: 1, layers: 1, dropout: 0 }, training: { epochs: 1, batchSize: 1, learningRate: 0.1, optimizer: 'adam', patience: 0, seed: 1 } }, { onProgress: (p) => seen.push(p) }).catch((e: unknown) => e)) as MlError;
    expect(seen).toEqual([{ kind: 'epoch', log: { epoch: 1 } }]);
    expect(error.code).toBe('non-numeric');
    expect(error.row).toBe(3);
    expect(error.column).toBe('x');
    client.terminate();
  });
});
