// The year's structure-of-arrays working copy (shared/yearwork.ts): it must carry every tile value
// through unchanged, and pack back only what a step changed, never touching the tiles it was read from.
import { describe, expect, it, vi } from "vitest";
import {
  applyAction,
  copyTile,
  createGame,
  type GameState,
  neighbourhood,
  resolveYear,
  scenarioById,
  stateHash,
  tileXY,
} from "../../shared/index.js";
import { clusterGroupsOf } from "../../shared/clusters.js";
import { addFirms, readTiles, scratchFor, writeTiles } from "../../shared/yearwork.js";

function city() {
  const s = createGame(scenarioById("steel-town")!, { seed: 21, size: 24, districts: 4, years: 10 });
  // Make sure the city has every kind of value the copy must keep: protected and converted tiles,
  // a park, firms, and a fractional rent.
  const tiles = s.tiles.map(copyTile);
  const land = tiles.findIndex((t) => t.terrain === "land" && t.district >= 0);
  tiles[land] = { ...tiles[land], protected: true, converted: true, rent: 7.37, pay: 11.25 };
  const park = tiles.findIndex((t, i) => i !== land && t.terrain === "land");
  tiles[park] = { ...tiles[park], terrain: "park" };
  return { ...s, tiles };
}

describe("the year's working copy of the tiles", () => {
  it("packs back the very tiles it read when nothing changed", () => {
    const s = city();
    const out = writeTiles(readTiles(s.tiles), s.tiles);
    expect(out).toHaveLength(s.tiles.length);
    expect(out.some((t) => t.terrain === "park")).toBe(true);
    expect(out.some((t) => t.protected && t.converted)).toBe(true);
    for (let i = 0; i < s.tiles.length; i++) expect(out[i]).toBe(s.tiles[i]);
  });

  it("makes a new tile, with its own firm array, only where a value changed", () => {
    const s = city();
    const before = stateHash(s.tiles);
    const work = readTiles(s.tiles);
    const i = s.tiles.findIndex((t) => t.terrain === "land" && t.district >= 0);
    const j = s.tiles.findIndex((t, k) => k !== i && t.terrain === "land" && t.district >= 0);
    addFirms(work, i, 2, 3);
    work.rent[j] += 1;
    work.protected[j] = work.protected[j] ? 0 : 1;
    const out = writeTiles(work, s.tiles);
    expect(out[i]).not.toBe(s.tiles[i]);
    expect(out[i].firms).not.toBe(s.tiles[i].firms);
    expect(out[i].firms[2]).toBe(s.tiles[i].firms[2] + 3);
    expect(work.firmTotal[i]).toBe(s.tiles[i].firms.reduce((a, b) => a + b, 0) + 3);
    expect(out[j]).not.toBe(s.tiles[j]);
    // Firms unchanged on j: its firm array is still shared with the old tile.
    expect(out[j].firms).toBe(s.tiles[j].firms);
    expect(out[j].rent).toBe(s.tiles[j].rent + 1);
    expect(out[j].protected).toBe(!s.tiles[j].protected);
    const others = out.filter((t, k) => k !== i && k !== j && t !== s.tiles[k]);
    expect(others).toEqual([]);
    // The tiles it was read from are untouched.
    expect(stateHash(s.tiles)).toBe(before);
  });

  it("gives a year whose unchanged tiles are shared with last year and whose changed ones are new", () => {
    const s = city();
    const before = stateHash(s);
    const next = resolveYear(s).state;
    expect(stateHash(s)).toBe(before);
    let shared = 0;
    let changed = 0;
    for (let i = 0; i < s.tiles.length; i++) {
      const a = s.tiles[i];
      const b = next.tiles[i];
      if (a === b) shared++;
      else {
        changed++;
        // A new tile object is made only when one of its values moved.
        expect(stateHash(a)).not.toBe(stateHash(b));
      }
    }
    expect(changed).toBeGreaterThan(0);
    // Water never changes in a year: its tiles are shared.
    expect(shared).toBeGreaterThanOrEqual(s.tiles.filter((t) => t.terrain === "water").length);
  });
});

