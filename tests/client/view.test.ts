// The client's view models: previews and legal-target masks come from the shared rules applied to a
// state rebuilt from the mirror (what the server syncs), and year events are summarised for reports.
import { describe, expect, it } from "vitest";
import type { CityPolicy, DistrictPolicy } from "../../shared/kinds.js";
import {
  actionFor,
  countLegal,
  defaultTool,
  districtFlows,
  formatClock,
  gameStateOf,
  historyCsv,
  scenarioTexts,
  legalMask,
  migrationFlows,
  previewAction,
  secondsLeft,
  summariseYear,
  tileInfo,
} from "../../client/model/view.js";
import { overlayValues } from "../../client/model/overlay.js";
import { applyAction } from "../../shared/actions.js";
import { type RoomStateView, toMirror } from "../../shared/mirror.js";
import { createGame, scenarioById } from "../../shared/scenario.js";
import type { GameEvent } from "../../shared/state.js";

const game = createGame(scenarioById("steel-town")!, { seed: 7 });
const view = { ...toMirror(game), code: "ACDEFG", phase: "planning", paused: false } as RoomStateView;
const state = gameStateOf(view);

function firstTile(pred: (i: number) => boolean): number {
  for (let i = 0; i < state.tiles.length; i++) if (pred(i)) return i;
  throw new Error("no such tile");
}

describe("previews by the shared rules", () => {
  it("price an anchor on an empty tile of my district and refuse it elsewhere", () => {
    const d = 0;
    const mine = firstTile((i) => state.tiles[i].district === d && state.tiles[i].use === "empty");
    const theirs = firstTile((i) => state.tiles[i].district === 1 && state.tiles[i].use === "empty");
    const tool = { type: "anchor", kind: "museum" } as const;
    const ok = previewAction(state, actionFor(state, tool, mine)!, d);
    expect(ok).toMatchObject({ ok: true, cost: 50, proposal: false });
    const bad = previewAction(state, actionFor(state, tool, theirs)!, d);
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe("not_your_tile");
  });

  it("agree with applyAction on the original state for every tile of a build tool", () => {
    const tool = defaultTool("build");
    const mask = legalMask(state, tool, 2);
    for (let i = 0; i < state.tiles.length; i += 7) {
      const r = applyAction(game, actionFor(game, tool, i)!, { kind: "district", district: 2 });
      expect(mask[i]).toBe(r.ok ? 1 : 0);
    }
    expect(countLegal(mask)).toBeGreaterThan(0);
    expect(countLegal(mask)).toBeLessThan(state.tiles.length);
  });

  it("offer factories as conversion targets only", () => {
    const mask = legalMask(state, defaultTool("convert"), 0);
    mask.forEach((v, i) => {
      if (v) expect(["factory", "derelict"]).toContain(state.tiles[i].use);
    });
    expect(countLegal(mask)).toBeGreaterThan(0);
  });

  it("offer link sources only on my own land tiles, and need a source before an action exists", () => {
    const tool = defaultTool("link");
    expect(actionFor(state, tool, 0)).toBeNull();
    const mask = legalMask(state, tool, 3);
    mask.forEach((v, i) => {
      if (v) expect(state.tiles[i].district).toBe(3);
    });
  });

  it("show everything as legal for inspecting and nothing for an unseated player", () => {
    expect(countLegal(legalMask(state, defaultTool("inspect"), 0))).toBe(state.tiles.length);
    expect(countLegal(legalMask(state, defaultTool("build"), -1))).toBe(0);
  });
});

