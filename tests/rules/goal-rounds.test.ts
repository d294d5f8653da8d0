// Goals follow the rounds chosen (issue 10, item 8): a scenario's goal states its own years, and a
// game of other rounds is judged on a target scaled to them; the lobby, briefing and end screen show
// that goal (scenarioTexts, which all three use).
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../client/i18n/index.js";
import { scenarioTexts } from "../../client/model/view.js";
import { toMirror } from "../../shared/mirror.js";
import {
  createGame,
  type GameState,
  resolveYear,
  SCENARIOS,
  scaledGoalTarget,
  scenarioById,
} from "../../shared/index.js";

afterEach(() => setLocale("en"));

const level = (s: GameState) => {
  const g = s.goal;
  let v = 0;
  if (g.kind === "firmsInDistrict")
    for (const t of s.tiles) if (t.district === g.district) for (const f of t.firms) v += f;
  if (g.kind === "cityCreatives") for (const t of s.tiles) v += t.creatives;
  return v;
};

describe("a scenario's goal", () => {
  it("states its own years, in both languages", () => {
    for (const s of SCENARIOS) {
      expect(s.goal.text.en, s.id).toContain(`${s.years} years`);
      expect(s.goal.text.zh, s.id).toContain(`${s.years} 年`);
    }
  });

  it("keeps its target when the game runs the scenario's own years", () => {
    for (const s of SCENARIOS) expect(createGame(s, { seed: 4 }).goal.target).toBe(s.goal.target);
  });
});

describe("a game of other rounds", () => {
  it("scales exports in proportion to the rounds", () => {
    const sc = scenarioById("global-city")!;
    expect(createGame(sc, { seed: 4, years: 6 }).goal.target).toBe(
      Math.round((sc.goal.target * 6) / sc.years),
    );
    expect(createGame(sc, { seed: 4, years: 24 }).goal.target).toBe(sc.goal.target * 2);
  });

  it("scales a level goal's growth from the city's starting level", () => {
    for (const id of ["steel-town", "precinct", "painters-village"]) {
      const sc = scenarioById(id)!;
      for (const years of [3, 5, 20]) {
        const s = createGame(sc, { seed: 4, years });
        const start = level(s);
        const expected = Math.max(
          Math.floor(start) + 1,
          Math.round(start + ((sc.goal.target - start) * years) / sc.years),
        );
        expect(s.goal.target, `${id} ${years}`).toBe(expected);
        expect(s.goalProgress.target).toBe(s.goal.target);
        if (years < sc.years) expect(s.goal.target).toBeLessThan(sc.goal.target);
        else expect(s.goal.target).toBeGreaterThan(sc.goal.target);
      }
    }
    // Steel Town over 20 rounds asks for about Sheffield's 300 organisations.
    expect(createGame(scenarioById("steel-town")!, { seed: 4, years: 20 }).goal.target).toBe(300);
  });

  it("keeps a target already reached at the start, and never asks for less than one more", () => {
    expect(scaledGoalTarget("cityCreatives", 500, 10, 5, 800)).toBe(500);
    expect(scaledGoalTarget("firmsInDistrict", 180, 12, 1, 60)).toBe(70);
    expect(scaledGoalTarget("clusters", 4, 12, 1, 3)).toBe(4);
    expect(scaledGoalTarget("cityExports", 400, 12, 1, 0)).toBe(33);
  });

  it("is judged on the scaled target at its end", () => {
    let s = createGame(scenarioById("global-city")!, { seed: 4, years: 3 });
    while (s.year < s.years) s = resolveYear(s).state;
    expect(s.goalProgress.target).toBe(100);
    expect(s.goalProgress.met || s.goalProgress.failed).toBe(true);
    expect(s.goalProgress.met).toBe(s.goalProgress.value >= 100 && s.goalProgress.displacedShare <= 0.35);
  });
});

describe("the goal the screens show", () => {
  const room = (state: GameState, scenarioText = "") => ({
    ...toMirror(state),
    scenarioText,
  });

  it("is the scenario's own text when the rounds are the scenario's", () => {
    const sc = scenarioById("steel-town")!;
    const texts = scenarioTexts(room(createGame(sc, { seed: 4 })));
    expect(texts?.goal).toEqual(sc.goal.text);
  });

  it("states the scaled target and the rounds, with the scenario's figure beside them", () => {
    const sc = scenarioById("steel-town")!;
    const s = createGame(sc, { seed: 4, years: 5 });
    const goal = scenarioTexts(room(s))!.goal;
    expect(goal.en).toContain(`${s.goal.target} creative firms in 5 years`);
    expect(goal.en).toContain("180 in 12 years");
    expect(goal.en).toContain("20%");
    expect(goal.zh).toContain(`5 年内`);
    expect(goal.zh).toContain(`${s.goal.target} 家创意企业`);
    expect(goal.zh).toContain("12 年内达到 180");
  });

  it("reads a custom scenario's own target and years from the server's texts", () => {
    const sc = scenarioById("precinct")!;
    const s = { ...createGame(sc, { seed: 4, years: 4 }), scenario: "my-precinct" };
    const text = JSON.stringify({
      title: { en: "Mine", zh: "我的" },
      summary: sc.summary,
      goal: sc.goal.text,
      goalTarget: sc.goal.target,
      years: sc.years,
    });
    const goal = scenarioTexts(room(s, text))!.goal;
    expect(goal.en).toContain(
      `Grow the city to ${s.goal.target.toLocaleString("en-GB")} creatives in 4 years`,
    );
    expect(goal.en).toContain("1,200 in 10 years");
  });
});
