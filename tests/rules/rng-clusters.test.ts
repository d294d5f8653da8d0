// The seeded PRNG and cluster classification.
import { describe, expect, it } from "vitest";
import { findClusters, type GameState, Rng, seedRng, tileXY } from "../../shared/index.js";
import { as, convertFactories, districtOf, must, smallCity, tilesOf } from "./helpers.js";

describe("the PRNG", () => {
  it("is a pure function of its stored state", () => {
    const a = new Rng(seedRng(42));
    const first = [a.uint32(), a.uint32(), a.uint32()];
    const saved = a.state();
    const next = a.next();
    const b = new Rng(JSON.parse(JSON.stringify(saved)));
    expect(b.next()).toBe(next);
    const c = new Rng(seedRng(42));
    expect([c.uint32(), c.uint32(), c.uint32()]).toEqual(first);
    expect(seedRng(42)).not.toEqual(seedRng(43));
  });

  it("is roughly uniform, and weighted draws follow their weights", () => {
    const r = new Rng(seedRng(7));
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) bins[Math.floor(r.next() * 10)]++;
    for (const b of bins) expect(Math.abs(b - 2000)).toBeLessThan(200);
    const w = [0, 0, 0];
    for (let i = 0; i < 9000; i++) w[r.weighted([1, 2, 0])]++;
    expect(w[2]).toBe(0);
    expect(w[1] / w[0]).toBeGreaterThan(1.7);
    expect(w[1] / w[0]).toBeLessThan(2.3);
    expect(r.weighted([0, 0])).toBe(-1);
  });
});

/** Gives every listed tile some firms (a direct set-up for classification tests). */
function withFirms(s: GameState, tiles: number[], sector = 0, n = 2): GameState {
  const next = { ...s, tiles: s.tiles.slice() };
  for (const i of tiles) {
    const firms = [0, 0, 0, 0, 0, 0];
    firms[sector] = n;
    next.tiles[i] = { ...next.tiles[i], firms, creatives: Math.max(next.tiles[i].creatives, 8) };
  }
  return next;
}

describe("clusters", () => {
  it("converted factories with their own firms form an industrial-revival, SME-led cluster", () => {
    let s = smallCity("steel-town", 4);
    const d = districtOf(s, "industrial");
    const conv = convertFactories(s, d, 4);
    s = withFirms(conv.state, conv.tiles);
    const { clusters, clusterOf } = findClusters(s);
    const c = clusters[clusterOf[conv.tiles[0]]];
    expect(c).toBeDefined();
    expect(c.firms).toBeGreaterThanOrEqual(5);
    expect(c.path).toBe("industrialRevival");
    expect(c.structure).toBe("smeSpontaneous");
    expect(c.district).toBe(d);
  });

  it("fewer than five firms is not a cluster", () => {
    let s = smallCity("steel-town", 4);
    const d = districtOf(s, "industrial");
    const conv = convertFactories(s, d, 1);
    s = withFirms(conv.state, conv.tiles, 0, 2);
    const { clusterOf } = findClusters(s);
    expect(clusterOf[conv.tiles[0]]).toBe(-1);
  });

  it("incubators holding the links make a policy-led, public-agency-led cluster", () => {
    let s = smallCity("policy-park", 4);
    const d = districtOf(s, "newzone");
    const spots = tilesOf(s, d, ["empty"]).slice(0, 3);
    for (const i of spots) s = must(s, { type: "placeAnchor", ...tileXY(s, i), anchor: "incubator" }, as(d));
    s = withFirms(s, spots, 5, 3);
    const [a, b, c] = spots;
    // Incubation links, held by the incubators, each to a small firm on a leisure tile.
    const venues = tilesOf(s, d, ["empty"]).slice(0, 3);
    for (const v of venues) s = must(s, { type: "build", ...tileXY(s, v), use: "leisure" }, as(d));
    s = withFirms(s, venues, 5, 1);
    [a, b, c].forEach((inc, k) => {
      s = must(
        s,
        { type: "forgeLink", from: tileXY(s, inc), to: tileXY(s, venues[k]), kind: "incubation" },
        as(d),
      );
    });
    const { clusters, clusterOf } = findClusters(s);
    const cl = clusters[clusterOf[a]];
    expect(cl.path).toBe("policyLed");
    expect(cl.structure).toBe("publicAgencyLed");
    expect(cl.internalLinks).toBe(3);
    expect(clusterOf[venues[0]]).toBe(clusterOf[a]);
  });

  it("a media HQ with global links makes a metropolitan, institution-led cluster", () => {
    let s = smallCity("global-city", 4);
    const d = districtOf(s, "metropolitan");
    const media = tilesOf(s, d, ["media"])[0];
    const gateway = s.tiles.findIndex((t) => t.use === "gateway");
    s = withFirms(s, [media], 1, 6);
    s = must(s, { type: "forgeLink", from: tileXY(s, media), to: tileXY(s, gateway), kind: "global" }, as(d));
    const { clusters, clusterOf } = findClusters(s);
    const cl = clusters[clusterOf[media]];
    expect(cl.path).toBe("metropolitan");
    expect(cl.structure).toBe("institutionLed");
    expect(cl.hasMedia).toBe(true);
  });
});
