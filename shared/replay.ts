// Replays: a game is its scenario, settings and action log. Replaying the log through the game session
// (shared/session.ts, the reducer the room runs) gives the identical state (claim 7: reproducible
// classroom results).
import type { Action, Actor } from "./actions.js";
import type { BotLevel, BotMode } from "./bots.js";
import { stateHash } from "./hash.js";
import { createGame, type GameSettings, scenarioById } from "./scenario.js";
import { newSession, reduce, type Session } from "./session.js";
import type { GameState } from "./state.js";

/** `bot`: the action was a bot's (a what-if fork lets the bots decide again). "bots": a bots' turn
 * started, for these districts, at this level and mode (a marker: the actions follow it). */
export type LogEntry =
  | { kind: "action"; actor: Actor; action: Action; bot?: true }
  | { kind: "resolve" }
  | { kind: "bots"; districts: number[]; level: BotLevel; mode: BotMode };

/**
 * The session's action log: persistent and append-only, so that a session stays a value (every session
 * keeps the log it had) while an append costs O(1) instead of a copy of the whole log.
 *
 * Views share one backing array: a view sees its first `length` entries, which never change. Appending
 * to the newest view pushes onto the shared array; appending to an older view (a branch: the newer one
 * already appended) copies its own entries first, so no view ever sees another's entries.
 */
export class ActionLog implements Iterable<LogEntry> {
  readonly #store: LogEntry[];
  readonly length: number;

  private constructor(store: LogEntry[], length: number) {
    this.#store = store;
    this.length = length;
  }

  /** A log of these entries (copied once; a new backing array, never shared with another log). */
  static from(entries: Iterable<LogEntry> = []): ActionLog {
    const store = [...entries];
    return new ActionLog(store, store.length);
  }

  /** This log with the entries added at its end (this log is unchanged). */
  append(...entries: LogEntry[]): ActionLog {
    if (entries.length === 0) return this;
    const store = this.#store.length === this.length ? this.#store : this.#store.slice(0, this.length);
    for (const e of entries) store.push(e);
    return new ActionLog(store, store.length);
  }

  at(index: number): LogEntry | undefined {
    const i = index < 0 ? this.length + index : index;
    return i >= 0 && i < this.length ? this.#store[i] : undefined;
  }

  *[Symbol.iterator](): Iterator<LogEntry> {
    for (let i = 0; i < this.length; i++) yield this.#store[i];
  }

  some(test: (e: LogEntry) => boolean): boolean {
    for (let i = 0; i < this.length; i++) if (test(this.#store[i])) return true;
    return false;
  }

  filter(test: (e: LogEntry) => boolean): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = 0; i < this.length; i++) if (test(this.#store[i])) out.push(this.#store[i]);
    return out;
  }

  /** The entries as a new array (for the record and snapshots). */
  toArray(): LogEntry[] {
    return this.#store.slice(0, this.length);
  }

  toJSON(): LogEntry[] {
    return this.toArray();
  }
}

export interface GameRecord {
  scenario: string;
  settings: GameSettings;
  log: LogEntry[];
}

/** Applies one log entry through the session; a rejected action leaves the state as it was (as on the
 * server). */
export function step(state: GameState, entry: LogEntry): GameState {
  return stepSession(newSession(state), entry).game;
}

/** One log entry folded into a session (its log grows by the entries that applied). */
export function stepSession(session: Session, entry: LogEntry): Session {
  const r = reduce(session, { type: "replay", entry, at: 0 });
  return r.ok ? r.session : session;
}

/** The session at the end of a record's log. */
export function replaySession(record: GameRecord): Session {
  const scenario = scenarioById(record.scenario);
  if (!scenario) throw new Error(`unknown scenario ${record.scenario}`);
  let session = newSession(createGame(scenario, record.settings));
  for (const e of record.log) session = stepSession(session, e);
  return session;
}

export function replay(record: GameRecord): GameState {
  return replaySession(record).game;
}

export function replayHash(record: GameRecord): string {
  return stateHash(replay(record));
}
