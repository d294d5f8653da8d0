// Snapshot writes off the hot path: a queue in front of any snapshot store (SQLite today; any store
// with the same `save`). `save` only records the snapshot and returns; the writes happen in later
// turns of the event loop, one per turn, so a bell's worth of year-ends does not write every room's
// snapshot in the turn that answers the players. A room saved again before its write keeps only the
// newest snapshot (the older one would be overwritten anyway). `flush` writes everything now (dispose,
// shutdown). A failed write is reported and dropped; the queue, and the server, go on.
import type { RoomSnapshot } from "./storage.js";

/** What the queue needs of a store: the store's own save (sync or async). */
export interface SnapshotSink {
  save(s: RoomSnapshot): void | Promise<void>;
}

export interface SnapshotQueueOptions {
  /** Called when a write fails; the default writes one line to stderr. */
  onError?: (code: string, error: unknown) => void;
}

export class SnapshotQueue {
  /** Waiting snapshots by room code, oldest first (a Map keeps insertion order). */
  private readonly waiting = new Map<string, RoomSnapshot>();
  private scheduled = false;
  private writing: Promise<void> | null = null;
  private readonly onError: (code: string, error: unknown) => void;
  written = 0;
  coalesced = 0;
  failed = 0;

  constructor(
    private readonly sink: SnapshotSink,
    options: SnapshotQueueOptions = {},
  ) {
    this.onError =
      options.onError ?? ((code, e) => console.error(`snapshot of ${code} not written: ${String(e)}`));
  }

  /** Queues the snapshot; returns at once. */
  save(s: RoomSnapshot): void {
    if (this.waiting.delete(s.code)) this.coalesced++;
    this.waiting.set(s.code, s);
    this.schedule();
  }

  /** Snapshots waiting to be written. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Writes every waiting snapshot now; resolves when all are written. */
  async flush(): Promise<void> {
    if (this.writing) await this.writing;
    while (this.waiting.size > 0) await this.writeOne();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.writing) return; // the running write schedules the next
      this.writing = this.writeOne().finally(() => {
        this.writing = null;
        if (this.waiting.size > 0) this.schedule();
      });
    });
  }

  private async writeOne(): Promise<void> {
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [code, snapshot] = next.value;
    this.waiting.delete(code);
    try {
      await this.sink.save(snapshot);
      this.written++;
    } catch (e) {
      this.failed++;
      this.onError(code, e);
    }
  }
}
