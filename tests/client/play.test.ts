// The game screen's logic without a DOM: click blockers, conversion prices that agree with the
// tile's preview, the migration wording, new offers and the guided first move.
import { describe, expect, it } from "vitest";
import { en } from "../../client/i18n/en.js";
import { zhCN } from "../../client/i18n/zh-CN.js";
import {
  actBlocker,
  centrePan,
  conversionCosts,
  diffIds,
  districtMiddle,
  kickedMessageKey,
  MIN_TILE_PX,
  phaseNotices,
  reportYears,
  voteCalls,
  suggestMove,
  yearMigration,
  zoomToTarget,
} from "../../client/model/play.js";
import { actionFor, gameStateOf, legalMask, previewAction } from "../../client/model/view.js";
import { CONVERSIONS } from "../../shared/kinds.js";
import { type RoomStateView, toMirror } from "../../shared/mirror.js";
import { createGame, SCENARIOS, scenarioById } from "../../shared/scenario.js";
import type { ServerMessages } from "../../shared/protocol.js";
import type { HistoryRow } from "../../shared/state.js";

const game = createGame(scenarioById("steel-town")!, { seed: 7 });
const state = gameStateOf({
  ...toMirror(game),
  code: "ACDEFG",
  phase: "planning",
  paused: false,
} as RoomStateView);

describe("actBlocker", () => {
  it("names why a click cannot act: paused, not planning, no seat, projector", () => {
    expect(actBlocker({ phase: "planning", paused: false }, 0, false)).toBeNull();
    expect(actBlocker({ phase: "planning", paused: true }, 0, false)).toBe("paused");
    expect(actBlocker({ phase: "report", paused: false }, 0, false)).toBe("not_planning");
    expect(actBlocker({ phase: "starting", paused: false }, 0, false)).toBe("not_planning");
    expect(actBlocker({ phase: "planning", paused: false }, -1, false)).toBe("no_seat");
    expect(actBlocker({ phase: "planning", paused: false }, 0, true)).toBe("projector_read_only");
  });
});

