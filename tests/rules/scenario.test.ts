// Scenarios as data: the five of DESIGN.md validate, generated cities respect the settings, and an
// instructor's broken file is rejected with an error naming the bad field.
import { describe, expect, it } from "vitest";
import {
  CHARACTERS,
  createGame,
  LAND_USES,
  parseScenario,
  SCENARIOS,
  ScenarioSchema,
  scenarioById,
  stateHash,
} from "../../shared/index.js";

describe("the five scenarios", () => {
  it("are all there and valid", () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual([
      "steel-town",
      "global-city",
      "policy-park",
      "precinct",
      "painters-village",
    ]);
    for (const s of SCENARIOS) expect(ScenarioSchema.safeParse(s).success).toBe(true);
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    "%s generates a city that matches its settings",
    (_, sc) => {
      const g = createGame(sc, { seed: 5 });
      expect(g.width).toBe(sc.size);
      expect(g.districts).toHaveLength(sc.districts);
      expect(g.years).toBe(sc.years);
      expect(g.tiles.filter((t) => t.use === "gateway")).toHaveLength(sc.gateways);
      // Every district has land, and the characters cycle through the scenario's list.
      g.districts.forEach((d, i) => {
        expect(d.character).toBe(sc.characters[i % sc.characters.length]);
        expect(g.tiles.some((t) => t.district === i)).toBe(true);
        expect(d.budget).toBeCloseTo(CHARACTERS[d.character].budget * sc.budgetFactor, 2);
      });
      // Anchors of each character stand in its districts; the media HQ only in the metropolitan core
      // (the first metropolitan district), which also holds the gateways (issue 10).
      const core = g.districts.findIndex((d) => d.character === "metropolitan");
      g.districts.forEach((d, i) => {
        for (const a of CHARACTERS[d.character].anchors) {
          const there = g.tiles.some((t) => t.district === i && t.use === a);
          expect(there, `${a} in district ${i}`).toBe(a !== "media" || i === core);
        }
      });
      if (core >= 0) {
        const { width } = g;
        const centre = (i: number) => {
          const own = g.tiles.flatMap((t, k) => (t.district === i ? [k] : []));
          return {
            x: own.reduce((a, k) => a + (k % width), 0) / own.length,
            y: own.reduce((a, k) => a + Math.floor(k / width), 0) / own.length,
          };
        };
        // Each gateway is nearer the core's centre than any other district's.
        g.tiles.forEach((t, k) => {
          if (t.use !== "gateway") return;
          const dist = (i: number) => {
            const c = centre(i);
            return Math.hypot((k % width) - c.x, Math.floor(k / width) - c.y);
          };
          const others = g.districts.filter((d) => d.id !== core).map((d) => dist(d.id));
          expect(dist(core)).toBeLessThanOrEqual(Math.min(...others) + 3);
        });
      }
      for (const t of g.tiles) expect(t.creatives).toBeLessThanOrEqual(LAND_USES[t.use].creatives);
    },
  );

  it("honours the host's map size and number of districts, and the seed", () => {
    const sc = scenarioById("global-city")!;
    const big = createGame(sc, { seed: 1, size: 64, districts: 12 });
    expect(big.tiles).toHaveLength(64 * 64);
    expect(big.districts).toHaveLength(12);
    expect(stateHash(createGame(sc, { seed: 1 }))).toBe(stateHash(createGame(sc, { seed: 1 })));
    expect(stateHash(createGame(sc, { seed: 1 }))).not.toBe(stateHash(createGame(sc, { seed: 2 })));
  });
});

/** A scenario as its JSON file holds it: the fields a test spoils, with values of any type. */
interface ScenarioFile {
  id: unknown;
  size: unknown;
  districts: unknown;
  title: { zh?: unknown };
  goal: { target: unknown; character: unknown };
  characters: unknown[];
  [field: string]: unknown;
}

describe("an instructor's scenario file", () => {
  const good = (): ScenarioFile => JSON.parse(JSON.stringify(scenarioById("steel-town")));

  it("is accepted when valid (from an object or JSON text)", () => {
    const mine = { ...good(), id: "my-town", years: 8 };
    const r = parseScenario(JSON.stringify(mine));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.years).toBe(8);
  });

  it.each([
    ["goal.target", (s: ScenarioFile) => (s.goal.target = -3)],
    ["size", (s: ScenarioFile) => (s.size = 200)],
    ["characters.1", (s: ScenarioFile) => (s.characters[1] = "moon-base")],
    ["title.zh", (s: ScenarioFile) => delete s.title.zh],
    ["id", (s: ScenarioFile) => (s.id = "Bad Id!")],
    ["goal.character", (s: ScenarioFile) => (s.goal.character = "newzone")],
    ["districts", (s: ScenarioFile) => (s.districts = "six")],
  ])("names the bad field %s", (field, spoil) => {
    const s = good();
    spoil(s);
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("scenario_invalid");
      expect(r.error.field).toBe(field);
      expect(r.error.message.length).toBeGreaterThan(0);
    }
  });

  it("reports a file that is not JSON", () => {
    const r = parseScenario("{ not json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe("(file)");
  });
});
