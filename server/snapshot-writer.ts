// SQLite snapshot writes in a thread of their own. A year's snapshot is a few hundred kilobytes, and a
// write (with the WAL's checkpoints and their fsync) blocked the event loop for milliseconds, at worst
// for hundreds under a loaded disk, in the seconds after a bell when every room saves its year. Here the
// main thread keeps a connection for reads (restores see committed rows; the snapshot queue serves
// what is still being written), and a writer thread (the year worker's entry, server/year-worker.ts,
// started with role "snapshots") owns the writes: the row's text is posted, the write's promise
// resolves once it is committed.
//
// If the writer thread dies, its writes in flight fail (the queue reports them) and later writes are
// made on the main thread, as before. CQ_SNAPSHOT_THREAD=0 writes on the main thread from the start;
// an in-memory database (":memory:") always does (another thread would open another database).
import type { MessagePort, Worker } from "node:worker_threads";
import { defaultDbPath, type SnapshotRow, SnapshotStore, snapshotRow } from "./sqlite-store.js";
import type { RoomSnapshot, SnapshotStorage } from "./storage.js";
import { defaultWorkerUrl, startWorker } from "./year-pool.js";

/** What the writer thread is sent, and what it answers. */
type WriterAsk = { kind: "save"; row: SnapshotRow } | { kind: "prune"; cutoff: number };
export type WriterRequest = WriterAsk & { id: number };
export type WriterReply =
  | { id: number; ok: true; changes?: number }
  | { id: number; ok: false; error: string };

export function writerThreadWanted(path = defaultDbPath()): boolean {
  return process.env.CQ_SNAPSHOT_THREAD !== "0" && path !== ":memory:";
}

/** The writer thread's side: serves writes to the database at `path` until the thread is ended. */
export function serveSnapshotWrites(port: MessagePort, path: string): void {
  const store = new SnapshotStore(path);
  port.on("message", (m: WriterRequest) => {
    let reply: WriterReply;
    try {
      if (m.kind === "save") {
        store.saveRow(m.row);
        reply = { id: m.id, ok: true };
      } else reply = { id: m.id, ok: true, changes: store.deleteOlderThan(m.cutoff) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}

/** The SQLite store with its writes in the writer thread. */
export class ThreadedSnapshotStore implements SnapshotStorage {
  readonly where: string;
  /** Reads (and writes, once the writer thread is gone). */
  private readonly reader: SnapshotStore;
  private worker: Worker | null;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (r: WriterReply) => void; reject: (e: Error) => void }
  >();
  /** Requests sent to the thread and not answered yet (settled either way). */
  private readonly inFlight = new Set<Promise<void>>();
  /** Writes made by the thread, and writes made here after it died (tests, /api/health). */
  readonly counts = { threaded: 0, onMain: 0 };

  constructor(path = defaultDbPath()) {
    // The main connection creates the table before the thread opens the database.
    this.reader = new SnapshotStore(path);
    this.where = this.reader.where;
    const worker = startWorker(defaultWorkerUrl(), { role: "snapshots", path });
    worker.unref();
    worker.on("message", (r: WriterReply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      w?.resolve(r);
    });
    worker.on("error", (e) => console.error("snapshot writer thread failed:", e));
    worker.on("exit", (code) => {
      if (this.worker === worker) {
        this.worker = null;
        if (code !== 0)
          console.error(`snapshot writer thread exited (code ${code}); writing on the main thread`);
      }
      for (const w of this.waiting.values()) w.reject(new Error("snapshot writer thread exited"));
      this.waiting.clear();
    });
    this.worker = worker;
  }

  /** The writer thread, for tests. */
  get thread(): Worker | null {
    return this.worker;
  }

  private ask(m: WriterAsk): Promise<WriterReply> {
    const worker = this.worker as Worker;
    const id = this.nextId++;
    // The thread keeps the process alive while it holds writes (a shutdown awaits them), not otherwise.
    if (this.waiting.size === 0) worker.ref();
    const reply = new Promise<WriterReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...m, id });
    });
    const settled = reply.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => {
      this.inFlight.delete(settled);
      if (this.waiting.size === 0) this.worker?.unref();
    });
    return reply;
  }

  async save(s: RoomSnapshot): Promise<void> {
    const row = snapshotRow(s);
    if (!this.worker) {
      this.reader.saveRow(row);
      this.counts.onMain++;
      return;
    }
    const r = await this.ask({ kind: "save", row });
    if (!r.ok) throw new Error(r.error);
    this.counts.threaded++;
  }

  load(code: string): RoomSnapshot | null {
    return this.reader.load(code);
  }

  has(code: string): boolean {
    return this.reader.has(code);
  }

  async deleteOlderThan(cutoff: number): Promise<number> {
    if (!this.worker) return this.reader.deleteOlderThan(cutoff);
    const r = await this.ask({ kind: "prune", cutoff });
    if (!r.ok) throw new Error(r.error);
    return r.changes ?? 0;
  }

  /** Waits for the writes under way (the queue flushes before), ends the thread, closes the reader. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
    this.reader.close();
  }
}
