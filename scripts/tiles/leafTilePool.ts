/**
 * Leaf tiles built on worker threads, so a city's tiles use every core: each worker takes the
 * next leaf as soon as it is free. The tiles are the same bytes as built in the calling thread
 * (the build is a pure function of the leaf's buildings); only the wall-clock time changes.
 * With one worker or fewer the pool builds in the calling thread (no thread to start).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../src/server/workerThreads';
import { buildLeafTile, type LeafTile } from './leafTile';
import type { BuildingSource } from './readBuildings';

export interface LeafJob {
  id: number;
  buildings: readonly BuildingSource[];
  meshopt: boolean;
}

export type LeafWorkerMessage =
  { kind: 'built'; id: number; leaf: LeafTile } | { kind: 'failed'; id: number; message: string };

const WORKER_ENTRY = new URL('./leafTileWorker.ts', import.meta.url);

/** One thread per core but one, left to the main thread (it reads, writes and hashes). */
export function defaultTileWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** TILE_WORKERS when set (a whole number, 1 or more), else one per core but one. */
export function tileWorkersFrom(env: NodeJS.ProcessEnv): number {
  const text = env.TILE_WORKERS;
  if (text === undefined || text === '') return defaultTileWorkers();
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(
      `TILE_WORKERS 须为不小于 1 的整数 / TILE_WORKERS must be a whole number, at least 1; got ${text}`,
    );
  return value;
}

interface Pending {
  resolve(leaf: LeafTile): void;
  reject(error: Error): void;
}

export class LeafTilePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ job: LeafJob; pending: Pending }> = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly meshopt: boolean,
  ) {
    if (size <= 1) return;
    for (let index = 0; index < size; index++) {
      const worker = startWorker(WORKER_ENTRY, null);
      worker.on('message', (message: LeafWorkerMessage) => this.answered(worker, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`tile worker stopped with exit code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  build(buildings: readonly BuildingSource[]): Promise<LeafTile> {
    if (this.workers.length === 0) return buildLeafTile(buildings, { meshopt: this.meshopt });
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<LeafTile>((resolve, reject) => {
      const job: LeafJob = { id: this.nextId++, buildings, meshopt: this.meshopt };
      this.waiting.push({ job, pending: { resolve, reject } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.clear();
    this.waiting.length = 0;
    const workers = this.workers.splice(0);
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const worker = this.idle.pop()!;
      const { job, pending } = this.waiting.shift()!;
      this.pending.set(job.id, pending);
      worker.postMessage(job);
    }
  }

  private answered(worker: Worker, message: LeafWorkerMessage): void {
    // After close (a failed build cleaning up) a late answer has nobody left to write it.
    if (this.closed) return;
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    this.idle.push(worker);
    if (pending !== undefined) {
      if (message.kind === 'built')
        pending.resolve({ ...message.leaf, glb: new Uint8Array(message.leaf.glb) });
      else pending.reject(new Error(`tile worker: ${message.message}`));
    }
    this.dispatch();
  }

  /** A worker that died takes the build down: every leaf waiting or in flight is refused. */
  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    for (const { pending } of this.waiting.splice(0)) pending.reject(error);
  }
}
