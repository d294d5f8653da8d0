// Crash-safe snapshots of rooms: the rules state, the action log and the room's seats, written after
// each resolved year and when a room is disposed. One interface, two stores: an embedded SQLite
// database (better-sqlite3, the default) and, with REDIS_URL set, Redis shared by every process
// (server/storage-redis.ts), so that any process restores any room.
import type { RoomSettings } from "../shared/protocol.js";
import type { LogEntry } from "../shared/replay.js";
import type { GameState } from "../shared/state.js";
import { redisUrl } from "./redis.js";
import { QueuedSnapshotStorage } from "./snapshot-queue.js";
import { SnapshotStore } from "./sqlite-store.js";
import { ThreadedSnapshotStore, writerThreadWanted } from "./snapshot-writer.js";
import { RedisSnapshotStore } from "./storage-redis.js";

export { defaultDbPath, SnapshotStore } from "./sqlite-store.js";

export interface SavedSeat {
  id: string;
  nickname: string;
  district: number;
  isHost: boolean;
  /** Hash of the player's seat secret (absent in snapshots written before seats had secrets). */
  secretHash?: string;
}

export interface RoomSnapshot {
  code: string;
  hostTokenHash: string;
  settings: RoomSettings;
  /** The scenario when it was an instructor's own, as parsed (known fields only; otherwise
   * settings.scenario names it). Stored once: not also in `settings`. */
  customScenario: unknown;
  state: GameState;
  log: LogEntry[];
  seats: SavedSeat[];
  ended: boolean;
  savedAt: number;
}

/**
 * What a room and the retention sweep use. The SQLite store answers at once; the Redis store answers
 * with promises (callers `await` every answer, which costs nothing for a plain value). `save` never
 * throws or rejects: a failed write is logged, and the room plays on.
 */
export interface SnapshotStorage {
  save(s: RoomSnapshot): void | Promise<void>;
  load(code: string): RoomSnapshot | null | Promise<RoomSnapshot | null>;
  has(code: string): boolean | Promise<boolean>;
  /** Deletes the snapshots last written before `cutoff` (epoch ms); returns how many. */
  deleteOlderThan(cutoff: number): number | Promise<number>;
  /** Waits for writes under way, then closes. */
  close(): void | Promise<void>;
  /** Where the snapshots are (for the start-up line). */
  readonly where: string;
}

let shared: QueuedSnapshotStorage | null = null;

/** The process-wide store (opened on first use): Redis when REDIS_URL is set, SQLite otherwise, behind
 * one snapshot queue (server/snapshot-queue.ts), so that a room's save never writes in the turn that
 * answers its players, and a load sees a snapshot still waiting in the queue. */
export function snapshotStore(): QueuedSnapshotStorage {
  if (!shared)
    shared = new QueuedSnapshotStorage(
      redisUrl()
        ? new RedisSnapshotStore()
        : writerThreadWanted()
          ? new ThreadedSnapshotStore()
          : new SnapshotStore(),
    );
  return shared;
}

/** The process's snapshot queue's counts (zeros before the store is opened; this does not open it). */
export function snapshotQueueStats(): { pending: number; written: number; failed: number } {
  const q = shared?.queue;
  return { pending: q?.pending ?? 0, written: q?.written ?? 0, failed: q?.failed ?? 0 };
}

/** Writes every snapshot waiting in the process's queue (a room's dispose, before its code is given
 * back: a Redis save is fenced by the code's claim). */
export async function flushSnapshots(): Promise<void> {
  await shared?.flush();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Data is kept only as long as needed: snapshots of finished or abandoned rooms (not written for
 * `days` days; a live room writes each year and when it closes) are deleted.
 */
export function pruneSnapshots(store: SnapshotStorage, days: number, now: number): number | Promise<number> {
  if (!(days > 0)) return 0;
  return store.deleteOlderThan(now - days * DAY_MS);
}

/** Writes what waits in the queue, then closes the store. */
export async function closeSnapshotStore(): Promise<void> {
  const s = shared;
  shared = null;
  await s?.close();
}
