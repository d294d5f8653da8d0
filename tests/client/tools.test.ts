// The tool in hand without a DOM: what a tile's preview says, what a click or a tap does, and what a
// key on the map does — the decisions the game screen's map host and tools column act on.
import { describe, expect, it } from "vitest";
import { cancelTool, clickOutcome, mapKey, tilePreview } from "../../client/model/tools.js";
import { actionFor, gameStateOf, legalMask, previewAction, type Tool } from "../../client/model/view.js";
import { suggestMove } from "../../client/model/play.js";
import { type RoomStateView, toMirror } from "../../shared/mirror.js";
import { createGame, scenarioById } from "../../shared/scenario.js";
import { LINK_KINDS } from "../../shared/kinds.js";

const game = createGame(scenarioById("steel-town")!, { seed: 7 });
const state = gameStateOf({
  ...toMirror(game),
  code: "ACDEFG",
  phase: "planning",
  paused: false,
} as RoomStateView);
const mine = 0;
const move = suggestMove(state, mine)!;
const legal = move.tile;
const mask = legalMask(state, move.tool, mine);
const foreign = state.tiles.findIndex((t) => t.district >= 0 && t.district !== mine);

describe("tilePreview", () => {
  it("says nothing for the inspector or without a seat", () => {
    expect(tilePreview(state, { type: "inspect" }, legal, mine, null, null)).toEqual({ kind: "none" });
    expect(tilePreview(state, move.tool, legal, -1, "no_seat", mask)).toEqual({ kind: "none" });
  });

  it("names the blocker instead of a price when a click cannot act (paused, not planning)", () => {
    expect(tilePreview(state, move.tool, legal, mine, "paused", mask)).toEqual({
      kind: "blocked",
      code: "paused",
    });
    expect(tilePreview(state, move.tool, legal, mine, "not_planning", mask)).toEqual({
      kind: "blocked",
      code: "not_planning",
    });
  });

  it("gives the rules' own price on a legal tile and the rules' error on another district's tile", () => {
    const p = previewAction(state, actionFor(state, move.tool, legal)!, mine);
    expect(tilePreview(state, move.tool, legal, mine, null, mask)).toEqual({ kind: "cost", cost: p.cost });
    const bad = tilePreview(state, move.tool, foreign, mine, null, mask);
    expect(bad.kind).toBe("bad");
  });
});

describe("clickOutcome", () => {
  it("inspects with the inspector, and when blocked says why (not on the projector)", () => {
    expect(clickOutcome(state, { type: "inspect" }, legal, mine, null, null, null, false)).toEqual({
      kind: "inspect",
      warn: null,
    });
    expect(clickOutcome(state, move.tool, legal, mine, "paused", mask, null, false)).toEqual({
      kind: "inspect",
      warn: "paused",
    });
    expect(clickOutcome(state, move.tool, legal, -1, "projector_read_only", mask, null, false)).toEqual({
      kind: "inspect",
      warn: null,
    });
  });

  it("sends the action on a click, and on touch only at the second tap on the same tile", () => {
    const action = actionFor(state, move.tool, legal);
    expect(clickOutcome(state, move.tool, legal, mine, null, mask, null, false)).toEqual({
      kind: "send",
      action,
    });
    expect(clickOutcome(state, move.tool, legal, mine, null, mask, null, true)).toEqual({
      kind: "arm",
      tile: legal,
    });
    expect(clickOutcome(state, move.tool, legal, mine, null, mask, foreign, true)).toEqual({
      kind: "arm",
      tile: legal,
    });
    expect(clickOutcome(state, move.tool, legal, mine, null, mask, legal, true)).toEqual({
      kind: "send",
      action,
    });
  });

  it("refuses an illegal tile with the rules' error code", () => {
    const out = clickOutcome(state, move.tool, foreign, mine, null, mask, null, false);
    expect(out.kind).toBe("refused");
    if (out.kind === "refused") expect(out.code).toMatch(/^[a-z_]+$/);
  });

  it("takes a link's first end only on a legal tile", () => {
    // A link kind district 0 can start (steel-town's first district has workshops and factories).
    const link = LINK_KINDS.map((kind): Tool => ({ type: "link", kind, from: null })).find(
      (t) => legalMask(state, t, mine).indexOf(1) >= 0,
    )!;
    const linkMask = legalMask(state, link, mine);
    const start = linkMask.indexOf(1);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(clickOutcome(state, link, start, mine, null, linkMask, null, false)).toEqual({
      kind: "linkFrom",
      from: start,
    });
    const notStart = linkMask.indexOf(0);
    expect(clickOutcome(state, link, notStart, mine, null, linkMask, null, false).kind).toBe("linkRefused");
  });
});

describe("mapKey and cancelTool", () => {
  const size = { width: 10, height: 8 };

  it("moves the cursor with arrows inside the city, from the middle when there is none", () => {
    expect(mapKey("ArrowRight", false, null, size, 0, false)).toEqual({ kind: "move", cursor: 4 * 10 + 6 });
    expect(mapKey("ArrowLeft", false, 0, size, 0, false)).toEqual({ kind: "move", cursor: 0 });
    expect(mapKey("ArrowDown", false, 79, size, 0, false)).toEqual({ kind: "move", cursor: 79 });
    expect(mapKey("ArrowUp", false, 15, size, 0, false)).toEqual({ kind: "move", cursor: 5 });
    expect(mapKey("ArrowUp", true, 15, size, 0, false)).toEqual({ kind: "pan", dx: 0, dy: -1 });
  });

  it("acts, zooms, fits and cancels; number keys pick tools a seat can use", () => {
    expect(mapKey("Enter", false, 12, size, 0, false)).toEqual({ kind: "act", cursor: 12 });
    expect(mapKey("+", false, 12, size, 0, false)).toEqual({ kind: "zoom", factor: 1.25 });
    expect(mapKey("-", false, 12, size, 0, false)).toEqual({ kind: "zoom", factor: 0.8 });
    expect(mapKey("0", false, 12, size, 0, false)).toEqual({ kind: "fit" });
    expect(mapKey("Escape", false, 12, size, 0, false)).toEqual({ kind: "cancel" });
    expect(mapKey("3", false, 12, size, 0, false)).toEqual({ kind: "tool", type: "convert" });
    expect(mapKey("1", false, 12, size, -1, false)).toEqual({ kind: "tool", type: "inspect" });
    expect(mapKey("3", false, 12, size, -1, false)).toEqual({ kind: "noop" });
    expect(mapKey("3", false, 12, size, 0, true)).toBeNull();
    expect(mapKey("a", false, 12, size, 0, false)).toBeNull();
  });

  it("drops a link's first end on Escape, and puts any other tool down", () => {
    expect(cancelTool({ type: "link", kind: "research", from: 5 })).toEqual({
      type: "link",
      kind: "research",
      from: null,
    });
    expect(cancelTool({ type: "demolish" })).toEqual({ type: "inspect" });
  });
});
