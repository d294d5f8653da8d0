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
