// The work a year pool runs, by name: pure functions from a structured-clonable input to a
// structured-clonable output. The pool's workers (server/year-worker.ts) and its main-thread fallback
// both call them from here, so a job gives the same result wherever it ran. A new year-end command
// (the session's) is one more entry.
//
// A game crosses to the worker and back in a compact form (`packGame`): its tiles, most of a 64×64
// game's bytes and objects, as a few typed arrays that are moved (transferred), not copied; the rest of
// the state is structured-cloned as before. Structured cloning the tiles' object graph cost the main
// thread more than the sync of the year's patch. Packing is exact (every number as a float64, strings by
// a dictionary); a tile of any other shape than shared/state.ts's Tile sends the game as it is.
import { resolveYear, type YearResult } from "../shared/resolve.js";
import type { GameState, Tile } from "../shared/state.js";

/** A game's tiles as columns. Numbers are float64 (exact); terrain and use index `dict`. */
export interface PackedTiles {
  count: number;
  dict: string[];
  /** terrain and use, two per tile (indices into dict). */
  names: Uint16Array;
  /** district, rent, creatives, buzz, heritage, pay: NUMS per tile. */
  nums: Float64Array;
  /** protected, converted: two per tile (0/1). */
  flags: Uint8Array;
  /** firms of tile i are firms[firmStart[i] .. firmStart[i + 1]). */
  firmStart: Uint32Array;
  firms: Float64Array;
}

/** A game for the worker: its state without tiles, and the tiles packed (or, unpackable, in place). */
export interface PackedGame {
  state: GameState;
  tiles: PackedTiles | null;
}

const NUMS = 6;
const TILE_KEYS = 11;

/** The tiles as columns, or null when a tile is not a plain Tile (then the game travels as it is). */
export function packTiles(tiles: readonly Tile[]): PackedTiles | null {
  const n = tiles.length;
  const dict: string[] = [];
  const index = new Map<string, number>();
  const name = (s: string) => {
    let k = index.get(s);
    if (k === undefined) {
      k = dict.length;
      dict.push(s);
      index.set(s, k);
    }
    return k;
  };
  const names = new Uint16Array(n * 2);
  const nums = new Float64Array(n * NUMS);
  const flags = new Uint8Array(n * 2);
  const firmStart = new Uint32Array(n + 1);
  let firmCount = 0;
  for (let i = 0; i < n; i++) {
    const t = tiles[i];
    if (
      typeof t !== "object" ||
      t === null ||
      typeof t.terrain !== "string" ||
      typeof t.use !== "string" ||
      typeof t.district !== "number" ||
      typeof t.rent !== "number" ||
      typeof t.creatives !== "number" ||
      typeof t.buzz !== "number" ||
      typeof t.heritage !== "number" ||
      typeof t.pay !== "number" ||
      typeof t.protected !== "boolean" ||
      typeof t.converted !== "boolean" ||
      !Array.isArray(t.firms) ||
      Object.keys(t).length !== TILE_KEYS
    )
      return null;
    for (const f of t.firms) if (typeof f !== "number") return null;
    firmStart[i] = firmCount;
    firmCount += t.firms.length;
  }
  firmStart[n] = firmCount;
  if (firmCount > 0xffffffff) return null;
  const firms = new Float64Array(firmCount);
  for (let i = 0; i < n; i++) {
    const t = tiles[i];
    names[2 * i] = name(t.terrain);
    names[2 * i + 1] = name(t.use);
    const at = i * NUMS;
    nums[at] = t.district;
    nums[at + 1] = t.rent;
    nums[at + 2] = t.creatives;
    nums[at + 3] = t.buzz;
    nums[at + 4] = t.heritage;
    nums[at + 5] = t.pay;
    flags[2 * i] = t.protected ? 1 : 0;
    flags[2 * i + 1] = t.converted ? 1 : 0;
    firms.set(t.firms, firmStart[i]);
  }
  if (dict.length > 0xffff) return null;
  return { count: n, dict, names, nums, flags, firmStart, firms };
}