describe("conversionCosts", () => {
  it("agree with the price the rules give on every factory tile of every district", () => {
    let checked = 0;
    for (let i = 0; i < state.tiles.length; i++) {
      const tile = state.tiles[i];
      if (tile.district < 0 || (tile.use !== "factory" && tile.use !== "derelict")) continue;
      for (const kind of CONVERSIONS) {
        const action = actionFor(state, { type: "convert", kind }, i)!;
        const p = previewAction(state, action, tile.district);
        if (!p.ok) continue;
        const listed = conversionCosts(state, tile.district, kind);
        expect(p.cost).toBe(tile.use === "derelict" ? listed.derelict : listed.working);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

function row(district: number, displaced: number, arrived: number, movedTo: number[]): HistoryRow {
  return {
    year: 1,
    district,
    creatives: 0,
    firms: [0, 0, 0, 0, 0, 0],
    rentMean: 1,
    rentSpread: 0,
    output: 0,
    exports: 0,
    links: 0,
    displaced,
    arrived,
    community: 0,
    budget: 0,
    score: 0,
    movedTo,
    anchors: 0,
    globalLinks: 0,
    heritageTiles: 0,
    distinctiveness: 0,
    policies: [],
    cityPolicies: [],
  };
}

describe("yearMigration", () => {
  it("never says no one moved when creatives arrived", () => {
    const m = yearMigration([row(0, 0, 35, [0, 0, 0]), row(1, 0, 0, [0, 0, 0])], 2);
    expect(m.headline).toEqual({ key: "report.noneDisplaced", arrived: 35 });
    expect(m.newcomers).toEqual([35, 0]);
    expect(m.moves).toEqual([]);
  });

  it("lists moves from the rows and counts newcomers apart from movers", () => {
    // District 0 lost 10: 6 to district 1, 1 within, 3 out of the city. District 1 had 8 arrive.
    const m = yearMigration([row(0, 10, 0, [1, 6, 3]), row(1, 0, 8, [0, 0, 0])], 2);
    expect(m.headline).toEqual({ key: "report.someDisplaced", displaced: 10, arrived: 8 });
    expect(m.moves).toEqual([
      { from: 0, to: 1, count: 6 },
      { from: 0, to: -1, count: 3 },
      { from: 0, to: 0, count: 1 },
    ]);
    expect(m.newcomers).toEqual([0, 2]);
  });

  it("says no one moved only when no one was displaced and no one arrived", () => {
    expect(yearMigration([row(0, 0, 0, [0, 0])], 1).headline).toEqual({ key: "report.noMigration" });
  });
});

describe("reportYears and diffIds", () => {
  it("lists each resolved year once, in order", () => {
    const rows = [row(0, 0, 0, []), row(1, 0, 0, [])].flatMap((r) => [
      { ...r, year: 2 },
      { ...r, year: 1 },
    ]);
    expect(reportYears(rows)).toEqual([1, 2]);
  });

  it("finds new and answered offers", () => {
    expect(diffIds(new Set([1, 2]), [2, 3])).toEqual({ added: [3], removed: [1] });
  });
});

describe("suggestMove", () => {
  it("suggests converting a derelict factory in an industrial district, on a legal tile of its own", () => {
    const d = state.districts.findIndex((x) => x.character === "industrial");
    expect(d).toBeGreaterThanOrEqual(0);
    const s = suggestMove(state, d)!;
    expect(s.move).toBe("convert");
    expect(state.tiles[s.tile].district).toBe(d);
    expect(state.tiles[s.tile].use).toBe("derelict");
    expect(s.count).toBe(state.tiles.filter((t) => t.district === d && t.use === "derelict").length);
    const p = previewAction(state, actionFor(state, s.tool, s.tile)!, d);
    expect(p.ok).toBe(true);
    expect(p.cost).toBe(s.cost);
  });

  it("finds a legal move for every district of every scenario", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(5);
    for (const sc of SCENARIOS) {
      const g = createGame(sc, { seed: 3 });
      for (const d of g.districts) {
        const s = suggestMove(g, d.id);
        expect(s, `${sc.id} district ${d.id} (${d.character})`).not.toBeNull();
        expect(previewAction(g, actionFor(g, s!.tool, s!.tile)!, d.id).ok).toBe(true);
      }
    }
  });

  it("picks the legal tile of the district nearest its middle, as the whole city's legal mask would", () => {
    // The suggestion asks the rules about its district's tiles nearest first; the same tile comes out
    // of the full legal mask (every tile of the city) searched for the nearest legal one.
    for (const sc of SCENARIOS) {
      const g = createGame(sc, { seed: 5 });
      for (const d of g.districts) {
        const s = suggestMove(g, d.id)!;
        const own = g.tiles.flatMap((t, i) => (t.district === d.id ? [i] : []));
        const cx = own.reduce((a, i) => a + (i % g.width), 0) / own.length;
        const cy = own.reduce((a, i) => a + Math.floor(i / g.width), 0) / own.length;
        const mask = legalMask(g, s.tool, d.id);
        let best = -1;
        let bestD = Number.POSITIVE_INFINITY;
        for (const i of own) {
          if (!mask[i]) continue;
          const penalty = s.move === "convert" && g.tiles[i].use !== "derelict" ? 1e6 : 0;
          const dist = penalty + ((i % g.width) - cx) ** 2 + (Math.floor(i / g.width) - cy) ** 2;
          if (dist < bestD) {
            bestD = dist;
            best = i;
          }
        }
        expect(s.tile, `${sc.id} district ${d.id}`).toBe(best);
      }
    }
  });

  it("has nothing to suggest for no district", () => {
    expect(suggestMove(state, -1)).toBeNull();
  });
});

describe("the first view", () => {
  it("zooms until a tile is at least 24 CSS px, and never zooms out", () => {
    expect(MIN_TILE_PX).toBe(24);
    expect(zoomToTarget(6) * 6).toBeGreaterThanOrEqual(24);
    expect(zoomToTarget(30)).toBe(1);
    expect(zoomToTarget(0)).toBe(1);
  });

  it("finds a district's middle among its tiles", () => {
    for (const d of state.districts) {
      const i = districtMiddle(state, d.id);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(state.tiles.length);
    }
    expect(districtMiddle(state, -5)).toBe(
      Math.floor(state.height / 2) * state.width + Math.floor(state.width / 2),
    );
  });
});

describe("voteCalls", () => {
  const withVote = (
    g: typeof state,
    d: number,
    policy: "ipProtection" | "placeMarketing",
    vote: boolean,
  ) => ({
    ...g,
    districts: g.districts.map((x) => (x.id === d ? { ...x, votes: { ...x.votes, [policy]: vote } } : x)),
  });

  it("puts a vote another district just called to me, with the count", () => {
    const next = withVote(state, 1, "placeMarketing", true);
    const calls = voteCalls(state, next, 0);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ policy: "placeMarketing", by: 1, of: state.districts.length });
    expect(calls[0].yes).toBe(next.districts.filter((d) => d.votes.placeMarketing === true).length);
  });

  it("asks nothing when I already voted yes, when I called it, or without a seat", () => {
    const mineYes = withVote(state, 0, "placeMarketing", true);
    expect(voteCalls(mineYes, withVote(mineYes, 1, "placeMarketing", true), 0)).toEqual([]);
    expect(voteCalls(state, withVote(state, 0, "placeMarketing", true), 0)).toEqual([]);
    expect(voteCalls(state, withVote(state, 1, "placeMarketing", true), -1)).toEqual([]);
    expect(voteCalls(null, state, 0)).toEqual([]);
    // A call from a district no person plays (a bot's routine vote) is not put to me.
    expect(voteCalls(state, withVote(state, 1, "placeMarketing", true), 0, new Set([2]))).toEqual([]);
    expect(voteCalls(state, withVote(state, 1, "placeMarketing", true), 0, new Set([1]))).toHaveLength(1);
  });
});

describe("centrePan", () => {
  const box = { left: 0, top: 0, right: 100, bottom: 100 };

  it("centres a target inside a city larger than the box, without passing its edges", () => {
    // Tiles of 10 px at zoom 1: a step of panBy is 20 px.
    const first = { x: 5, y: 5 };
    const last = { x: 395, y: 395 };
    expect(centrePan({ target: { x: 200, y: 200 }, first, last, box, tile: 10, zoom: 1 })).toEqual({
      dx: 7.5,
      dy: 7.5,
    });
    // Near the far corner the pan stops at the city's edge (the last tile's edge at the box's edge).
    expect(centrePan({ target: { x: 390, y: 390 }, first, last, box, tile: 10, zoom: 1 })).toEqual({
      dx: 15,
      dy: 15,
    });
    // Near the origin it never shows beyond the first tile.
    expect(centrePan({ target: { x: 10, y: 10 }, first, last, box, tile: 10, zoom: 1 })).toEqual({
      dx: 0,
      dy: 0,
    });
  });

  it("centres the whole city when it fits the box", () => {
    const out = centrePan({
      target: { x: 0, y: 0 },
      first: { x: 5, y: 5 },
      last: { x: 55, y: 35 },
      box,
      tile: 10,
      zoom: 1,
    });
    expect(out).toEqual({ dx: -20 / 20, dy: -30 / 20 });
  });
});

describe("phaseNotices", () => {
  it("announces planning for the next year, pauses and resumes, and nothing when nothing changed", () => {
    const planning = { phase: "planning", paused: false, year: 2, years: 8 };
    expect(phaseNotices({ phase: "report", paused: false }, planning)).toEqual([
      { kind: "planning", year: 3, years: 8 },
    ]);
    expect(phaseNotices({ phase: "planning", paused: false }, { ...planning, paused: true })).toEqual([
      { kind: "paused" },
    ]);
    expect(phaseNotices({ phase: "planning", paused: true }, planning)).toEqual([
      { kind: "resumed", phase: "planning" },
    ]);
    expect(phaseNotices({ phase: "planning", paused: false }, planning)).toEqual([]);
    // The last year's planning never says a year past the end.
    expect(phaseNotices({ phase: "report", paused: false }, { ...planning, year: 8 })).toEqual([
      { kind: "planning", year: 8, years: 8 },
    ]);
  });
});

describe("kickedMessageKey", () => {
  it("gives each reason the server sends its own message, in both languages", () => {
    const reasons: ServerMessages["kicked"]["reason"][] = ["host", "flood", "replaced"];
    const keys = reasons.map(kickedMessageKey);
    expect(keys).toEqual(["kicked", "kickedFlood", "kickedReplaced"]);
    expect(kickedMessageKey(undefined)).toBe("kicked");
    for (const cat of [en, zhCN] as Record<string, string>[]) {
      const texts = keys.map((k) => cat[k]);
      expect(texts.every((s) => typeof s === "string" && s.length > 0)).toBe(true);
      expect(new Set(texts).size).toBe(3);
    }
  });
});
