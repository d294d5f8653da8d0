// Lesson 6 of the paper (section 5): high-end digital (games, animation) needs capital and global
// distribution and carries risk; building local art first and upgrading later is the safer path.
import { describe, expect, it } from "vitest";
import {
  digitalRisk,
  type GameState,
  resolveYear,
  SECTOR_BASE,
  SECTORS,
  tileXY,
} from "../../shared/index.js";
import { as, convertFactories, districtOf, must, smallCity, sum } from "./helpers.js";

const DIGITAL = SECTORS.indexOf("digital");

/** Steel Town, small: six studios in the industrial quarter, each with three digital firms and
 * creatives; `links` global links from them to the gateway; the district's distinctiveness set. */
function digitalQuarter(seed: number, links: number, roots: number) {
  let s = smallCity("steel-town", seed);
  const d = districtOf(s, "industrial");
  const conv = convertFactories(s, d, 6);
  s = conv.state;
  const gateway = s.tiles.findIndex((t) => t.use === "gateway");
  s = {
    ...s,
    tiles: s.tiles.map((t, i) =>
      conv.tiles.includes(i)
        ? { ...t, creatives: 20, firms: t.firms.map((_, k) => (k === DIGITAL ? 3 : 0)) }
        : t,
    ),
    districts: s.districts.map((x) => (x.id === d ? { ...x, budget: 500, distinctiveness: roots } : x)),
  };
  for (const i of conv.tiles.slice(0, links)) {
    s = must(s, { type: "forgeLink", from: tileXY(s, i), to: tileXY(s, gateway), kind: "global" }, as(d));
  }
  return { s, tiles: conv.tiles };
}

function digitalAfter(state: GameState, tiles: number[], years: number): number {
  let s = state;
  for (let k = 0; k < years; k++) s = resolveYear(s).state;
  return sum(tiles.map((i) => s.tiles[i].firms[DIGITAL]));
}

const SEEDS = [3, 7, 11, 19, 23, 31];

describe("lesson 6: high-end digital needs global distribution and carries risk", () => {
  it("the yearly risk falls with global access, with links and with local roots", () => {
    expect(digitalRisk(0, false, 0)).toBeGreaterThan(digitalRisk(0.8, false, 0));
    expect(digitalRisk(0.3, false, 0)).toBeGreaterThan(digitalRisk(0.3, true, 0));
    expect(digitalRisk(0.3, false, 0.1)).toBeGreaterThan(digitalRisk(0.3, false, 0.8));
    expect(digitalRisk(1, true, 1)).toBe(0);
  });

  it("digital firms without global links fail far more than the same firms linked to a gateway", () => {
    let alone = 0;
    let linked = 0;
    for (const seed of SEEDS) {
      const a = digitalQuarter(seed, 0, 0.2);
      const b = digitalQuarter(seed, 4, 0.2);
      alone += digitalAfter(a.s, a.tiles, 3);
      linked += digitalAfter(b.s, b.tiles, 3);
    }
    expect(linked).toBeGreaterThan(1.3 * alone);
  });

  it("local art first: a district with deep local roots keeps more of its digital upgrade", () => {
    let shallow = 0;
    let deep = 0;
    for (const seed of SEEDS) {
      const a = digitalQuarter(seed, 0, 0.1);
      const b = digitalQuarter(seed, 0, 0.9);
      shallow += digitalAfter(a.s, a.tiles, 3);
      deep += digitalAfter(b.s, b.tiles, 3);
    }
    expect(deep).toBeGreaterThan(1.15 * shallow);
  });

  it("digital demand has bad years: it swings more than any other sector's", () => {
    for (const s of SECTORS) {
      if (s !== "digital")
        expect(SECTOR_BASE.digital.volatility).toBeGreaterThan(2 * SECTOR_BASE[s].volatility);
    }
    // And in play: the year-on-year changes of digital demand spread wider than visual arts'.
    const spread = (sector: "digital" | "visual") => {
      const changes: number[] = [];
      for (const seed of SEEDS) {
        let s = smallCity("steel-town", seed);
        for (let y = 0; y < 10; y++) {
          const before = s.market.demand[sector];
          s = resolveYear(s).state;
          changes.push(Math.log(s.market.demand[sector] / before));
        }
      }
      const m = sum(changes) / changes.length;
      return Math.sqrt(sum(changes.map((c) => (c - m) ** 2)) / changes.length);
    };
    expect(spread("digital")).toBeGreaterThan(1.5 * spread("visual"));
  });
});
