// Helpers for scripted rules tests: small cities, scripted actions, years played with their events.
import {
  type Action,
  type Actor,
  applyAction,
  type Character,
  createGame,
  type GameEvent,
  type GameState,
  resolveYear,
  scenarioById,
  tileXY,
} from "../../shared/index.js";

export function smallCity(scenario: string, seed = 7, size = 24, districts = 4): GameState {
  const sc = scenarioById(scenario);
  if (!sc) throw new Error(`no scenario ${scenario}`);
  return createGame(sc, { seed, size, districts });
}

export function districtOf(state: GameState, character: Character): number {
  const d = state.districts.findIndex((x) => x.character === character);
  if (d < 0) throw new Error(`no ${character} district`);
  return d;
}

/** Applies an action that must succeed. */
export function must(state: GameState, action: Action, actor: Actor): GameState {
  const r = applyAction(state, action, actor);
  if (!r.ok) throw new Error(`${action.type} refused: ${JSON.stringify(r.error)}`);
  return r.state;
}

export const as = (district: number): Actor => ({ kind: "district", district });

/** Tiles of a district with one of the uses, nearest the district's centre first. */
export function tilesOf(state: GameState, district: number, uses: string[]): number[] {
  const all = state.tiles.flatMap((t, i) => (t.district === district ? [i] : []));
  const cx = all.reduce((a, i) => a + (i % state.width), 0) / all.length;
  const cy = all.reduce((a, i) => a + Math.floor(i / state.width), 0) / all.length;
  const dist = (i: number) => Math.abs((i % state.width) - cx) + Math.abs(Math.floor(i / state.width) - cy);
  return all.filter((i) => uses.includes(state.tiles[i].use)).sort((a, b) => dist(a) - dist(b) || a - b);
}

/** Converts the n factories nearest the district centre into studios. */
export function convertFactories(
  state: GameState,
  district: number,
  n: number,
): { state: GameState; tiles: number[] } {
  const tiles: number[] = [];
  for (const i of tilesOf(state, district, ["derelict", "factory"]).slice(0, n)) {
    const { x, y } = tileXY(state, i);
    state = must(state, { type: "convertFactory", x, y, to: "studio" }, as(district));
    tiles.push(i);
  }
  return { state, tiles };
}

export function play(
  state: GameState,
  years: number,
  onYear?: (s: GameState, events: GameEvent[]) => void,
): GameState {
  for (let k = 0; k < years; k++) {
    const r = resolveYear(state);
    state = r.state;
    onYear?.(state, r.events);
  }
  return state;
}

export function sum(xs: Iterable<number>): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
