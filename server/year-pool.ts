// A pool of worker threads for year-ends, so that resolving a room's year (and serialising its
// snapshot) never blocks the event loop that answers every other room. Generic: a job names a task of
// server/year-tasks.ts and posts a structured-clonable input (typed arrays in `transfer` are moved, not
// copied); it resolves with the task's output.
//
// Failure: a job whose worker dies (a crash, an out-of-memory exit, a terminate) is run again on the
// main thread (unless it transferred its input away), so it still completes with the same (pure, deterministic) result, and the dead worker is
// replaced by a fresh one. A task that throws rejects its job; the worker lives on. The server never
// dies of a worker.
//
// Works under tsx (dev, tests: the worker runs server/year-worker.ts through tsx's loader) and in the
// esbuild-built server (scripts/build-server.mjs bundles dist/server/year-worker.js beside main.js).
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { type Transferable, Worker } from "node:worker_threads";
import { runYearTask, type YearTaskInput, type YearTaskName, type YearTaskOutput } from "./year-tasks.js";
import type { YearJobMessage, YearJobReply } from "./year-worker.js";

export interface YearPoolOptions {
  /** Worker threads (default: the cores but one, at least 1). */
  size?: number;
  /** The worker's entry (default: year-worker beside this module). Tests pass their own. */
  workerUrl?: URL;
  /** Called when a worker dies; the default writes one line to stderr. */
  onWorkerExit?: (info: { code: number; error?: Error; job?: string }) => void;
}

interface Job {
  id: number;
  task: YearTaskName;
  input: unknown;
  transfer: Transferable[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export interface YearPoolStats {
  workers: number;
  busy: number;
  queued: number;
  /** Jobs finished in a worker, on the main thread after a worker died, and workers that died. */
  done: number;
  fellBack: number;
  crashes: number;
}

const HERE = import.meta.url;
/** True when this module runs as TypeScript source (tsx, vitest), false in the built server. */
const FROM_SOURCE = /\.ts$/.test(new URL(HERE).pathname);

export function defaultWorkerUrl(): URL {
  return new URL(FROM_SOURCE ? "./year-worker.ts" : "./year-worker.js", HERE);
}

/** A TypeScript worker starts through tsx's loader, registered in the worker's own thread; a built one
 * is started as it is. */
export function startWorker(url: URL, workerData?: unknown): Worker {
  if (!url.pathname.endsWith(".ts")) return new Worker(url, { workerData });
  // tsx's ESM API (its package exports give require() the CommonJS build, so it is found beside "tsx/esm").
  const tsx = new URL("./api/index.mjs", pathToFileURL(createRequire(HERE).resolve("tsx/esm"))).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export class YearPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly url: URL;
  private readonly size: number;
  private readonly onWorkerExit: NonNullable<YearPoolOptions["onWorkerExit"]>;
  private nextId = 1;
  private closed = false;
  private readonly counts = { done: 0, fellBack: 0, crashes: 0 };

  constructor(options: YearPoolOptions = {}) {
    this.url = options.workerUrl ?? defaultWorkerUrl();
    this.size = Math.max(1, Math.floor(options.size ?? Math.max(1, availableParallelism() - 1)));
    this.onWorkerExit =
      options.onWorkerExit ??
      ((info) =>
        console.error(
          `year pool: a worker exited (code ${info.code}${info.error ? `, ${info.error.message}` : ""})${info.job ? `; its ${info.job} job runs on the main thread` : ""}`,
        ));
  }

  /** Runs a task in a worker; resolves with its output (or rejects with the error the task threw). */
  run<K extends YearTaskName>(
    task: K,
    input: YearTaskInput<K>,
    transfer: Transferable[] = [],
  ): Promise<YearTaskOutput<K>> {
    if (this.closed) return Promise.reject(new Error("year pool closed"));
    return new Promise<YearTaskOutput<K>>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        task,
        input,
        transfer,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.pump();
    });
  }

  stats(): YearPoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      ...this.counts,
    };
  }

  /** Stops the workers; queued jobs and jobs in flight are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error("year pool closed"));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      s.job?.reject(new Error("year pool closed"));
      s.job = null;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.job = job;
      const message: YearJobMessage = { id: job.id, task: job.task, input: job.input };
      try {
        slot.worker.postMessage(message, job.transfer);
      } catch (e) {
        // The input cannot be cloned (a bug of the caller): the job fails, the worker stays.
        slot.job = null;
        job.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  private spawn(): Slot {
    const worker = startWorker(this.url);
    const slot: Slot = { worker, job: null };
    // A worker with no job must not keep the process alive.
    worker.unref();
    worker.on("message", (reply: YearJobReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      this.counts.done++;
      if (reply.ok) job.resolve(reply.output);
      else job.reject(new Error(reply.error));
      this.pump();
    });
    let error: Error | undefined;
    worker.on("error", (e) => {
      error = e;
    });
    worker.on("exit", (code) => {
      const k = this.slots.indexOf(slot);
      if (k >= 0) this.slots.splice(k, 1);
      if (this.closed) return;
      this.counts.crashes++;
      const job = slot.job;
      slot.job = null;
      this.onWorkerExit({ code, error, job: job?.task });
      if (job) this.fallBack(job);
      // A fresh worker takes the next queued job.
      this.pump();
    });
    this.slots.push(slot);
    return slot;
  }

  /** Runs a job whose worker died on the main thread, in a later turn of the loop. A job that moved
   * (transferred) buffers to the dead worker no longer has them: it is rejected, for its caller to
   * post again. */
  private fallBack(job: Job): void {
    if (job.transfer.length > 0) {
      job.reject(new Error("year pool: the worker died holding the job's transferred input"));
      return;
    }
    this.counts.fellBack++;
    setImmediate(() => {
      try {
        job.resolve(runYearTask(job.task, job.input as never));
      } catch (e) {
        job.reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }
}
