// Year-resolution rules that the claim tests do not isolate: protected rents, insolvency, events.
import { describe, expect, it } from "vitest";
import { applyAction, DEBT_SCORE_WEIGHT, type GameState, resolveYear } from "../../shared/index.js";
import { as, convertFactories, districtOf, must, play, smallCity } from "./helpers.js";

describe("protected affordable space", () => {
  it("keeps its rent while the unprotected studios next to it climb", () => {
    let s = smallCity("steel-town", 7);
    const d = districtOf(s, "industrial");
    const conv = convertFactories(s, d, 8);
    s = conv.state;
    const [kept, ...free] = conv.tiles;
    s = must(
      s,
      { type: "protectSpace", x: kept % s.width, y: Math.floor(kept / s.width), protect: true },
      as(d),
    );
    const start = s.tiles[kept].rent;
    s = play(s, 9);
    expect(s.tiles[kept].protected).toBe(true);
    expect(s.tiles[kept].rent).toBeLessThanOrEqual(start);
    const freeRent = free.reduce((a, i) => a + s.tiles[i].rent, 0) / free.length;
    expect(freeRent).toBeGreaterThan(2 * start);
  });
});

describe("a district in debt", () => {
  it("loses its policies and protections at the end of the year", () => {
    let s = smallCity("steel-town", 7);
    const d = districtOf(s, "industrial");
    s = convertFactories(s, d, 3).state;
    s = must(s, { type: "setPolicy", policy: "affordableStudios", enabled: true }, as(d));
    s = must(s, { type: "setPolicy", policy: "festival", enabled: true }, as(d));
    const broke: GameState = {
      ...s,
      districts: s.districts.map((x) =>
        x.id === d
          ? { ...x, budget: -50, ledger: { ...x.ledger, start: x.ledger.start - x.budget - 50 } }
          : x,
      ),
    };
    const r = resolveYear(broke);
    const after = r.state.districts[d];
    expect(after.budget).toBeLessThan(0);
    expect(after.policies.affordableStudios).toBe(false);
    expect(after.policies.festival).toBe(false);
    expect(r.state.tiles.some((t) => t.district === d && t.protected)).toBe(false);
    expect(r.events.filter((e) => e.type === "policy" && e.district === d && !e.enabled)).toHaveLength(2);
    // Its policies cannot be switched straight back on, and the debt costs score.
    expect(
      applyAction(r.state, { type: "setPolicy", policy: "festival", enabled: true }, as(d)),
    ).toMatchObject({ ok: false, error: { code: "in_debt" } });
    const sc = after.score;
    expect(sc.total).toBe(
      Math.round(
        sc.output +
          sc.jobs +
          sc.community +
          sc.exportShare -
          0.5 * sc.displaced +
          DEBT_SCORE_WEIGHT * after.budget,
      ),
    );
    // A solvent district keeps its policies.
    const fine = resolveYear(s).state.districts[d];
    expect(fine.policies.festival).toBe(true);
  });
});
