// Legality queries (shared/queries.ts) answer from the rules themselves: a tile is a legal target
// exactly when applyAction accepts the tool's action there, a link source exactly when some link from
// it can be forged by the rules' own check, and the kinds' lists come from their tables' columns.
import { describe, expect, it } from "vitest";
import { type Actor, applyAction } from "../../shared/actions.js";
import { PUBLIC_INSTITUTIONS } from "../../shared/clusters.js";
import {
  ANCHOR_KINDS,
  LAND_USE_KINDS,
  LAND_USES,
  LARGE_INSTITUTION_USES,
  LINK_KINDS,
  PUBLIC_INSTITUTION_USES,
} from "../../shared/kinds.js";
import {
  isLegalTarget,
  legalTargets,
  linkEndsFrom,
  type TargetTool,
  targetAction,
} from "../../shared/queries.js";
import { createGame, scenarioById } from "../../shared/scenario.js";
import { tileXY } from "../../shared/state.js";
import { as } from "./helpers.js";

const game = createGame(scenarioById("steel-town")!, { seed: 11, size: 24, districts: 4 });

describe("the kinds' lists come from their tables", () => {
  it("anchors are the rows marked anchor, in table order", () => {
    expect(ANCHOR_KINDS).toEqual(LAND_USE_KINDS.filter((k) => LAND_USES[k].anchor));
    expect(ANCHOR_KINDS).toEqual([
      "university",
      "research",
      "museum",
      "gallery",
      "theatre",
      "media",
      "incubator",
      "exhibition",
    ]);
  });
  it("public and large institutions come from the institution column", () => {
    expect(PUBLIC_INSTITUTION_USES).toEqual(["university", "research", "museum", "gallery", "theatre"]);
    expect([...PUBLIC_INSTITUTIONS]).toEqual(PUBLIC_INSTITUTION_USES);
    expect(LARGE_INSTITUTION_USES).toEqual([...PUBLIC_INSTITUTION_USES, "media", "exhibition"]);
    for (const k of LAND_USE_KINDS)
      if (LAND_USES[k].institution !== null) expect(LAND_USES[k].anchor).toBe(true);
  });
});

describe("legal targets are the rules' own answer", () => {
  const tools: TargetTool[] = [
    { type: "placeAnchor", anchor: "gallery" },
    { type: "convertFactory", to: "studio" },
    { type: "build", use: "housing" },
    { type: "demolish" },
    { type: "protectSpace" },
  ];
  it.each(tools)("$type agrees with applyAction on every tile", (tool) => {
    let legal = 0;
    for (const d of [0, 1, 2, 3]) {
      const mask = legalTargets(game, as(d), tool);
      for (let i = 0; i < game.tiles.length; i++) {
        expect(mask[i]).toBe(applyAction(game, targetAction(game, tool, i)!, as(d)).ok ? 1 : 0);
        legal += mask[i];
      }
    }
    if (tool.type !== "protectSpace") expect(legal).toBeGreaterThan(0);
  });

  it("the host and a finished game have no targets", () => {
    const host: Actor = { kind: "host" };
    expect(legalTargets(game, host, tools[0]).some((v) => v === 1)).toBe(false);
    const over = { ...game, year: game.years };
    expect(legalTargets(over, as(0), tools[2]).some((v) => v === 1)).toBe(false);
  });

  it("a link source is legal exactly when the rules let a link start there", () => {
    let sources = 0;
    for (const kind of LINK_KINDS) {
      for (let from = 0; from < game.tiles.length; from++) {
        const ends = linkEndsFrom(game, as(0), from, kind);
        const isSource = isLegalTarget(game, as(0), { type: "linkFrom", kind }, from);
        if (!isSource) {
          expect(ends.some((v) => v === 1)).toBe(false);
          continue;
        }
        sources++;
        expect(game.tiles[from].district).toBe(0);
        // Every legal end is forged by the rules, and a sample of the others is refused.
        for (let to = 0; to < game.tiles.length; to++) {
          if (!ends[to] && to % 5 !== 0) continue;
          const r = applyAction(
            game,
            { type: "forgeLink", from: tileXY(game, from), to: tileXY(game, to), kind },
            as(0),
          );
          expect(r.ok, `${kind} ${from}→${to}`).toBe(ends[to] === 1);
        }
      }
    }
    expect(sources).toBeGreaterThan(0);
  });

  it("a link's second click asks linkEndsFrom", () => {
    const from = Array.from(game.tiles.keys()).find((i) =>
      isLegalTarget(game, as(0), { type: "linkFrom", kind: "valueAdd" }, i),
    )!;
    expect(legalTargets(game, as(0), { type: "linkTo", kind: "valueAdd", from })).toEqual(
      linkEndsFrom(game, as(0), from, "valueAdd"),
    );
  });
});
