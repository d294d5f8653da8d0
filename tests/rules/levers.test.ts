// The three public levers of the paper's section 5 (shared/levers.ts): shared services and a development
// fund (lesson 3), international exchange (lesson 1) and IP transfer inside a cluster (lesson 5). Each is
// checked on its pure function and on the year's resolution of a small hand-built quarter.
import { describe, expect, it } from "vitest";
import {
  applyAction,
  findClusters,
  attraction,
  type DistrictPolicy,
  type GameState,
  neighbourhood,
  outputContext,
  districtOutput,
  resolveYear,
  SECTORS,
  tileXY,
} from "../../shared/index.js";
import {
  EXCHANGE_ACCESS,
  EXCHANGE_ATTRACTION,
  exchangeAccess,
  ipTransferFactor,
  SERVICES_SURVIVAL,
  servicesDeathFactor,
} from "../../shared/levers.js";
import { as, convertFactories, districtOf, must, smallCity, sum, tilesOf } from "./helpers.js";

const withPolicy = (s: GameState, d: number, policy: DistrictPolicy, on = true): GameState => ({
  ...s,
  districts: s.districts.map((x) => (x.id === d ? { ...x, policies: { ...x.policies, [policy]: on } } : x)),
});

/** Steel Town, small: six studios in the industrial quarter with creatives and firms of four sectors,
 * an incubator linked to each of them (one cluster with several linked sectors). */
function quarter(seed: number) {
  let s = smallCity("steel-town", seed);
  const d = districtOf(s, "industrial");
  s = { ...s, districts: s.districts.map((x) => (x.id === d ? { ...x, budget: 900 } : x)) };
  const conv = convertFactories(s, d, 6);
  s = conv.state;
  const site = tilesOf(s, d, ["empty", "derelict"])[0];
  s = must(s, { type: "placeAnchor", ...tileXY(s, site), anchor: "incubator" }, as(d));
  for (const i of conv.tiles) {
    s = must(s, { type: "forgeLink", from: tileXY(s, site), to: tileXY(s, i), kind: "incubation" }, as(d));
  }
  s = {
    ...s,
    tiles: s.tiles.map((t, i) =>
      conv.tiles.includes(i) ? { ...t, creatives: 20, firms: SECTORS.map((_, k) => (k < 4 ? 1 : 0)) } : t,
    ),
  };
  return { s, d, studios: conv.tiles };
}

describe("shared services and a development fund (lesson 3: public services for a cluster's firms)", () => {
  it("lowers the yearly death risk of firms, most inside a cluster", () => {
    const base = smallCity("steel-town", 3);
    const d = base.districts[0];
    expect(servicesDeathFactor(d, true)).toBe(1);
    const on = withPolicy(base, 0, "sharedServices").districts[0];
    expect(servicesDeathFactor(on, true)).toBe(SERVICES_SURVIVAL);
    expect(servicesDeathFactor(on, false)).toBeGreaterThan(SERVICES_SURVIVAL);
    expect(servicesDeathFactor(on, false)).toBeLessThan(1);
  });

  it("closes fewer of the quarter's firms over a year (twelve seeds pooled)", () => {
    let off = 0;
    let on = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { s, d, studios } = quarter(seed);
      // Rent far above what artists earn: they leave the studios, and many of the firms there close.
      const dear = {
        ...s,
        tiles: s.tiles.map((t, i) =>
          studios.includes(i) ? { ...t, rent: 60, firms: SECTORS.map((_, k) => (k < 3 ? 2 : 0)) } : t,
        ),
      };
      const closed = (state: GameState) =>
        sum(
          resolveYear(state).events.map((e) =>
            e.type === "firmsClosed" && studios.includes(e.tile) ? e.count : 0,
          ),
        );
      off += closed(dear);
      on += closed(withPolicy(dear, d, "sharedServices"));
    }
    expect(off).toBeGreaterThan(40);
    expect(on).toBeLessThan(0.9 * off);
  });

  it("is a district policy with an upkeep, switched on by the district", () => {
    const { s, d } = quarter(2);
    const r = applyAction(s, { type: "setPolicy", policy: "sharedServices", enabled: true }, as(d));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.state.districts[d].policies.sharedServices).toBe(true);
  });
});

