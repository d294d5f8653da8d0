// The SQLite snapshot store (better-sqlite3): one row per room, its snapshot as JSON text. Used on the
// main thread for reads, and by the snapshot writer thread (server/snapshot-writer.ts) for writes.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { snapshotText } from "./snapshot-text.js";
import type { RoomSnapshot, SnapshotStorage } from "./storage.js";

/** A snapshot as its row: what the table stores, the snapshot as JSON text. */
export interface SnapshotRow {
  code: string;
  hostTokenHash: string;
  year: number;
  ended: boolean;
  savedAt: number;
  text: string;
}

export function snapshotRow(s: RoomSnapshot): SnapshotRow {
  return {
    code: s.code,
    hostTokenHash: s.hostTokenHash,
    year: s.state.year,
    ended: s.ended,
    savedAt: s.savedAt,
    text: snapshotText(s),
  };
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
    this.saveRow(snapshotRow(s));
  }

  /** Writes a snapshot already turned into its row (the writer thread's way in). */
  saveRow(r: SnapshotRow): void {
    this.upsert.run(r.code, r.hostTokenHash, r.year, r.ended ? 1 : 0, r.savedAt, r.text);
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
