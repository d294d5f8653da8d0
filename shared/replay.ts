// Replays: a game is its scenario, settings and action log. Replaying the log through the pure rules
// gives the identical state (claim 7: reproducible classroom results).
import { type Action, type Actor, applyAction } from "./actions.js";
import type { BotLevel, BotMode } from "./bots.js";
import { stateHash } from "./hash.js";
import { resolveYear } from "./resolve.js";
import { createGame, type GameSettings, scenarioById } from "./scenario.js";
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

/** Applies one log entry; a rejected action leaves the state as it was (as on the server). */
export function step(state: GameState, entry: LogEntry): GameState {
  if (entry.kind === "resolve") return state.year < state.years ? resolveYear(state).state : state;
  if (entry.kind === "bots") return state;
  const r = applyAction(state, entry.action, entry.actor);
  return r.ok ? r.state : state;
}

export function replay(record: GameRecord): GameState {
  const scenario = scenarioById(record.scenario);
  if (!scenario) throw new Error(`unknown scenario ${record.scenario}`);
  let state = createGame(scenario, record.settings);
  for (const e of record.log) state = step(state, e);
  return state;
}

export function replayHash(record: GameRecord): string {
  return stateHash(replay(record));
}
