// The cluster classifier reads each cluster's founding history (issue 10, item 3). A table of small
// cities built by hand (tests/rules/cluster-cities.ts, each with the reason for its label) covers
// every formation path × internal structure and the cases the first classifier got wrong; then a real
// game shows the founding recorded by resolveYear and carried to the client by the mirror.
import { describe, expect, it } from "vitest";
import { fromMirror, toMirror } from "../../shared/mirror.js";
import {
  findClusters,
  type GameState,
  recordClusterYear,
  startChronicle,
  tileXY,
} from "../../shared/index.js";
import { buildCity, CITY_CASES } from "./cluster-cities.js";
import { as, convertFactories, districtOf, must, play, smallCity } from "./helpers.js";

describe("the classifier on hand-built cities", () => {
  it.each(CITY_CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const s0 = buildCity(c.founded, 1);
    const founded = { ...s0, chronicle: startChronicle(s0) };
    let s: GameState = founded;
    if (c.later) {
      const s1 = buildCity(c.later, 4);
      s = { ...s1, chronicle: recordClusterYear(founded, s1) };
    }
    const { clusters, clusterOf } = findClusters(s);
    const at = clusterOf[c.probe[1] * s.width + c.probe[0]];
    const got = at >= 0 ? { path: clusters[at].path, structure: clusters[at].structure } : null;
    expect(got, c.why).toEqual(c.expect);
  });

  it("covers every formation path and every structure", () => {
    const labels = CITY_CASES.flatMap((c) => (c.expect ? [c.expect] : []));
    for (const path of ["metropolitan", "industrialRevival", "policyLed"] as const)
      for (const structure of ["institutionLed", "publicAgencyLed", "smeSpontaneous"] as const)
        expect(
          labels.some((l) => l.path === path && l.structure === structure),
          `${path} × ${structure}`,
        ).toBe(true);
    expect(labels.some((l) => l.path === "mixed")).toBe(true);
    expect(labels.some((l) => l.path === "none")).toBe(true);
  });
});

describe("foundings recorded in play", () => {
  it("a revival cluster keeps its path after it links to the world market, and the client sees the same", () => {
    let s = smallCity("steel-town", 4);
    const d = districtOf(s, "industrial");
    const conv = convertFactories(s, d, 6);
    s = play(conv.state, 4);
    const before = findClusters(s);
    const c = before.clusters[before.clusterOf[conv.tiles[0]]];
    expect(c.path).toBe("industrialRevival");
    const record = s.chronicle!.clusters.find((r) => r.tiles.includes(conv.tiles[0]))!;
    expect(record.foundings[0].converted).toBeGreaterThan(0);
    // Global links from the quarter's studios to the city's gateway, then more years.
    const gateway = s.tiles.findIndex((t) => t.use === "gateway");
    for (const i of conv.tiles.slice(0, 3)) {
      s = must(s, { type: "forgeLink", kind: "global", from: tileXY(s, i), to: tileXY(s, gateway) }, as(d));
    }
    s = play(s, 3);
    const after = findClusters(s);
    const c2 = after.clusters[after.clusterOf[conv.tiles[0]]];
    expect(c2.path).toBe("industrialRevival");
    expect(c2.founded).toBeLessThanOrEqual(4);
    // The mirror carries the chronicle, so the client's debrief labels the cluster the same way.
    const client = fromMirror(JSON.parse(JSON.stringify(toMirror(s))));
    const seen = findClusters(client);
    expect(seen.clusters.map((x) => [x.path, x.structure])).toEqual(
      after.clusters.map((x) => [x.path, x.structure]),
    );
  });

  it("the chronicle's cluster records stay disjoint and follow the clusters of each year", () => {
    let s = smallCity("global-city", 9);
    for (let y = 0; y < 6; y++) {
      s = play(s, 1);
      const seen = new Set<number>();
      for (const r of s.chronicle!.clusters) {
        for (const i of r.tiles) {
          expect(seen.has(i)).toBe(false);
          seen.add(i);
        }
      }
      const { clusters } = findClusters(s);
      expect(s.chronicle!.clusters.length).toBeLessThanOrEqual(clusters.length);
      for (const c of clusters) expect(c.tiles.some((i) => seen.has(i))).toBe(true);
    }
  });
});
