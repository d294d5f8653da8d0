// Crash-safe snapshots of rooms: the rules state, the action log and the room's seats, written after
// each resolved year and when a room is disposed. One interface, two stores: an embedded SQLite
// database (better-sqlite3, the default) and, with REDIS_URL set, Redis shared by every process
// (server/storage-redis.ts), so that any process restores any room.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { RoomSettings } from "../shared/protocol.js";
import type { LogEntry } from "../shared/replay.js";
import type { GameState } from "../shared/state.js";
import { redisUrl } from "./redis.js";
import { QueuedSnapshotStorage } from "./snapshot-queue.js";
import { snapshotText } from "./snapshot-text.js";
import { RedisSnapshotStore } from "./storage-redis.js";

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

export function defaultDbPath(): string {
  return process.env.CQ_DB_PATH ?? "./data/creative-quarter.db";
}

export class SnapshotStore implements SnapshotStorage {
  readonly where: string;
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly exists: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(path = defaultDbPath()) {
    this.where = path;
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`CREATE TABLE IF NOT EXISTS rooms (
      code TEXT PRIMARY KEY,
      host_token_hash TEXT NOT NULL,
      year INTEGER NOT NULL,
      ended INTEGER NOT NULL,
      saved_at INTEGER NOT NULL,
      data TEXT NOT NULL
    )`);
    this.upsert = this.db.prepare(
      `INSERT INTO rooms (code, host_token_hash, year, ended, saved_at, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET host_token_hash = excluded.host_token_hash, year = excluded.year,
       ended = excluded.ended, saved_at = excluded.saved_at, data = excluded.data`,
    );
    this.select = this.db.prepare("SELECT data FROM rooms WHERE code = ?");
    this.exists = this.db.prepare("SELECT 1 FROM rooms WHERE code = ?");
    this.prune = this.db.prepare("DELETE FROM rooms WHERE saved_at < ?");
  }

  /** Deletes the snapshots last written before `cutoff` (epoch ms); returns how many. */
  deleteOlderThan(cutoff: number): number {
    return this.prune.run(cutoff).changes;
  }

  save(s: RoomSnapshot): void {
    this.upsert.run(s.code, s.hostTokenHash, s.state.year, s.ended ? 1 : 0, s.savedAt, snapshotText(s));
  }

  load(code: string): RoomSnapshot | null {
    const row = this.select.get(code) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as RoomSnapshot) : null;
  }

  has(code: string): boolean {
    return this.exists.get(code) !== undefined;
  }

  close(): void {
    this.db.close();
  }
}

let shared: QueuedSnapshotStorage | null = null;

/** The process-wide store (opened on first use): Redis when REDIS_URL is set, SQLite otherwise, behind
 * one snapshot queue (server/snapshot-queue.ts), so that a room's save never writes in the turn that
 * answers its players, and a load sees a snapshot still waiting in the queue. */
export function snapshotStore(): QueuedSnapshotStorage {
  if (!shared)
    shared = new QueuedSnapshotStorage(redisUrl() ? new RedisSnapshotStore() : new SnapshotStore());
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
