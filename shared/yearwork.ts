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

/**
 * Scratch typed arrays of one tile count, reused from year to year instead of allocated afresh (a year
 * at 64×64 used some seventy arrays of 4,096 entries: their allocation, zeroing and collection cost
 * more than the arithmetic done in many of them). Each array has a name; `f64`, `i32` and `u8` hand it
 * back zeroed. Only `resolveYear` uses a scratch set, and nothing it returns keeps one of its arrays:
 * a year runs to its end synchronously, so the next year (of this or another game of the same size)
 * may reuse them. Pure: the values a year computes never depend on what the arrays held before.
 */
export class Scratch {
  /** The last year's working copy, kept from the end of the year (see `yearWork`). */
  work: TileWork | null = null;
  /** The tiles whose values `work` holds exactly (the tiles that year returned), or null once the
   * arrays may hold anything else. */
  workTiles: readonly Tile[] | null = null;
  private readonly f64s = new Map<string, Float64Array>();
  private readonly i32s = new Map<string, Int32Array>();
  private readonly u8s = new Map<string, Uint8Array>();

  /** A zeroed Float64Array of `length` named `key`. */
  f64(key: string, length: number): Float64Array {
    return this.f64Any(key, length).fill(0);
  }

  /** A Float64Array of `length` named `key`, holding whatever it held last: for a caller that writes
   * every entry before reading any. */
  f64Any(key: string, length: number): Float64Array {
    let a = this.f64s.get(key);
    if (a === undefined || a.length !== length) {
      a = new Float64Array(length);
      this.f64s.set(key, a);
    }
    return a;
  }

  /** A zeroed Int32Array of `length` named `key`. */
  i32(key: string, length: number): Int32Array {
    return this.i32Any(key, length).fill(0);
  }

  /** An Int32Array of `length` named `key`, holding whatever it held last (see `f64Any`). */
  i32Any(key: string, length: number): Int32Array {
    let a = this.i32s.get(key);
    if (a === undefined || a.length !== length) {
      a = new Int32Array(length);
      this.i32s.set(key, a);
    }
    return a;
  }

  /** A zeroed Uint8Array of `length` named `key`. */
  u8(key: string, length: number): Uint8Array {
    return this.u8Any(key, length).fill(0);
  }

  /** A Uint8Array of `length` named `key`, holding whatever it held last (see `f64Any`). */
  u8Any(key: string, length: number): Uint8Array {
    let a = this.u8s.get(key);
    if (a === undefined || a.length !== length) {
      a = new Uint8Array(length);
      this.u8s.set(key, a);
    }
    return a;
  }
}

/** Scratch sets by tile count: a process may hold games of a few sizes (the bench, a server's rooms). */
const SCRATCH = new Map<number, Scratch>();
/** Sizes kept at once; the oldest set is dropped beyond that. */
const SCRATCH_SIZES = 4;

/** The scratch set for years of `n` tiles. */
export function scratchFor(n: number): Scratch {
  let s = SCRATCH.get(n);
  if (s === undefined) {
    s = new Scratch();
    if (SCRATCH.size >= SCRATCH_SIZES) SCRATCH.delete(SCRATCH.keys().next().value as number);
    SCRATCH.set(n, s);
  }
  return s;
}

/** A zeroed Float64Array: from `scratch` under `key` when given, else a new one. */
export const f64 = (scratch: Scratch | undefined, key: string, length: number): Float64Array =>
  scratch ? scratch.f64(key, length) : new Float64Array(length);
/** A zeroed Int32Array: from `scratch` under `key` when given, else a new one. */
export const i32 = (scratch: Scratch | undefined, key: string, length: number): Int32Array =>
  scratch ? scratch.i32(key, length) : new Int32Array(length);
/** A zeroed Uint8Array: from `scratch` under `key` when given, else a new one. */
export const u8 = (scratch: Scratch | undefined, key: string, length: number): Uint8Array =>
  scratch ? scratch.u8(key, length) : new Uint8Array(length);

const TERRAIN_LAND = TERRAINS[LAND];
const TERRAIN_WATER = TERRAINS[WATER];

/** The working copy of `tiles` (which it never changes), in `scratch`'s arrays when given (the year's
 * own copy) or in new ones. Every entry of every array but `firmsChanged` is written from the tiles,
 * so the scratch arrays are not zeroed first. */
export function readTiles(tiles: readonly Tile[], scratch?: Scratch): TileWork {
  const n = tiles.length;
  const f = (key: string, length: number) =>
    scratch ? scratch.f64Any(key, length) : new Float64Array(length);
  const b = (key: string) => (scratch ? scratch.u8Any(key, n) : new Uint8Array(n));
  const w: TileWork = {
    n,
    use: b("work.use"),
    terrain: b("work.terrain"),
    district: scratch ? scratch.i32Any("work.district", n) : new Int32Array(n),
    rent: f("work.rent", n),
    creatives: f("work.creatives", n),
    buzz: f("work.buzz", n),
    heritage: f("work.heritage", n),
    pay: f("work.pay", n),
    protected: b("work.protected"),
    converted: b("work.converted"),
    firms: f("work.firms", n * SECTOR_COUNT),
    firmTotal: f("work.firmTotal", n),
    firmsChanged: u8(scratch, "work.firmsChanged", n),
  };
  readInto(w, tiles, 0, n);
  return w;
}

