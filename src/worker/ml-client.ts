/**
 * The page's side of the ML worker: one listener, one promise per request, progress callbacks,
 * `AbortSignal` → cancel message, and worker crashes surfaced as errors (the worker is restarted).
 */
import type { FromWorker, Protocol, RequestType, SerializedError, ToWorker } from './protocol.ts';

/** An error raised in the worker, with its code and location when it has them. */
export class MlError extends Error {
  readonly code?: string;
  readonly row?: number;
  readonly column?: string;
  readonly hint?: string;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    this.code = error.code;
    this.row = error.row;
    this.column = error.column;
    this.hint = error.hint;
  }
}

export interface CallOptions<P> {
  onProgress?: (progress: P) => void;
  signal?: AbortSignal;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: unknown) => void;
}

export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () => new Worker(new URL('./ml-worker.ts', import.meta.url), { type: 'module', name: 'ml-worker' });

export class MlClient {
  private worker!: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Called after a crashed worker was replaced: its state (dataset, models) is gone. */
  onRestart: ((reason: string) => void) | null = null;

  constructor(private readonly factory: WorkerFactory = defaultFactory) {
    this.start();
  }

  private start(): void {
    this.worker = this.factory();
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.handleMessage(event.data);
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.crash(event.message || 'the ML worker stopped unexpectedly');
    };
    this.worker.onmessageerror = () => this.crash('a message from the ML worker could not be read');
  }

  private crash(reason: string): void {
    const error = new MlError({ name: 'WorkerCrashed', message: `The ML worker crashed (${reason}). It has been restarted; run the step again.`, code: 'worker-crashed' });
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.worker.terminate();
    this.start();
    this.onRestart?.(reason);
  }

  private handleMessage(message: FromWorker): void {
    if (message.kind === 'ready') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.kind === 'progress') {
      pending.onProgress?.(message.payload);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'result') pending.resolve(message.payload);
    else pending.reject(new MlError(message.error));
  }

  /** Sends a request; resolves with its response. Aborting `signal` asks the worker to stop it. */
  call<K extends RequestType>(
    type: K,
    payload: Protocol[K]['request'],
    options: CallOptions<Protocol[K]['progress']> = {},
  ): Promise<Protocol[K]['response']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress as (p: unknown) => void });
      const message: ToWorker = { kind: 'request', id, type, payload };
      this.worker.postMessage(message);
      options.signal?.addEventListener('abort', () => this.worker.postMessage({ kind: 'cancel', id } satisfies ToWorker), { once: true });
    });
  }

  terminate(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new MlError({ name: 'AbortError', message: 'The ML worker was stopped.' }));
    this.pending.clear();
  }
}
