/**
 * Starts a worker thread from a module beside this one. When the code runs from its TypeScript sources (tests,
 * `tsx`), the worker loads the `.ts` module through tsx; built, it loads the `.js` file.
 */
import { Worker } from 'node:worker_threads';

export function startSiblingWorker(moduleName: string, workerData: unknown): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const source = new URL(`./${moduleName}.ts`, import.meta.url).href;
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`, { eval: true, workerData });
  }
  return new Worker(new URL(`./${moduleName}.js`, import.meta.url), { workerData });
}