describe("the year's scratch arrays (reused from year to year)", () => {
  const play = (size: number, districts: number, years: number) => {
    let s = createGame(scenarioById("global-city")!, { seed: 5, size, districts, years });
    const hashes: string[] = [];
    for (let y = 0; y < years; y++) {
      s = resolveYear(s).state;
      hashes.push(stateHash(s));
    }
    return { s, hashes };
  };

  it("resolves the same years whatever ran before, at this size or another", () => {
    const alone = play(20, 3, 6).hashes;
    // Interleave with games of another size and of the same size (other seeds' values are left in
    // the shared arrays between the years).
    let a = createGame(scenarioById("global-city")!, { seed: 5, size: 20, districts: 3, years: 6 });
    let b = createGame(scenarioById("steel-town")!, { seed: 8, size: 20, districts: 4, years: 6 });
    let c = createGame(scenarioById("precinct")!, { seed: 2, size: 28, districts: 2, years: 6 });
    const mixed: string[] = [];
    for (let y = 0; y < 6; y++) {
      b = resolveYear(b).state;
      a = resolveYear(a).state;
      c = resolveYear(c).state;
      mixed.push(stateHash(a));
    }
    expect(mixed).toEqual(alone);
  });

  it("returns states that later years do not change (no scratch array is kept in a state)", () => {
    const { s } = play(20, 3, 3);
    const r = resolveYear(s);
    const before = stateHash(r);
    // Later years of this game and of another game of the same size reuse the same scratch arrays.
    let t = r.state;
    for (let y = 0; y < 3; y++) t = resolveYear(t).state;
    resolveYear(createGame(scenarioById("steel-town")!, { seed: 3, size: 20, districts: 3, years: 5 }));
    expect(stateHash(r)).toBe(before);
  });
});

describe("cluster groups found again at the year's end", () => {
  const setupCity = () => {
    const s = createGame(scenarioById("global-city")!, { seed: 11, size: 32, districts: 6, years: 8 });
    let t = s;
    for (let y = 0; y < 3; y++) t = resolveYear(t).state;
    return t;
  };
  const plain = (g: { groups: number[][]; clusterOf: Int32Array }) => ({
    groups: g.groups,
    clusterOf: Array.from(g.clusterOf),
  });

  it("reuse the earlier partition only when the creative tiles and the links are the same", () => {
    const s = setupCity();
    const work = readTiles(s.tiles);
    const first = clusterGroupsOf(work, s.width, s.links);
    expect(first.groups.length).toBeGreaterThan(0);
    // Firm counts change but no tile gains or loses its last firm: the partition is reused.
    const busy = first.groups[0].find((i) => work.firmTotal[i] > 0)!;
    addFirms(work, busy, 0, 1);
    const again = clusterGroupsOf(work, s.width, s.links, undefined, "", first.partition);
    expect(again.partition?.rootOf).toBe(first.partition?.rootOf);
    expect(plain(again)).toEqual(plain(clusterGroupsOf(work, s.width, s.links)));
  });

  it("find the groups afresh when a tile stops being creative or a link lapses", () => {
    const s = setupCity();
    const work = readTiles(s.tiles);
    const first = clusterGroupsOf(work, s.width, s.links);
    // A cluster tile whose firms all close and whose use is not creative leaves the creative tiles.
    const members = first.groups.flat();
    const lone = members.find((i) => s.tiles[i].use === "housing" && work.firmTotal[i] > 0);
    if (lone !== undefined) {
      const o = lone * 6;
      for (let k = 0; k < 6; k++) if (work.firms[o + k] > 0) addFirms(work, lone, k, -work.firms[o + k]);
    }
    const fewer = s.links.slice(1);
    const again = clusterGroupsOf(work, s.width, fewer, undefined, "", first.partition);
    expect(again.partition?.rootOf).not.toBe(first.partition?.rootOf);
    expect(plain(again)).toEqual(plain(clusterGroupsOf(work, s.width, fewer)));
  });
});