describe("reports and overlays", () => {
  const events: GameEvent[] = [
    { type: "migration", year: 1, from: 5, to: 9, count: 3, reason: "displaced" },
    { type: "migration", year: 1, from: 5, to: 9, count: 2, reason: "displaced" },
    { type: "migration", year: 1, from: 7, to: -1, count: 8, reason: "displaced" },
    { type: "firmsBorn", year: 1, tile: 9, sector: "visual", count: 2 },
  ];

  it("merge migrations by route, largest first", () => {
    expect(migrationFlows(events)).toEqual([
      { from: 7, to: -1, count: 8, reason: "displaced" },
      { from: 5, to: 9, count: 5, reason: "displaced" },
    ]);
  });

  it("merge migrations by district pair, with leaving the city as -1", () => {
    const flows = districtFlows(state, events);
    const total = flows.reduce((n, f) => n + f.count, 0);
    expect(total).toBe(13);
    expect(flows.find((f) => f.to === -1)).toEqual({ from: state.tiles[7].district, to: -1, count: 8 });
  });

  it("count moves out of and into each district", () => {
    const s = summariseYear(state, 1, events);
    const d5 = state.tiles[5].district;
    const d9 = state.tiles[9].district;
    expect(s.outOf[d5]).toBeGreaterThanOrEqual(5);
    expect(s.into[d9]).toBe(5);
    expect(s.born[d9]).toBe(2);
  });

  it("give overlay values in 0..1 and NaN on water", () => {
    for (const o of ["rent", "creatives", "links", "access", "community"] as const) {
      const v = overlayValues(state, o);
      v.forEach((x, i) => {
        if (state.tiles[i].terrain === "water") expect(Number.isNaN(x)).toBe(true);
        else {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
        }
      });
    }
  });

  it("describe a tile with its firms and links", () => {
    const info = tileInfo(state, 0);
    expect(info.x).toBe(0);
    expect(info.y).toBe(0);
    expect(Array.isArray(info.links)).toBe(true);
  });

  it("count the timer down and freeze it while paused", () => {
    expect(secondsLeft({ paused: false, phaseEndsAt: 10_500, remainingMs: 0 }, 1_000)).toBe(10);
    expect(secondsLeft({ paused: true, phaseEndsAt: 10_500, remainingMs: 42_000 }, 1_000)).toBe(42);
    expect(formatClock(75)).toBe("1:15");
  });
});

describe("historyCsv", () => {
  it("writes one line per district and year, in order, numbering districts from 1 as on screen", () => {
    const row = (year: number, district: number) => ({
      year,
      district,
      creatives: 10 * year,
      firms: [1, 2, 0, 0, 0, 0],
      rentMean: 2.5,
      rentSpread: 0.5,
      output: 4,
      exports: 1,
      links: 3,
      displaced: 5,
      arrived: 2,
      community: 50,
      budget: 100,
      score: 7,
      movedTo: [0, 1, 4],
      anchors: 2,
      globalLinks: 1,
      heritageTiles: 5,
      distinctiveness: 0.4,
      policies: ["festival", "talent"] as DistrictPolicy[],
      cityPolicies: [] as CityPolicy[],
    });
    const csv = historyCsv([row(2, 0), row(1, 1), row(1, 0)], ["North", 'Mill, "Old"']);
    const lines = csv.trim().split("\n");
    expect(lines[0].startsWith("year,district,name,creatives,firms")).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["1,1", "1,2", "2,1"]);
    expect(lines[2]).toContain('"Mill, ""Old"""');
    expect(lines[1]).toBe("1,1,North,10,3,2.5,0.5,4,1,3,5,2,50,100,7,4,2,1,5,0.4,festival talent,");
  });
});

describe("scenarioTexts", () => {
  it("reads the texts the server sent, else the built-in scenario of that id", () => {
    const texts = {
      title: { en: "Ours", zh: "我们的" },
      summary: { en: "s", zh: "s" },
      goal: { en: "g", zh: "目标" },
    };
    expect(scenarioTexts({ scenario: "my-own", scenarioText: JSON.stringify(texts) })).toEqual(texts);
    expect(scenarioTexts({ scenario: "steel-town", scenarioText: "" })?.title.en).toBe("Steel Town Revival");
    expect(scenarioTexts({ scenario: "steel-town", scenarioText: "{ broken" })?.title.en).toBe(
      "Steel Town Revival",
    );
    expect(scenarioTexts({ scenario: "my-own", scenarioText: '{"title":1}' })).toBeNull();
  });
});
