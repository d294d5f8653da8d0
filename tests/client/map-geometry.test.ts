// The map's pure geometry: bridges over narrow water only, a district's bounding box, the street
// path of a walker (from the middle of one tile, along tile edges, to the middle of the other), and
// the stable picture variant of a tile.
import { describe, expect, it } from "vitest";
import { VARIANTS, variantOf } from "../../client/map/art.js";
import { districtBox, findBridges, streetPath, T } from "../../client/map/geometry.js";

/** A city from rows of characters: "." land, "~" water; digits set the district (land only). */
function city(rows: string[]) {
  const width = rows[0].length;
  const tiles = rows
    .join("")
    .split("")
    .map((c) => ({
      terrain: c === "~" ? "water" : "land",
      district: /\d/.test(c) ? Number(c) : -1,
    }));
  return { width, height: rows.length, tiles };
}

describe("map geometry", () => {
  it("puts bridges across a narrow river on every seventh row, never on wide water or at the edge", () => {
    const rows = Array.from({ length: 14 }, () => "..~~..~~~~~~....");
    const s = city(rows);
    const b = findBridges(s);
    const bridged = [...b.keys()].filter((i) => b[i] === 1);
    // Rows 3 and 10 cross the 2-wide river (columns 2–3); the 6-wide water is never bridged.
    expect(bridged).toEqual([3 * 16 + 2, 3 * 16 + 3, 10 * 16 + 2, 10 * 16 + 3]);
    for (const i of bridged) expect(s.tiles[i].terrain).toBe("water");
    // Water touching the map's edge is not bridged (there is no land on the far side).
    const edge = findBridges(city(Array.from({ length: 8 }, () => "~~....")));
    expect([...edge].every((v) => v === 0)).toBe(true);
  });

  it("bridges a river that runs across the map the other way", () => {
    const rows = ["........", "........", "~~~~~~~~", "........"];
    const b = findBridges(city(rows));
    expect([...b.keys()].filter((i) => b[i] === 2)).toEqual([2 * 8 + 3]);
  });

  it("finds a district's bounding box, or none", () => {
    const s = city(["000111", "001111", "222211"]);
    expect(districtBox(s, 0)).toEqual({ x0: 0, y0: 0, x1: 2, y1: 1 });
    expect(districtBox(s, 1)).toEqual({ x0: 2, y0: 0, x1: 5, y1: 2 });
    expect(districtBox(s, 5)).toBeNull();
  });

  it("walks from tile to tile along the tile edges", () => {
    const w = 10;
    const a = 2 * w + 1;
    const b = 6 * w + 7;
    const p = streetPath(w, a, b, () => 0.9);
    expect(p.length % 2).toBe(0);
    expect([p[0], p[1]]).toEqual([1 * T + T / 2, 2 * T + T * 0.75]);
    expect([p.at(-2), p.at(-1)]).toEqual([7 * T + T / 2, 6 * T + T * 0.75]);
    // The middle legs run along grid lines: each changes only x or only y.
    for (let k = 2; k + 3 < p.length - 2; k += 2) {
      const dx = p[k + 2] - p[k];
      const dy = p[k + 3] - p[k + 1];
      expect(dx === 0 || dy === 0).toBe(true);
    }
  });

  it("gives each tile a stable variant in range", () => {
    const vs = Array.from({ length: 500 }, (_, i) => variantOf(i));
    expect(vs.every((v) => v >= 0 && v < VARIANTS)).toBe(true);
    expect(new Set(vs).size).toBe(VARIANTS);
    expect(Array.from({ length: 500 }, (_, i) => variantOf(i))).toEqual(vs);
  });
});
