// Snapshot writes off the hot path: a queue in front of any snapshot store (SQLite today; any store
// with the same `save`). `save` only records the snapshot and returns; the writes happen in later
// turns of the event loop, one per turn, so a bell's worth of year-ends does not write every room's
// snapshot in the turn that answers the players. A room saved again before its write keeps only the
// newest snapshot (the older one would be overwritten anyway). `flush` writes everything now (dispose,
// shutdown). A failed write is reported and dropped; the queue, and the server, go on.
import type { RoomSnapshot, SnapshotStorage } from "./storage.js";

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
  /** Snapshots handed to the store whose write has not finished yet (an async store). */
  private readonly inFlight = new Map<string, RoomSnapshot>();
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

  /** The newest snapshot of `code` not yet known to be written (waiting or being written), if any. */
  peek(code: string): RoomSnapshot | undefined {
    return this.waiting.get(code) ?? this.inFlight.get(code);
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
    this.inFlight.set(code, snapshot);
    try {
      await this.sink.save(snapshot);
      this.written++;
    } catch (e) {
      this.failed++;
      this.onError(code, e);
    } finally {
      if (this.inFlight.get(code) === snapshot) this.inFlight.delete(code);
    }
  }
}

/**
 * A snapshot store whose writes go through a queue (the process-wide store, server/storage.ts): `save`
 * returns at once; `load` and `has` see a snapshot still waiting in the queue first, so a restore
 * always reads the newest snapshot; `close` writes what waits, then closes the store.
 */
export class QueuedSnapshotStorage implements SnapshotStorage {
  readonly queue: SnapshotQueue;

  constructor(
    readonly backing: SnapshotStorage,
    options: SnapshotQueueOptions = {},
  ) {
    this.queue = new SnapshotQueue(backing, options);
  }

  get where(): string {
    return this.backing.where;
  }

  save(s: RoomSnapshot): void {
    this.queue.save(s);
  }

  load(code: string): RoomSnapshot | null | Promise<RoomSnapshot | null> {
    return this.queue.peek(code) ?? this.backing.load(code);
  }

  has(code: string): boolean | Promise<boolean> {
    return this.queue.peek(code) !== undefined || this.backing.has(code);
  }

  deleteOlderThan(cutoff: number): number | Promise<number> {
    return this.backing.deleteOlderThan(cutoff);
  }

  /** Writes every waiting snapshot now. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  async close(): Promise<void> {
    await this.queue.flush();
    await this.backing.close();
  }
}
