/**
 * Copies small files out of a local folder registry in worker threads (copy-worker.ts), each checked
 * against its object's hash and put in place under a temporary name. The main thread keeps one message
 * per file instead of half a dozen awaited file-system calls, and the copies run beside it. Workers start
 * on first use and stop after a quiet spell. Where no worker can start (the worker file missing from a
 * build, say), `copy` answers `unavailable` and the caller copies on the main thread as before.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CopyAnswer, CopyRequest } from './copy-protocol';

export type LocalCopyAnswer = DistributiveOmit<CopyAnswer, 'id'> | { status: 'unavailable' };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Workers stop after this long without a request. */
const IDLE_MS = 10_000;

interface Slot {
  worker: Worker;
  pending: Map<number, (answer: LocalCopyAnswer) => void>;
  /** Terminated by `close`: its exit is no failure. */
  stopping: boolean;
}

export class LocalCopyPool {
  private readonly slots: Slot[] = [];
  private next = 0;
  private nextId = 1;
  private broken = false;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly size = Math.max(1, Math.min(2, availableParallelism())),
    private readonly startOne: () => Worker = startWorker,
  ) {}

  copy(request: Omit<CopyRequest, 'id'>): Promise<LocalCopyAnswer> {
    if (this.broken) return Promise.resolve({ status: 'unavailable' });
    const slot = this.slot();
    if (!slot) return Promise.resolve({ status: 'unavailable' });
    clearTimeout(this.idle);
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, resolve);
      if (slot.pending.size === 1) slot.worker.ref(); // keeps the process alive for the answer
      slot.worker.postMessage({ ...request, id } satisfies CopyRequest);
    }).finally(() => this.armIdle()) as Promise<LocalCopyAnswer>;
  }

  /** Stops every worker; a later copy starts them again. */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const slots = this.slots.splice(0);
    for (const s of slots) s.stopping = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private slot(): Slot | null {
    if (this.slots.length < this.size) {
      try {
        this.slots.push(this.start());
      } catch {
        this.broken = true;
        return null;
      }
    }
    this.next = (this.next + 1) % this.slots.length;
    return this.slots[this.next];
  }

  private start(): Slot {
    const worker = this.startOne();
    worker.unref(); // referenced only while it owes answers: an idle pool never keeps the process alive
    const slot: Slot = { worker, pending: new Map(), stopping: false };
    let answered = false;
    worker.on('message', (answer: CopyAnswer) => {
      answered = true;
      const { id, ...rest } = answer;
      slot.pending.get(id)?.(rest);
      slot.pending.delete(id);
      if (slot.pending.size === 0) worker.unref();
    });
    const fail = (err: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.stopping && slot.pending.size === 0) return;
      // A worker that never answered could not start: stop trying, and copy on the main thread.
      if (!answered) this.broken = true;
      const answer: LocalCopyAnswer = answered
        ? { status: 'failed', message: `The copy worker stopped: ${err.message}` }
        : { status: 'unavailable' };
      for (const resolve of slot.pending.values()) resolve(answer);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return slot;
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    if (this.slots.some((s) => s.pending.size > 0)) return;
    this.idle = setTimeout(() => void this.close(), IDLE_MS);
    this.idle.unref();
  }
}

/**
 * The built app runs out/main/index.js with copy-worker.js beside it (electron.vite.config.ts). From
 * source (the web host, tests), Node 20 applies no `--import tsx` hooks to a worker's entry file, so a
 * one-line entry imports the TypeScript file through tsx's API.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./copy-worker.js', here));
  const entry = JSON.stringify(new URL('./copy-worker.ts', here).href);
  const code = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => tsx.tsImport(${entry}, ${entry}))`;
  return new Worker(code, { eval: true });
}

/** tsx's ESM API, found through its package's exports (a worker's eval code has no module to resolve from). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
}

/** The pool every dataset export shares. */
export const localCopies = new LocalCopyPool();
