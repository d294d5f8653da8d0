// The debrief's data: history rows that record where movers went and what was in force, the series
// and flows drawn from them, and the review of the paper's six recommendations against the game.
import { describe, expect, it } from "vitest";
import {
  BOT_STRATEGIES,
  type BotStrategy,
  completeHistoryRow,
  createGame,
  districtSeries,
  districtSummaries,
  type GameState,
  LAND_USES,
  migrationFlows,
  playBotGame,
  RECOMMENDATIONS,
  type RecommendationId,
  reviewRecommendations,
  resolveYear,
  scenarioById,
  tileXY,
} from "../../shared/index.js";
import { as, districtOf, must, play, smallCity, sum, tilesOf } from "./helpers.js";

/** A whole bot game with the same strategy in every district. */
function botGame(scenario: string, strategy: BotStrategy, seed: number): GameState {
  const start = createGame(scenarioById(scenario)!, { seed });
  const seats = start.districts.map(() => ({ strategy, level: "hard" as const }));
  return playBotGame(start, seats, seed).state;
}

const review = (s: GameState, id: RecommendationId) =>
  reviewRecommendations(s, s.history).find((r) => r.id === id)!;

describe("history rows for the debrief", () => {
  const game = botGame("global-city", "laissezFaire", 3);
  const nd = game.districts.length;

  it("say where every displaced creative went: a district or out of the city", () => {
    let crossDistrict = 0;
    for (const r of game.history) {
      expect(r.movedTo).toHaveLength(nd + 1);
      expect(sum(r.movedTo)).toBe(r.displaced);
      crossDistrict += sum(r.movedTo.filter((_, k) => k !== r.district && k < nd));
    }
    // The displacement cycle of a global city sends artists into other districts.
    expect(crossDistrict).toBeGreaterThan(0);
  });

  it("sum into flows that account for every mover, largest first", () => {
    const flows = migrationFlows(game.history, nd);
    expect(sum(flows.map((f) => f.count))).toBe(sum(game.history.map((r) => r.displaced)));
    for (let k = 1; k < flows.length; k++) expect(flows[k - 1].count).toBeGreaterThanOrEqual(flows[k].count);
    expect(flows.every((f) => f.to >= -1 && f.to < nd && f.count > 0)).toBe(true);
  });

  it("sum, per district, to who left, who arrived from elsewhere, and what each did", () => {
    const rows = districtSummaries(game, game.history);
    expect(rows).toHaveLength(nd);
    const displaced = sum(game.history.map((r) => r.displaced));
    const within = sum(game.history.map((r) => r.movedTo[r.district]));
    expect(sum(rows.map((r) => r.displaced))).toBe(displaced);
    // Every mover left the city, stayed in their district, or was received by another.
    expect(sum(rows.map((r) => r.leftCity + r.received)) + within).toBe(displaced);
    for (const r of rows) {
      expect(r.score).toBe(game.districts[r.district].score.total);
      // Laissez-faire bots use no policy and place no anchor.
      expect(r.policyYears).toEqual({});
      expect(r.anchorsAdded).toBeLessThanOrEqual(0);
    }
    const policy = botGame("global-city", "policyHeavy", 3);
    const protectedYears = districtSummaries(policy, policy.history).map(
      (r) => r.policyYears.affordableStudios ?? 0,
    );
    expect(Math.min(...protectedYears)).toBeGreaterThan(0);
  });

  it("give one line per district over the years", () => {
    const series = districtSeries(game.history, nd, "creatives");
    expect(series.years).toEqual(Array.from({ length: game.years }, (_, k) => k + 1));
    for (const r of game.history) expect(series.values[r.district][r.year - 1]).toBe(r.creatives);
  });

  it("record the policies in force, anchors, global links and heritage", () => {
    let s = smallCity("steel-town");
    const d = districtOf(s, "industrial");
    s = must(s, { type: "setPolicy", policy: "festival", enabled: true }, as(d));
    s = { ...s, cityPolicies: { ...s.cityPolicies, ipProtection: true } };
    s = resolveYear(s).state;
    const row = s.history.find((r) => r.district === d)!;
    expect(row.policies).toContain("festival");
    expect(row.cityPolicies).toEqual(["ipProtection"]);
    const mine = s.tiles.filter((t) => t.district === d);
    expect(row.anchors).toBe(mine.filter((t) => LAND_USES[t.use].anchor).length);
    expect(row.heritageTiles).toBe(mine.filter((t) => t.heritage >= 0.3).length);
    expect(row.globalLinks).toBeLessThanOrEqual(row.links);
    expect(row.distinctiveness).toBe(s.districts[d].distinctiveness);
  });

  it("from an older snapshot are completed with neutral values", () => {
    const { movedTo, anchors, globalLinks, heritageTiles, distinctiveness, policies, cityPolicies, ...old } =
      game.history[0];
    const done = completeHistoryRow(old as (typeof game.history)[0], nd);
    expect(done.movedTo).toEqual(new Array(nd + 1).fill(0));
    expect(done.policies).toEqual([]);
    const reviews = reviewRecommendations(game, [done]);
    for (const r of reviews) for (const v of Object.values(r.facts)) expect(Number.isFinite(v)).toBe(true);
  });
});

