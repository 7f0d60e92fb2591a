/**
 * One "latest job" helper for every asynchronous job of the workflow (after `@lit/task`): starting a
 * call aborts the previous one of the same job, and only the latest call may commit its result, so a
 * slow answer to an old request can never overwrite a newer one. Replaces a counter and an
 * `AbortController` per job.
 */

/** One call of a job: its signal, and whether it is still the latest. */
export interface JobTicket {
  readonly signal: AbortSignal;
  /** False once a newer call of the same job has started. A stopped call (`abort`) is still the latest: it commits what it has. */
  isLatest(): boolean;
}

export class LatestJob {
  private controller: AbortController | null = null;
  private calls = 0;

  /** Whether a call is under way (started and neither finished nor aborted). */
  get running(): boolean {
    return this.controller !== null;
  }

  /** Starts a call; the previous call is aborted and may no longer commit. */
  start(): JobTicket {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const id = ++this.calls;
    return { signal: controller.signal, isLatest: () => id === this.calls };
  }

  /**
   * Runs `work` as the latest call: `commit` gets its result and `fail` its error, each only while the
   * call is still the latest. Resolves when the work has settled, whatever happened.
   */
  async run<T>(work: (signal: AbortSignal) => Promise<T>, commit: (result: T, ticket: JobTicket) => void | Promise<void>, fail: (error: unknown) => void): Promise<void> {
    const ticket = this.start();
    try {
      const result = await work(ticket.signal);
      if (ticket.isLatest()) await commit(result, ticket);
    } catch (error) {
      if (ticket.isLatest()) fail(error);
    } finally {
      this.settle(ticket);
    }
  }

  /** Marks a call as finished (the job is no longer running unless a newer call is). */
  settle(ticket: JobTicket): void {
    if (this.controller?.signal === ticket.signal) this.controller = null;
  }

  /** Stops the call under way, if any: its work sees the signal; it stays the latest and may commit. */
  abort(): void {
    this.controller?.abort();
    this.controller = null;
  }
}