/** Reads tiles [from, to) into `w` (every field of each, so an earlier value never stays). */
function readInto(w: TileWork, tiles: readonly Tile[], from: number, to: number): void {
  const { use, terrain, district, rent, creatives, buzz, heritage, pay, firms, firmTotal } = w;
  // Neighbouring tiles mostly share a use: the last lookup is kept (a string compare, not a map's).
  let lastUse = "";
  let lastCode = 0;
  for (let i = from; i < to; i++) {
    const t = tiles[i];
    const u = t.use;
    if (u !== lastUse) {
      lastUse = u;
      lastCode = USE_INDEX.get(u) ?? 0;
    }
    use[i] = lastCode;
    const tr = t.terrain;
    terrain[i] = tr === TERRAIN_LAND ? LAND : tr === TERRAIN_WATER ? WATER : TERRAINS.indexOf(tr);
    district[i] = t.district;
    rent[i] = t.rent;
    creatives[i] = t.creatives;
    buzz[i] = t.buzz;
    heritage[i] = t.heritage;
    pay[i] = t.pay;
    w.protected[i] = t.protected ? 1 : 0;
    w.converted[i] = t.converted ? 1 : 0;
    const f = t.firms;
    const o = i * SECTOR_COUNT;
    let total = 0;
    for (let s = 0; s < SECTOR_COUNT; s++) {
      const v = f[s];
      firms[o + s] = v;
      total += v;
    }
    firmTotal[i] = total;
  }
}

/**
 * The year's working copy of `tiles`, in `scratch`'s arrays. When the year before (of a game of this
 * size, in this thread, with nothing else resolved since) returned these very tiles, its working copy
 * holds their values exactly and is taken as it is; when actions have since replaced a few of them
 * (actions copy a tile before changing it, and share the others), only those are read again. Otherwise
 * every tile is read. The values are the same either way: `writeTiles` keeps a tile object only when
 * each of its values is the working copy's own (`sameValue`), and makes the others from it.
 */
export function yearWork(tiles: readonly Tile[], scratch: Scratch): TileWork {
  const held = scratch.workTiles;
  const w = scratch.work;
  // From here until the year is written back, the arrays are the year's own.
  scratch.workTiles = null;
  if (held !== null && w !== null && w.n === tiles.length && held.length === tiles.length) {
    const n = w.n;
    let replaced = 0;
    // Counted only as far as the answer needs: a quarter replaced settles it.
    if (held !== tiles) for (let i = 0; i < n && replaced * 4 < n; i++) if (tiles[i] !== held[i]) replaced++;
    // Mostly new tiles (another game's state): reading all of them is as quick.
    if (replaced * 4 < n) {
      if (replaced > 0) for (let i = 0; i < n; i++) if (tiles[i] !== held[i]) readInto(w, tiles, i, i + 1);
      w.firmsChanged.fill(0);
      return w;
    }
  }
  const fresh = readTiles(tiles, scratch);
  scratch.work = fresh;
  return fresh;
}

/** Records that `scratch.work` holds exactly the values of `tiles` (made from it by `writeTiles`). */
export function keepYearWork(scratch: Scratch, tiles: readonly Tile[]): void {
  scratch.workTiles = tiles;
}

/** The same value as far as any arithmetic can tell: `===`, except that 0 and -0 differ. */
const sameValue = (a: number, b: number): boolean => a === b && (a !== 0 || 1 / a === 1 / b);

/** Changes tile i's firms of sector s by `delta`, keeping its total and marking its firms changed. */
export function addFirms(w: TileWork, i: number, s: number, delta: number): void {
  w.firms[i * SECTOR_COUNT + s] += delta;
  w.firmTotal[i] += delta;
  w.firmsChanged[i] = 1;
}

/** Tile i's firm counts as a new array (`o` = i × SECTOR_COUNT). */
function firmArray(firms: Float64Array, o: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < SECTOR_COUNT; s++) out.push(firms[o + s]);
  return out;
}

/** Tile objects with the working copy's values. Terrain is taken from `before` (it never changes in a
 * year), and so is each firm array that did not change. A tile whose every value is unchanged (water,
 * mostly) is `before`'s own object: states share unchanged tiles, as actions' copy-on-write does. */
export function writeTiles(w: TileWork, before: readonly Tile[]): Tile[] {
  const n = w.n;
  const { use: useOf, district, rent, creatives, buzz, heritage, pay, firms, firmsChanged } = w;
  const prot = w.protected;
  const conv = w.converted;
  // Filled in order with push: a packed array (one made at its full length is holey for good).
  const out: Tile[] = [];
  for (let i = 0; i < n; i++) {
    const b = before[i];
    const use = LAND_USE_KINDS[useOf[i]];
    const changed = firmsChanged[i] === 1;
    if (
      !changed &&
      sameValue(b.rent, rent[i]) &&
      sameValue(b.creatives, creatives[i]) &&
      sameValue(b.buzz, buzz[i]) &&
      sameValue(b.heritage, heritage[i]) &&
      sameValue(b.pay, pay[i]) &&
      b.use === use &&
      b.district === district[i] &&
      b.protected === (prot[i] === 1) &&
      b.converted === (conv[i] === 1)
    ) {
      out.push(b);
      continue;
    }
    out.push({
      terrain: b.terrain,
      use,
      district: district[i],
      rent: rent[i],
      creatives: creatives[i],
      firms: changed ? firmArray(firms, i * SECTOR_COUNT) : b.firms,
      buzz: buzz[i],
      heritage: heritage[i],
      protected: prot[i] === 1,
      converted: conv[i] === 1,
      pay: pay[i],
    });
  }
  return out;
}
