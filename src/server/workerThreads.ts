/**
 * Starting a worker thread from a module that may be TypeScript: the sources run through tsx
 * (npm start, tests, scripts), and a worker thread does not inherit the loader that runs its
 * parent, so a `.ts` entry is loaded through tsx's ESM API; a built `.js` entry starts as it is.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** The module URL of tsx's ESM API, which loads a .ts worker entry. */
function tsxApiUrl(): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve('tsx/esm/api');
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(packageJson), 'dist/esm/api/index.mjs')).href;
}

/** `resourceLimits`: a cap on the thread's heap, where its own memory must stay small. */
export function startWorker(entry: URL, data: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!entry.pathname.endsWith('.ts'))
    return new Worker(entry, { workerData: data, resourceLimits });
  const href = JSON.stringify(entry.href);
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((api) => api.tsImport(${href}, ${href}))`;
  return new Worker(code, { eval: true, workerData: data, resourceLimits });
}