describe("international exchange (lesson 1: exhibitions and training from abroad)", () => {
  it("adds global access to the district, up to the cap", () => {
    const base = smallCity("global-city", 4);
    const on = withPolicy(base, 1, "internationalExchange").districts[1];
    expect(exchangeAccess(on, 0.3)).toBeCloseTo(0.3 + EXCHANGE_ACCESS);
    expect(exchangeAccess(on, 0.95)).toBe(1);
    expect(exchangeAccess(base.districts[1], 0.3)).toBe(0.3);
    const before = outputContext(base).access;
    const after = outputContext(withPolicy(base, 1, "internationalExchange")).access;
    expect(after[1]).toBeCloseTo(Math.min(1, before[1] + EXCHANGE_ACCESS));
    expect(after[0]).toBe(before[0]);
  });

  it("makes the district's tiles more attractive to creatives, and no one else's", () => {
    const base = smallCity("global-city", 4);
    const s = withPolicy(base, 1, "internationalExchange");
    const a0 = attraction(base, neighbourhood(base));
    const a1 = attraction(s, neighbourhood(s));
    let checked = 0;
    base.tiles.forEach((t, i) => {
      if (!Number.isFinite(a0[i])) return;
      if (t.district === 1) {
        expect(a1[i] - a0[i]).toBeCloseTo(EXCHANGE_ATTRACTION);
        checked++;
      } else expect(a1[i]).toBe(a0[i]);
    });
    expect(checked).toBeGreaterThan(0);
  });
});

describe("IP transfer inside a cluster (lesson 5: rights pass smoothly between a cluster's firms)", () => {
  it("raises the revenue of a multi-sector cluster, more with city IP protection", () => {
    const { s, d } = quarter(5);
    const c = findClusters(s).clusters.find((x) => x.district === d && x.linkedSectors.length >= 2);
    expect(c).toBeDefined();
    const on = withPolicy(s, d, "ipTransfer").districts[d];
    expect(ipTransferFactor(s.districts[d], c, true)).toBe(1);
    expect(ipTransferFactor(on, c, true)).toBeGreaterThan(ipTransferFactor(on, c, false));
    expect(ipTransferFactor(on, c, false)).toBeGreaterThan(1);
    expect(ipTransferFactor(on, undefined, true)).toBe(1);

    const protectedCity = (x: GameState) => ({
      ...x,
      cityPolicies: { ...x.cityPolicies, ipProtection: true },
    });
    const off = districtOutput(s).revenue[d];
    const plain = districtOutput(withPolicy(s, d, "ipTransfer")).revenue[d];
    const both = districtOutput(protectedCity(withPolicy(s, d, "ipTransfer"))).revenue[d];
    expect(plain).toBeGreaterThan(off);
    expect(both).toBeGreaterThan(plain);
    // Other districts earn the same.
    const other = s.districts.findIndex((x) => x.id !== d);
    expect(districtOutput(withPolicy(s, d, "ipTransfer")).revenue[other]).toBe(
      districtOutput(s).revenue[other],
    );
  });

  it("does nothing for a one-sector cluster", () => {
    const { s, d } = quarter(6);
    const one = {
      ...s,
      tiles: s.tiles.map((t) =>
        t.district === d ? { ...t, firms: t.firms.map((f, k) => (k === 0 ? f : 0)) } : t,
      ),
    };
    for (const c of findClusters(one).clusters.filter((x) => x.district === d && x.linkedSectors.length <= 1))
      expect(ipTransferFactor(withPolicy(one, d, "ipTransfer").districts[d], c, true)).toBe(1);
    expect(districtOutput(withPolicy(one, d, "ipTransfer")).revenue[d]).toBeCloseTo(
      districtOutput(one).revenue[d],
    );
  });
});