describe("the six recommendations, set against the game", () => {
  it("come in the paper's order, each with checks, facts and an uptake", () => {
    const s = botGame("steel-town", "policyHeavy", 1);
    const reviews = reviewRecommendations(s, s.history);
    expect(reviews.map((r) => r.id)).toEqual([...RECOMMENDATIONS]);
    for (const r of reviews) {
      const met = r.checks.filter((c) => c.met).length;
      expect(r.uptake).toBe(met >= 2 ? "strong" : met === 1 ? "some" : "little");
      expect(r.leader).toBeGreaterThanOrEqual(-1);
    }
  });

  it("IP protection: years in force decide the uptake", () => {
    const base = smallCity("painters-village");
    const on = play({ ...base, cityPolicies: { ...base.cityPolicies, ipProtection: true } }, 4);
    const off = play({ ...base, cityPolicies: { ...base.cityPolicies, ipProtection: false } }, 4);
    expect(review(on, "ipProtection")).toMatchObject({ uptake: "strong", facts: { ipYears: 4, years: 4 } });
    expect(review(off, "ipProtection")).toMatchObject({ uptake: "little", facts: { ipYears: 0 } });
  });

  it("institutions: anchors placed count, and the district that placed them leads", () => {
    let s = smallCity("policy-park");
    const quiet = play(s, 2);
    const d = 1;
    for (const i of tilesOf(s, d, ["empty", "derelict"]).slice(0, 2)) {
      s = must(s, { type: "placeAnchor", ...tileXY(s, i), anchor: "gallery" }, as(d));
    }
    const built = play(s, 2);
    expect(review(quiet, "institutions").facts.anchorsAdded).toBe(0);
    expect(review(built, "institutions").facts.anchorsAdded).toBe(2);
    expect(review(built, "institutions").leader).toBe(d);
    expect(review(built, "institutions").checks.find((c) => c.key === "institutionsPlaced")?.met).toBe(true);
  });

  it("global linkage and cultural atmosphere follow what the bots did", () => {
    for (const seed of [1, 2]) {
      const laissez = botGame("global-city", "laissezFaire", seed);
      const global = botGame("global-city", "globalFirst", seed);
      const policy = botGame("global-city", "policyHeavy", seed);
      expect(review(global, "globalLinkage").facts.globalLinks).toBeGreaterThan(
        review(laissez, "globalLinkage").facts.globalLinks,
      );
      expect(review(global, "globalLinkage").facts.exports).toBeGreaterThan(
        review(laissez, "globalLinkage").facts.exports,
      );
      expect(review(policy, "atmosphere").facts.cultureShare).toBeGreaterThan(
        review(laissez, "atmosphere").facts.cultureShare + 0.2,
      );
    }
  });

  it("every strategy's game reviews to finite facts", () => {
    for (const strategy of BOT_STRATEGIES) {
      const s = botGame("precinct", strategy, 5);
      for (const r of reviewRecommendations(s, s.history))
        for (const v of Object.values(r.facts)) expect(Number.isFinite(v)).toBe(true);
    }
  });
});
