// Replays: a game is its scenario, settings and action log. Replaying the log through the pure rules
// gives the identical state (claim 7: reproducible classroom results).
import { type Action, type Actor, applyAction } from "./actions.js";
import { stateHash } from "./hash.js";
import { resolveYear } from "./resolve.js";
import { createGame, type GameSettings, scenarioById } from "./scenario.js";
import type { GameState } from "./state.js";

export type LogEntry = { kind: "action"; actor: Actor; action: Action } | { kind: "resolve" };

export interface GameRecord {
  scenario: string;
  settings: GameSettings;
  log: LogEntry[];
}

/** Applies one log entry; a rejected action leaves the state as it was (as on the server). */
export function step(state: GameState, entry: LogEntry): GameState {
  if (entry.kind === "resolve") return state.year < state.years ? resolveYear(state).state : state;
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