describe("a year that starts from last year's working copy", () => {
  /** A few of district d's tiles protected (actions copy each tile they change: copy-on-write). */
  const protectSome = (s: GameState, d: number, count: number): GameState => {
    let t = s;
    let done = 0;
    for (let i = 0; i < t.tiles.length && done < count; i++) {
      const tile = t.tiles[i];
      if (tile.district !== d || tile.protected || tile.terrain !== "land") continue;
      const r = applyAction(
        t,
        { type: "protectSpace", ...tileXY(t, i), protect: true },
        { kind: "district", district: d },
      );
      if (r.ok) {
        t = r.state;
        done++;
      }
    }
    return t;
  };
  /** The same state with every tile a new object (its next year reads every tile afresh). */
  const fresh = (s: GameState): GameState => ({ ...s, tiles: s.tiles.map(copyTile) });

  it("resolves the same years as reading every tile, with and without actions between them", () => {
    const start = createGame(scenarioById("steel-town")!, { seed: 13, size: 24, districts: 4, years: 9 });
    const scratch = scratchFor(start.tiles.length);
    let r = resolveYear(start);
    for (let y = 0; y < 6; y++) {
      // The arrays hold the values of last year's tiles.
      expect(scratch.workTiles).toBe(r.state.tiles);
      let s = r.state;
      if (y % 2 === 1) {
        s = protectSome(s, y % 4, 3);
        // The actions replaced a few tile objects and kept the others.
        const replaced = s.tiles.filter((t, i) => t !== r.state.tiles[i]).length;
        expect(replaced).toBeGreaterThan(0);
        expect(replaced).toBeLessThan(s.tiles.length / 4);
      }
      const held = scratch.work;
      const viaCopy = stateHash(resolveYear(s));
      // Started from last year's working copy (a full read makes a new one).
      expect(scratch.work).toBe(held);
      // The same year with every tile a new object: every tile is read.
      expect(stateHash(resolveYear(fresh(s)))).toBe(viaCopy);
      expect(scratch.work).not.toBe(held);
      r = resolveYear(s);
    }
  });
});

describe("the neighbourhood's use layers kept from year to year", () => {
  /** `s` with `count` empty land tiles of its districts given `use` (or `terrain`): other layers. */
  const rebuilt = (
    s: GameState,
    change: { use?: "leisure"; terrain?: "water" },
    count: number,
  ): GameState => {
    const tiles = s.tiles.slice();
    let done = 0;
    for (let i = 0; i < tiles.length && done < count; i++) {
      const t = tiles[i];
      if (t.terrain !== "land" || t.district < 0 || t.use !== "empty") continue;
      tiles[i] = { ...t, ...change };
      done++;
    }
    expect(done).toBe(count);
    return { ...s, tiles };
  };
  const differs = (a: Float64Array, b: Float64Array) => a.some((v, i) => v !== b[i]);

  for (const change of [{ use: "leisure" as const }, { terrain: "water" as const }]) {
    it(`are summed again when a tile's ${change.use ? "use" : "terrain"} differs, and reused when none does`, async () => {
      // A size no other test uses: the first year below finds no layers kept.
      const s = createGame(scenarioById("steel-town")!, { seed: 17, size: 23, districts: 4, years: 6 });
      const other = rebuilt(s, change, 12);
      // The two cities' use layers differ (so a year given the wrong ones would differ too).
      const a = neighbourhood(s);
      const b = neighbourhood(other);
      expect(
        differs(a.amenities, b.amenities) ||
          differs(a.mix, b.mix) ||
          differs(a.anchors, b.anchors) ||
          differs(a.rentMean, b.rentMean),
      ).toBe(true);
      // Each city's year with no layers kept: a fresh copy of the rules' modules (their own scratch).
      vi.resetModules();
      const { resolveYear: freshYear } = await import("../../shared/resolve.js");
      const truth = stateHash(freshYear(other));
      const truthS = stateHash(freshYear(s));
      resolveYear(s);
      // After a year of the first city, the layers kept are the wrong ones: they must be summed again.
      expect(stateHash(resolveYear(other))).toBe(truth);
      // Now they are kept for these very uses, and reused.
      expect(stateHash(resolveYear(other))).toBe(truth);
      // And the first city's layers are summed again for it.
      expect(stateHash(resolveYear(s))).toBe(truthS);
    });
  }
});
