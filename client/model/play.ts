// The game screen's logic, as plain functions of the state (no DOM), so the components that use
// them stay thin and these are tested in Node: why a click cannot act, what a year's migration
// figures say, which offers are new, the guided first move, and what a conversion costs.
import { placementCost } from "../../shared/actions.js";
import { playRefusal } from "../../shared/phases.js";
import { isLegalTarget } from "../../shared/queries.js";
import {
  ACTIVE_FACTORY_JOB_LOSS,
  CITY_POLICY_KINDS,
  type CityPolicy,
  type CONVERSIONS,
  type Character,
} from "../../shared/kinds.js";
import { type GameState, type HistoryRow, money } from "../../shared/state.js";
import { actionFor, previewAction, type Tool, targetTool } from "./view.js";

// ------------------------------------------------------------------------------------------------
// Acting

/** Why the tool in hand cannot act (an error code the catalogue translates). */
export type Blocker = "projector_read_only" | "no_seat" | "paused" | "not_planning";

/** Why the tool in hand cannot act now, or null. */
export function actBlocker(
  view: { phase: string; paused: boolean },
  mine: number,
  projector: boolean,
): Blocker | null {
  if (projector) return "projector_read_only";
  if (mine < 0) return "no_seat";
  // A pause is named first (it is what the class sees); otherwise the session's rule.
  if (view.paused) return "paused";
  return playRefusal(view.phase, view.paused);
}

/** The two prices of a conversion: a derelict factory, and a working one (its jobs are lost too). */
export function conversionCosts(
  state: GameState,
  district: number,
  to: (typeof CONVERSIONS)[number],
): { derelict: number; working: number } {
  // The same sums as the rule (shared/actions.ts, convertFactory).
  const base = placementCost(state, district, to, true);
  return { derelict: money(base), working: money(base + ACTIVE_FACTORY_JOB_LOSS) };
}

// ------------------------------------------------------------------------------------------------
// Year reports

export interface YearMigration {
  /** District to district (to = -1: left the city), from the history rows' `movedTo`. */
  moves: { from: number; to: number; count: number }[];
  /** Creatives new to the city, per district (arrived minus movers from other districts). */
  newcomers: number[];
  displaced: number;
  arrived: number;
  /** The sentence above the list; it never says no one moved when anyone arrived. */
  headline:
    | { key: "report.noMigration" }
    | { key: "report.noneDisplaced"; arrived: number }
    | { key: "report.someDisplaced"; displaced: number; arrived: number };
}

/** What a year's migration figures say, from the same history rows as the report's tables. */
export function yearMigration(rows: readonly HistoryRow[], districts: number): YearMigration {
  const moves: YearMigration["moves"] = [];
  const movedIn = new Array<number>(districts).fill(0);
  let displaced = 0;
  let arrived = 0;
  for (const r of [...rows].sort((a, b) => a.district - b.district)) {
    displaced += r.displaced;
    arrived += r.arrived;
    const to = r.movedTo ?? [];
    for (let d = 0; d < to.length; d++) {
      const count = to[d] ?? 0;
      if (count <= 0) continue;
      const dest = d >= districts ? -1 : d;
      if (dest >= 0 && dest !== r.district) movedIn[dest] += count;
      moves.push({ from: r.district, to: dest, count });
    }
  }
  moves.sort((a, b) => b.count - a.count || a.from - b.from || a.to - b.to);
  const newcomers = new Array<number>(districts).fill(0);
  for (const r of rows)
    if (r.district >= 0 && r.district < districts)
      newcomers[r.district] = Math.max(0, r.arrived - movedIn[r.district]);
  const headline: YearMigration["headline"] =
    displaced > 0
      ? { key: "report.someDisplaced", displaced, arrived }
      : arrived > 0
        ? { key: "report.noneDisplaced", arrived }
        : { key: "report.noMigration" };
  return { moves, newcomers, displaced, arrived, headline };
}

/** The years whose report can be read again (resolved years with history rows), oldest first. */
export function reportYears(history: readonly HistoryRow[]): number[] {
  return [...new Set(history.map((r) => r.year))].filter((y) => y >= 1).sort((a, b) => a - b);
}

// ------------------------------------------------------------------------------------------------
// Offers (proposals and deals) that wait for an answer

