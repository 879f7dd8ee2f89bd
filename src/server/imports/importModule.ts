/**
 * Assembles the admin's data import (wiring only): the import jobs, which run each upload's dry
 * run or commit in a process of its own, and their routes with the committed batches and their
 * rollback. Registered once among the API's routes (http/apiRoutes.ts); the jobs stop with the
 * server.
 */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../shared/api';
import { importRoutes } from '../http/routes/importRoutes';
import type { ServerContext } from '../http/serverContext';
import type { ServerStores } from '../store/serverStores';
import { ImportJobs } from './importJobs';

export interface ImportModuleDeps {
  context: ServerContext;
  stores: Pick<ServerStores, 'importTarget' | 'importBatches'>;
  /** Where uploads and problem files go. */
  dataDir: string;
  /** Largest accepted upload in bytes. */
  maxBytes: number;
  /** Rows were committed or rolled back: the server's copies of the register are stale. */
  onRegisterChanged: () => void;
}

/** Registers the routes; the caller closes the jobs returned with the server. */
export async function registerImportModule(
  app: FastifyInstance,
  deps: ImportModuleDeps,
): Promise<ImportJobs> {
  const { stores, onRegisterChanged } = deps;
  const jobs = new ImportJobs({
    dataDir: deps.dataDir,
    database: stores.importTarget,
    onCommitted: onRegisterChanged,
    maxBytes: deps.maxBytes,
  });
  await app.register(importRoutes, {
    prefix: API_PREFIX,
    context: deps.context,
    jobs,
    batches: {
      listBatches: (limit) => stores.importBatches.listBatches(limit),
      rollback: async (batchId, actor, at) => {
        const batch = await stores.importBatches.rollback(batchId, actor, at);
        onRegisterChanged();
        return batch;
      },
    },
  });
  return jobs;
}
