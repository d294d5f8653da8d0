// The year's working copy of the tiles: one typed array per field (structure of arrays), read from the
// state's tile objects once at the start of `resolveYear`, worked on by every step of the year, and
// packed back into new tile objects once at the end. The hot loops then read numbers from flat arrays
// instead of chasing one object per tile, and the year builds each tile object once, at the end, with
// its final values (not a copy at the start that every step then writes into).
//
// Every value is kept exactly as the tile holds it (Float64Array holds any JS number), so a step that
// reads `work.rent[i]` computes the same bits as one that read `tile.rent`.
import { LAND_USE_KINDS, type LandUse, SECTORS, TERRAINS } from "./kinds.js";
import type { Tile } from "./state.js";

/** Sectors per tile: `firms` holds each tile's counts at `i * SECTOR_COUNT + s`. */
export const SECTOR_COUNT = SECTORS.length;

/** A land use's position in LAND_USE_KINDS: the index the working copy stores. */
export const USE_INDEX: ReadonlyMap<string, number> = new Map(LAND_USE_KINDS.map((u, k) => [u, k]));
export const useIndex = (u: LandUse): number => USE_INDEX.get(u) ?? -1;

/** Terrain codes: positions in TERRAINS. */
export const LAND = TERRAINS.indexOf("land");
export const WATER = TERRAINS.indexOf("water");

export interface TileWork {
  n: number;
  /** Fixed for the year, except a use that a city event changes (a media group's arrival). */
  use: Uint8Array;
  terrain: Uint8Array;
  district: Int32Array;
  rent: Float64Array;
  creatives: Float64Array;
  buzz: Float64Array;
  heritage: Float64Array;
  pay: Float64Array;
  /** 1 where the tile is protected affordable space. */
  protected: Uint8Array;
  /** 1 where the tile was a factory once. */
  converted: Uint8Array;
  /** Firm counts, SECTOR_COUNT per tile, in SECTORS order. */
  firms: Float64Array;
  /** Firms on each tile, all sectors: kept by every step that changes `firms` (counts are whole
   * numbers, so a running total is exactly the sum `firmTotal` would take). */
  firmTotal: Float64Array;
  /** 1 where a firm was born or closed this year: only those tiles get a new firm array at the end;
   * the others keep sharing last year's (most tiles' firms do not change in a year). */
  firmsChanged: Uint8Array;
}

/** The working copy of `tiles` (which it never changes). */
export function readTiles(tiles: readonly Tile[]): TileWork {
  const n = tiles.length;
  const w: TileWork = {
    n,
    use: new Uint8Array(n),
    terrain: new Uint8Array(n),
    district: new Int32Array(n),
    rent: new Float64Array(n),
    creatives: new Float64Array(n),
    buzz: new Float64Array(n),
    heritage: new Float64Array(n),
    pay: new Float64Array(n),
    protected: new Uint8Array(n),
    converted: new Uint8Array(n),
    firms: new Float64Array(n * SECTOR_COUNT),
    firmTotal: new Float64Array(n),
    firmsChanged: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const t = tiles[i];
    w.use[i] = USE_INDEX.get(t.use) ?? 0;
    w.terrain[i] = t.terrain === "land" ? LAND : t.terrain === "water" ? WATER : TERRAINS.indexOf(t.terrain);
    w.district[i] = t.district;
    w.rent[i] = t.rent;
    w.creatives[i] = t.creatives;
    w.buzz[i] = t.buzz;
    w.heritage[i] = t.heritage;
    w.pay[i] = t.pay;
    w.protected[i] = t.protected ? 1 : 0;
    w.converted[i] = t.converted ? 1 : 0;
    const f = t.firms;
    const o = i * SECTOR_COUNT;
    let total = 0;
    for (let s = 0; s < SECTOR_COUNT; s++) {
      w.firms[o + s] = f[s];
      total += f[s];
    }
    w.firmTotal[i] = total;
  }
  return w;
}

/** Changes tile i's firms of sector s by `delta`, keeping its total and marking its firms changed. */
export function addFirms(w: TileWork, i: number, s: number, delta: number): void {
  w.firms[i * SECTOR_COUNT + s] += delta;
  w.firmTotal[i] += delta;
  w.firmsChanged[i] = 1;
}

/** Tile objects with the working copy's values. Terrain is taken from `before` (it never changes in a
 * year), and so is each firm array that did not change. A tile whose every value is unchanged (water,
 * mostly) is `before`'s own object: states share unchanged tiles, as actions' copy-on-write does. */
export function writeTiles(w: TileWork, before: readonly Tile[]): Tile[] {
  const n = w.n;
  const out = new Array<Tile>(n);
  for (let i = 0; i < n; i++) {
    const b = before[i];
    const o = i * SECTOR_COUNT;
    const use = LAND_USE_KINDS[w.use[i]];
    if (
      w.firmsChanged[i] === 0 &&
      b.rent === w.rent[i] &&
      b.creatives === w.creatives[i] &&
      b.buzz === w.buzz[i] &&
      b.heritage === w.heritage[i] &&
      b.pay === w.pay[i] &&
      b.use === use &&
      b.district === w.district[i] &&
      b.protected === (w.protected[i] === 1) &&
      b.converted === (w.converted[i] === 1)
    ) {
      out[i] = b;
      continue;
    }
    out[i] = {
      terrain: b.terrain,
      use,
      district: w.district[i],
      rent: w.rent[i],
      creatives: w.creatives[i],
      firms: w.firmsChanged[i] ? Array.from(w.firms.subarray(o, o + SECTOR_COUNT)) : b.firms,
      buzz: w.buzz[i],
      heritage: w.heritage[i],
      protected: w.protected[i] === 1,
      converted: w.converted[i] === 1,
      pay: w.pay[i],
    };
  }
  return out;
}