/** Ids in `next` not in `seen` (new offers), and ids in `seen` no longer in `next` (answered or gone). */
export function diffIds(
  seen: ReadonlySet<number>,
  next: readonly number[],
): { added: number[]; removed: number[] } {
  const now = new Set(next);
  return {
    added: next.filter((id) => !seen.has(id)),
    removed: [...seen].filter((id) => !now.has(id)),
  };
}

/** A city vote another district just called: its policy, who voted yes, and the yes count. */
export interface VoteCall {
  policy: CityPolicy;
  by: number;
  yes: number;
  of: number;
}

/** City votes to put to me: policies another district has just voted for, where I have not voted yes.
 * `callers` limits it to districts whose calls count (people, not bots: a bot's vote is routine). */
export function voteCalls(
  prev: GameState | null,
  next: GameState,
  mine: number,
  callers?: ReadonlySet<number>,
): VoteCall[] {
  if (!prev || mine < 0 || !next.districts[mine] || prev.districts.length !== next.districts.length)
    return [];
  const out: VoteCall[] = [];
  for (const policy of CITY_POLICY_KINDS) {
    if (next.districts[mine].votes[policy] === true) continue;
    const by = next.districts.findIndex(
      (d, i) =>
        i !== mine &&
        (!callers || callers.has(i)) &&
        d.votes[policy] === true &&
        prev.districts[i].votes[policy] !== true,
    );
    if (by < 0) continue;
    const yes = next.districts.filter((d) => d.votes[policy] === true).length;
    out.push({ policy, by, yes, of: next.districts.length });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// The guided first turn

export type GuideMove = "convert" | "anchorResearch" | "anchorGallery" | "anchorIncubator" | "buildLeisure";

export interface Suggestion {
  move: GuideMove;
  tool: Tool;
  /** The tile to point at (legal for the tool, nearest the district's middle). */
  tile: number;
  /** How many tiles of the kind the move needs the district has (derelict factories, empty lots). */
  count: number;
  cost: number;
}

/** One good first move per district character, in order of preference. */
const MOVES: Record<Character, GuideMove[]> = {
  industrial: ["convert", "anchorIncubator", "buildLeisure"],
  university: ["anchorResearch", "buildLeisure", "anchorIncubator"],
  metropolitan: ["anchorGallery", "buildLeisure", "anchorIncubator"],
  newzone: ["anchorIncubator", "anchorGallery", "buildLeisure"],
  fringe: ["anchorGallery", "buildLeisure", "anchorIncubator"],
};

function toolOf(move: GuideMove): Tool {
  switch (move) {
    case "convert":
      return { type: "convert", kind: "studio" };
    case "anchorResearch":
      return { type: "anchor", kind: "research" };
    case "anchorGallery":
      return { type: "anchor", kind: "gallery" };
    case "anchorIncubator":
      return { type: "anchor", kind: "incubator" };
    case "buildLeisure":
      return { type: "build", kind: "leisure" };
  }
}

/** A good first move for the district (legal now, with the budget it has), or null if none is. */
export function suggestMove(state: GameState, district: number): Suggestion | null {
  const d = state.districts[district];
  if (!d) return null;
  const own: number[] = [];
  for (let i = 0; i < state.tiles.length; i++) if (state.tiles[i].district === district) own.push(i);
  if (own.length === 0) return null;
  const cx = own.reduce((a, i) => a + (i % state.width), 0) / own.length;
  const cy = own.reduce((a, i) => a + Math.floor(i / state.width), 0) / own.length;
  const actor = { kind: "district", district } as const;
  for (const move of MOVES[d.character]) {
    const tool = toolOf(move);
    const target = targetTool(tool);
    if (!target) continue;
    // The district's tiles nearest its middle first (derelict factories first for a conversion:
    // cheapest, no jobs lost; ties by tile order), and the first the rules allow: the rules run on a
    // few tiles, not on the whole city (this runs as the student's first game screen is drawn).
    const rank = (i: number) =>
      (move === "convert" && state.tiles[i].use !== "derelict" ? 1e6 : 0) +
      ((i % state.width) - cx) ** 2 +
      (Math.floor(i / state.width) - cy) ** 2;
    const order = own.map((i) => ({ i, r: rank(i) })).sort((a, b) => a.r - b.r || a.i - b.i);
    const best = order.find((o) => isLegalTarget(state, actor, target, o.i))?.i ?? -1;
    if (best < 0) continue;
    const action = actionFor(state, tool, best);
    const p = action ? previewAction(state, action, district) : null;
    if (!p?.ok) continue;
    const needs = move === "convert" ? "derelict" : "empty";
    const count = own.filter((i) => state.tiles[i].use === needs).length;
    return { move, tool, tile: best, count, cost: p.cost };
  }
  return null;
}

// ------------------------------------------------------------------------------------------------
// The camera's first view

/** WCAG 2.2 target size: a tile at the default zoom is at least this many CSS pixels. */
export const MIN_TILE_PX = 24;

/** The zoom factor that makes a tile of `tilePx` CSS pixels at least `min` (1: already big enough). */
export function zoomToTarget(tilePx: number, min = MIN_TILE_PX): number {
  if (!(tilePx > 0)) return 1;
  return tilePx >= min ? 1 : (min + 0.5) / tilePx;
}

/** The middle tile of a district (the mean of its tiles' positions), or the map's middle for none. */
export function districtMiddle(state: GameState, district: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < state.tiles.length; i++) {
    if (state.tiles[i].district !== district) continue;
    n++;
    sx += i % state.width;
    sy += Math.floor(i / state.width);
  }
  const x = n ? Math.round(sx / n) : Math.floor(state.width / 2);
  const y = n ? Math.round(sy / n) : Math.floor(state.height / 2);
  return y * state.width + x;
}

/** The pan (in the map's `panBy` steps) that centres a target point in the map's box without showing
 * beyond the city's edges. Points are screen pixels: the target, the first tile's and the last tile's
 * centres; `tile` is a tile's size on screen, `zoom` the camera's zoom. `panBy` moves by 2 tiles per
 * step divided by the zoom (at least 0.5). */
export function centrePan(o: {
  target: { x: number; y: number };
  first: { x: number; y: number };
  last: { x: number; y: number };
  box: { left: number; top: number; right: number; bottom: number };
  tile: number;
  zoom: number;
}): { dx: number; dy: number } {
  const shift = (want: number, lo: number, hi: number, boxLo: number, boxHi: number) => {
    if (hi - lo <= boxHi - boxLo) return (lo + hi) / 2 - (boxLo + boxHi) / 2;
    return Math.min(Math.max(want, lo - boxLo), hi - boxHi);
  };
  const { target, first, last, box, tile, zoom } = o;
  const half = tile / 2;
  const sx = shift(target.x - (box.left + box.right) / 2, first.x - half, last.x + half, box.left, box.right);
  const sy = shift(target.y - (box.top + box.bottom) / 2, first.y - half, last.y + half, box.top, box.bottom);
  const step = (2 * (tile / zoom)) / Math.max(0.5, zoom);
  return { dx: sx / zoom / step, dy: sy / zoom / step };
}

// ------------------------------------------------------------------------------------------------
// What the game screen announces (toasts are a live region)

export type PhaseNotice =
  | { kind: "planning"; year: number; years: number }
  | { kind: "paused" }
  | { kind: "resumed"; phase: string };

/** Planning beginning and pauses are announced, not only shown in the HUD. `year` counts resolved
 * years: planning is for the next one. */
export function phaseNotices(
  prev: { phase: string; paused: boolean },
  next: { phase: string; paused: boolean; year: number; years: number },
): PhaseNotice[] {
  const out: PhaseNotice[] = [];
  if (next.phase !== prev.phase && next.phase === "planning")
    out.push({ kind: "planning", year: Math.min(next.year + 1, next.years), years: next.years });
  if (next.paused !== prev.paused)
    out.push(next.paused ? { kind: "paused" } : { kind: "resumed", phase: next.phase });
  return out;
}

/** The message (a catalogue key) for the reason the room let this page go: the seat taken up again
 * in another tab or browser, a flood of messages, or the instructor (any other or no reason). */
export function kickedMessageKey(reason: unknown): "kickedReplaced" | "kickedFlood" | "kicked" {
  if (reason === "replaced") return "kickedReplaced";
  if (reason === "flood") return "kickedFlood";
  return "kicked";
}
