/**
 * Resident searches off the event loop: a few worker threads, each with its own read-only
 * database connection. A search waits in a bounded queue (full: refused at once, 503), and
 * gives up after a timeout (503); a worker still busy with a timed-out search is replaced, so
 * one runaway query never holds a slot.
 */
import type { Worker } from 'node:worker_threads';
import type { SearchPageRequest, SearchPageResult } from '../registry/registryRecords';
import type { SearchCriteria } from '../registry/registryRepository';
import { SearchUnavailableError, type ResidentSearcher } from '../registry/residentSearcher';
import { startWorker } from '../workerThreads';
import type { SearchJobMessage, SearchWorkerData, SearchWorkerMessage } from './searchProtocol';

export interface SearchPoolOptions {
  dbPath: string;
  /** Worker threads. */
  size: number;
  /** From the request to the answer, queue included. */
  timeoutMs: number;
  /** Searches waiting for a free worker before more are refused. */
  maxQueued: number;
}

export const DEFAULT_SEARCH_WORKERS = 2;
export const DEFAULT_SEARCH_TIMEOUT_MS = 5_000;
export const DEFAULT_SEARCH_QUEUE = 64;
/** A worker that died is replaced after this pause, so a broken start does not spin. */
const RESPAWN_DELAY_MS = 1_000;

const WORKER_ENTRY = new URL('./searchWorker.ts', import.meta.url);

type SearchAnswer = SearchPageResult;

interface Job {
  message: SearchJobMessage;
  resolve(result: SearchAnswer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  slot: Slot | null;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  /** Replaced or closed: its exit is expected. */
  retired: boolean;
}

export class SearchWorkerPool implements ResidentSearcher {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private completedCount = 0;

  constructor(private readonly options: SearchPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new Error(`search pool size must be a positive integer, got ${options.size}`);
    for (let index = 0; index < options.size; index++) this.slots.push(this.spawn());
  }

  /** Searches answered by a worker so far (tests check the work left the event loop). */
  get completed(): number {
    return this.completedCount;
  }

  /** Resolves once every worker has opened its connection. */
  async whenReady(): Promise<void> {
    while (!this.closed && this.slots.some((slot) => !slot.ready)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  search(criteria: SearchCriteria, scopes: readonly string[], page: SearchPageRequest) {
    if (this.closed) return Promise.reject(new Error('the search pool is closed'));
    if (this.queue.length >= this.options.maxQueued)
      return Promise.reject(new SearchUnavailableError('busy'));
    return new Promise<SearchAnswer>((resolve, reject) => {
      const job: Job = {
        message: { id: this.nextId++, criteria, scopes: [...scopes], page },
        resolve,
        reject,
        timer: setTimeout(() => this.expire(job), this.options.timeoutMs),
        slot: null,
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new Error('the search pool closed'));
    await Promise.all(
      this.slots.map((slot) => {
        slot.retired = true;
        if (slot.job !== null) this.settle(slot.job, new Error('the search pool closed'));
        return slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const slot: Slot = {
      worker: startWorker(WORKER_ENTRY, { dbPath: this.options.dbPath } satisfies SearchWorkerData),
      ready: false,
      job: null,
      retired: false,
    };
    slot.worker.on('message', (message: SearchWorkerMessage) => this.onMessage(slot, message));
    // An 'error' is followed by 'exit'; the exit replaces the worker.
    slot.worker.on('error', () => undefined);
    slot.worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job !== null || slot.retired) continue;
      const job = this.queue.shift()!;
      job.slot = slot;
      slot.job = job;
      slot.worker.postMessage(job.message);
    }
  }

  private onMessage(slot: Slot, message: SearchWorkerMessage): void {
    if (message.kind === 'ready') {
      slot.ready = true;
      this.dispatch();
      return;
    }
    const job = slot.job;
    if (job === null || job.message.id !== message.id) return;
    slot.job = null;
    this.completedCount++;
    if (message.kind === 'result') this.settle(job, null, message.result);
    else this.settle(job, new Error(`search failed: ${message.message}`));
    this.dispatch();
  }

  private onExit(slot: Slot): void {
    if (slot.retired || this.closed) return;
    slot.retired = true;
    if (slot.job !== null) this.settle(slot.job, new Error('the search worker stopped'));
    setTimeout(() => this.replace(slot), RESPAWN_DELAY_MS).unref();
  }

  /** A timed-out search: dropped from the queue, or its worker replaced. */
  private expire(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = job.slot;
    this.settle(job, new SearchUnavailableError('timeout'));
    if (slot !== null && slot.job === job) {
      slot.retired = true;
      slot.job = null;
      void slot.worker.terminate();
      this.replace(slot);
    }
  }

  private replace(slot: Slot): void {
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
    this.dispatch();
  }

  private settle(job: Job, error: Error | null, result?: SearchAnswer): void {
    clearTimeout(job.timer);
    if (error === null) job.resolve(result!);
    else job.reject(error);
  }
}