/** The tiles back as objects (shared/state.ts's field order). */
export function unpackTiles(p: PackedTiles): Tile[] {
  const { dict, names, nums, flags, firmStart, firms } = p;
  const tiles = new Array<Tile>(p.count);
  for (let i = 0; i < p.count; i++) {
    const at = i * NUMS;
    const from = firmStart[i];
    const to = firmStart[i + 1];
    const f = new Array<number>(to - from);
    for (let k = from; k < to; k++) f[k - from] = firms[k];
    tiles[i] = {
      terrain: dict[names[2 * i]],
      use: dict[names[2 * i + 1]],
      district: nums[at],
      rent: nums[at + 1],
      creatives: nums[at + 2],
      firms: f,
      buzz: nums[at + 3],
      heritage: nums[at + 4],
      protected: flags[2 * i] === 1,
      converted: flags[2 * i + 1] === 1,
      pay: nums[at + 5],
    } as Tile;
  }
  return tiles;
}

/** The buffers a packed game moves (transfer list). */
export function packedBuffers(p: PackedTiles | null): ArrayBuffer[] {
  if (!p) return [];
  return [p.names, p.nums, p.flags, p.firmStart, p.firms].map((a) => a.buffer as ArrayBuffer);
}

export function packGame(game: GameState): PackedGame {
  const tiles = packTiles(game.tiles);
  return tiles ? { state: { ...game, tiles: [] }, tiles } : { state: game, tiles: null };
}

export function unpackGame(p: PackedGame): GameState {
  return p.tiles ? { ...p.state, tiles: unpackTiles(p.tiles) } : p.state;
}

/** A year's result for the way back: its state packed like the input, and the state's JSON text for
 * the room's snapshot (serialised here, so that the main thread does not). */
export interface PackedYear {
  game: PackedGame;
  events: YearResult["events"];
  stateJson?: string;
}

/** A year as the room takes it in; `stateJson`, when present, is JSON.stringify of `state`. */
export type TakenYear = YearResult & { stateJson?: string };

export function unpackYear(p: PackedYear): TakenYear {
  return { state: unpackGame(p.game), events: p.events, stateJson: p.stateJson };
}

export const YEAR_TASKS = {
  /** One year of the rules: the new state and the year's events. */
  resolveYear: (state: GameState) => resolveYear(state),
  /** The same from and to the packed form (the pool's route: tiles as moved typed arrays). */
  resolveYearPacked: (input: PackedGame): PackedYear => {
    const year = resolveYear(unpackGame(input));
    const stateJson = JSON.stringify(year.state);
    return { game: packGame(year.state), events: year.events, stateJson };
  },
  /** A snapshot's JSON text, so that serialising it leaves the event loop too. */
  stringify: (value: unknown) => JSON.stringify(value),
} satisfies Record<string, (input: never) => unknown>;

export type YearTaskName = keyof typeof YEAR_TASKS;
export type YearTaskInput<K extends YearTaskName> = Parameters<(typeof YEAR_TASKS)[K]>[0];
export type YearTaskOutput<K extends YearTaskName> = ReturnType<(typeof YEAR_TASKS)[K]>;

/** The buffers a task's output may move back to the main thread (transferred, not copied). */
export function outputTransfer(task: YearTaskName, output: unknown): ArrayBuffer[] {
  return task === "resolveYearPacked" ? packedBuffers((output as PackedYear).game.tiles) : [];
}

export function runYearTask<K extends YearTaskName>(task: K, input: YearTaskInput<K>): YearTaskOutput<K> {
  const fn = YEAR_TASKS[task] as (input: YearTaskInput<K>) => YearTaskOutput<K>;
  if (typeof fn !== "function") throw new Error(`unknown year task: ${String(task)}`);
  return fn(input);
}
