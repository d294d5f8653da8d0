// View models: plain functions from the room state to what the screens show, and action previews
// computed by the shared rules (`applyAction`) — the client never re-implements a rule.
import { type Action, type ActionResult, applyAction, type RuleError } from "../../shared/actions.js";
import {
  ANCHOR_KINDS,
  BUILDABLE,
  CONVERSIONS,
  LINK_KINDS,
  type LinkType,
  SECTORS,
} from "../../shared/kinds.js";
import { fromMirror, type RoomStateView } from "../../shared/mirror.js";
import { legalTargets, type TargetTool, targetAction } from "../../shared/queries.js";
import { scenarioById } from "../../shared/scenarios.js";
import { CATALOGUES, format, type Locale } from "../i18n/index.js";
import type { GameEvent, GameState, HistoryRow, Tile } from "../../shared/state.js";
import { firmTotal, tileXY } from "../../shared/state.js";

/** The tool a player has in hand. `kind` is the anchor, conversion, use or link type. */
export type Tool =
  | { type: "inspect" }
  | { type: "anchor"; kind: (typeof ANCHOR_KINDS)[number] }
  | { type: "convert"; kind: (typeof CONVERSIONS)[number] }
  | { type: "build"; kind: (typeof BUILDABLE)[number] }
  | { type: "link"; kind: LinkType; from: number | null }
  | { type: "demolish" }
  | { type: "protect" };

export const TOOL_TYPES = ["inspect", "anchor", "convert", "build", "link", "demolish", "protect"] as const;
export type ToolType = (typeof TOOL_TYPES)[number];

export function defaultTool(type: ToolType): Tool {
  switch (type) {
    case "inspect":
      return { type: "inspect" };
    case "anchor":
      return { type: "anchor", kind: ANCHOR_KINDS[0] };
    case "convert":
      return { type: "convert", kind: CONVERSIONS[0] };
    case "build":
      return { type: "build", kind: BUILDABLE[0] };
    case "link":
      return { type: "link", kind: LINK_KINDS[0], from: null };
    case "demolish":
      return { type: "demolish" };
    case "protect":
      return { type: "protect" };
  }
}

export function toolKinds(type: ToolType): readonly string[] {
  if (type === "anchor") return ANCHOR_KINDS;
  if (type === "convert") return CONVERSIONS;
  if (type === "build") return BUILDABLE;
  if (type === "link") return LINK_KINDS;
  return [];
}

/** The GameState for previews, from `room.state.toJSON()`. */
export function gameStateOf(view: RoomStateView): GameState {
  return fromMirror(view);
}

/** The action a tool makes on tile `i`, or null when the tool needs another click (a link's source)
 * or acts on nothing (inspecting): the rules' own `targetAction` on the tool as the rules see it. */
export function actionFor(state: GameState, tool: Tool, i: number): Action | null {
  const target = targetTool(tool);
  return target ? targetAction(state, target, i) : null;
}

export interface Preview {
  ok: boolean;
  cost: number;
  error?: RuleError;
  /** A cross-district link becomes a proposal (no money spent yet). */
  proposal: boolean;
}

/** Cost and legality of an action for a district, by the shared rules. */
export function previewAction(state: GameState, action: Action, district: number): Preview {
  const r: ActionResult = applyAction(state, action, { kind: "district", district });
  if (!r.ok) return { ok: false, cost: 0, error: r.error, proposal: false };
  const proposal = r.events.some((e) => e.type === "proposal");
  return { ok: true, cost: r.cost, proposal };
}

/** The client's tool as the rules' query sees it (null: inspecting, which acts on nothing). */
export function targetTool(tool: Tool): TargetTool | null {
  switch (tool.type) {
    case "inspect":
      return null;
    case "anchor":
      return { type: "placeAnchor", anchor: tool.kind };
    case "convert":
      return { type: "convertFactory", to: tool.kind };
    case "build":
      return { type: "build", use: tool.kind };
    case "demolish":
      return { type: "demolish" };
    case "protect":
      return { type: "protectSpace" };
    case "link":
      return tool.from === null
        ? { type: "linkFrom", kind: tool.kind }
        : { type: "linkTo", kind: tool.kind, from: tool.from };
  }
}

/** Which tiles the tool can act on (1) or not (0), asked of the shared rules (shared/queries.ts). */
export function legalMask(state: GameState, tool: Tool, district: number): Uint8Array {
  const target = targetTool(tool);
  if (target === null) return new Uint8Array(state.tiles.length).fill(1);
  if (district < 0) return new Uint8Array(state.tiles.length);
  return legalTargets(state, { kind: "district", district }, target);
}

export function countLegal(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) n += v;
  return n;
}

export interface TileInfo {
  index: number;
  x: number;
  y: number;
  tile: Tile;
  firms: { sector: (typeof SECTORS)[number]; count: number }[];
  firmTotal: number;
  links: { id: number; kind: LinkType; other: number }[];
}

export function tileInfo(state: GameState, i: number): TileInfo {
  const tile = state.tiles[i];
  const { x, y } = tileXY(state, i);
  const links = state.links
    .filter((l) => l.a === i || l.b === i)
    .map((l) => ({ id: l.id, kind: l.kind, other: l.a === i ? l.b : l.a }));
  const firms = SECTORS.map((sector, s) => ({ sector, count: tile.firms[s] ?? 0 })).filter(
    (f) => f.count > 0,
  );
  return { index: i, x, y, tile, firms, firmTotal: firmTotal(tile), links };
}

export interface DistrictStats {
  id: number;
  creatives: number;
  firms: number;
  tiles: number;
  meanRent: number;
}

export function districtStats(state: GameState): DistrictStats[] {
  const out: DistrictStats[] = state.districts.map((d) => ({
    id: d.id,
    creatives: 0,
    firms: 0,
    tiles: 0,
    meanRent: 0,
  }));
  for (const t of state.tiles) {
    const s = out[t.district];
    if (!s) continue;
    s.creatives += t.creatives;
    s.firms += firmTotal(t);
    s.tiles++;
    s.meanRent += t.rent;
  }
  for (const s of out) s.meanRent = s.tiles ? s.meanRent / s.tiles : 0;
  return out;
}

export const OVERLAYS = ["none", "rent", "creatives", "links", "access", "community"] as const;
export type Overlay = (typeof OVERLAYS)[number];

export interface Flow {
  from: number;
  /** -1: out of the city. */
  to: number;
  count: number;
  reason: "displaced" | "evicted";
}

/** Migration events of a year, merged by (from, to), largest first. */
export function migrationFlows(events: readonly GameEvent[]): Flow[] {
  const byKey = new Map<string, Flow>();
  for (const e of events) {
    if (e.type !== "migration") continue;
    const key = `${e.from}>${e.to}`;
    const f = byKey.get(key);
    if (f) f.count += e.count;
    else byKey.set(key, { from: e.from, to: e.to, count: e.count, reason: e.reason });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count);
}

export interface DistrictFlow {
  /** District ids; -1 is outside the city (or a city-level tile). */
  from: number;
  to: number;
  count: number;
}

/** Migrations of a year merged by (from district, to district), largest first. */
export function districtFlows(state: GameState, events: readonly GameEvent[]): DistrictFlow[] {
  const dOf = (i: number) => (i >= 0 && i < state.tiles.length ? state.tiles[i].district : -1);
  const byKey = new Map<string, DistrictFlow>();
  for (const e of events) {
    if (e.type !== "migration") continue;
    const from = dOf(e.from);
    const to = e.to < 0 ? -1 : dOf(e.to);
    const key = `${from}>${to}`;
    const f = byKey.get(key);
    if (f) f.count += e.count;
    else byKey.set(key, { from, to, count: e.count });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.from - b.from);
}

export interface YearSummary {
  year: number;
  flows: Flow[];
  /** Creatives that moved, per district: out (left a tile of it) and in (arrived on a tile of it). */
  outOf: number[];
  into: number[];
  arrivals: number[];
  born: number[];
  closed: number[];
  cityEvents: string[];
}

/** What a year's events mean per district (from the tile's current owner). */
export function summariseYear(state: GameState, year: number, events: readonly GameEvent[]): YearSummary {
  const nd = state.districts.length;
  const zero = () => new Array<number>(nd).fill(0);
  const s: YearSummary = {
    year,
    flows: migrationFlows(events),
    outOf: zero(),
    into: zero(),
    arrivals: zero(),
    born: zero(),
    closed: zero(),
    cityEvents: [],
  };
  const dOf = (i: number) => (i >= 0 && i < state.tiles.length ? state.tiles[i].district : -1);
  for (const e of events) {
    if (e.type === "migration") {
      const a = dOf(e.from);
      const b = dOf(e.to);
      if (a >= 0) s.outOf[a] += e.count;
      if (b >= 0) s.into[b] += e.count;
    } else if (e.type === "arrival") {
      const b = dOf(e.to);
      if (b >= 0) s.arrivals[b] += e.count;
    } else if (e.type === "firmsBorn") {
      const b = dOf(e.tile);
      if (b >= 0) s.born[b] += e.count;
    } else if (e.type === "firmsClosed") {
      const b = dOf(e.tile);
      if (b >= 0) s.closed[b] += e.count;
    } else if (e.type === "cityEvent") s.cityEvents.push(e.event);
  }
  return s;
}

/** Seconds left in the phase; frozen while paused. `now` is the client's clock corrected for skew. */
export function secondsLeft(
  view: Pick<RoomStateView, "paused" | "phaseEndsAt" | "remainingMs">,
  now: number,
): number {
  if (view.paused) return Math.max(0, Math.ceil(view.remainingMs / 1000));
  if (!view.phaseEndsAt) return 0;
  return Math.max(0, Math.ceil((view.phaseEndsAt - now) / 1000));
}

export function formatClock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** Districts ranked by total score. */
export function ranking(state: GameState): { id: number; name: string; total: number }[] {
  return state.districts
    .map((d) => ({ id: d.id, name: d.name, total: d.score.total }))
    .sort((a, b) => b.total - a.total || a.id - b.id);
}

/** Normalises a typed room code the way the server does (trim, upper case). */
export function normaliseCode(s: string): string {
  return s.trim().toUpperCase();
}

/** The history rows as CSV (one row per district per year), for the instructor's records. */
export function historyCsv(rows: readonly HistoryRow[], districtNames: readonly string[]): string {
  const head = [
    "year",
    "district",
    "name",
    "creatives",
    "firms",
    "rentMean",
    "rentSpread",
    "output",
    "exports",
    "links",
    "displaced",
    "arrived",
    "community",
    "budget",
    "score",
    "leftCity",
    "anchors",
    "globalLinks",
    "heritageTiles",
    "distinctiveness",
    "policies",
    "cityPolicies",
  ];
  const cell = (v: string | number) => {
    const t = String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const lines = [head.join(",")];
  for (const r of [...rows].sort((a, b) => a.year - b.year || a.district - b.district)) {
    lines.push(
      [
        r.year,
        // Numbered as on screen (district 1 is the first), not by the rules' index.
        r.district + 1,
        districtNames[r.district] ?? "",
        r.creatives,
        r.firms.reduce((a, b) => a + b, 0),
        r.rentMean,
        r.rentSpread,
        r.output,
        r.exports,
        r.links,
        r.displaced,
        r.arrived,
        r.community,
        r.budget,
        r.score,
        r.movedTo?.[districtNames.length] ?? 0,
        r.anchors ?? 0,
        r.globalLinks ?? 0,
        r.heritageTiles ?? 0,
        r.distinctiveness ?? 0,
        (r.policies ?? []).join(" "),
        (r.cityPolicies ?? []).join(" "),
      ]
        .map(cell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

type Texts = { en: string; zh: string };
export interface ScenarioTexts {
  title: Texts;
  summary: Texts;
  goal: Texts;
}

const isTexts = (x: unknown): x is Texts =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as Texts).en === "string" &&
  typeof (x as Texts).zh === "string";

type GoalView = Pick<
  RoomStateView,
  "years" | "goalKind" | "goalTarget" | "goalDistrict" | "goalMaxDisplacedShare" | "districts"
>;

/** The room's scenario texts, as the server sent them (a custom scenario's too); else the built-in
 * scenario of that id; null if neither is known. When the room's goal differs from the scenario's
 * (the host chose other rounds, so the target was scaled), `goal` states the goal that will be judged,
 * with the scenario's own figure beside it. */
export function scenarioTexts(
  view: Pick<RoomStateView, "scenario" | "scenarioText"> & Partial<GoalView>,
): ScenarioTexts | null {
  let texts: ScenarioTexts | null = null;
  let planned: { target: number; years: number } | null = null;
  try {
    const x = JSON.parse(view.scenarioText || "null") as
      | (Partial<ScenarioTexts> & { goalTarget?: unknown; years?: unknown })
      | null;
    if (x && isTexts(x.title) && isTexts(x.summary) && isTexts(x.goal)) {
      texts = { title: x.title, summary: x.summary, goal: x.goal };
      if (typeof x.goalTarget === "number" && typeof x.years === "number")
        planned = { target: x.goalTarget, years: x.years };
    }
  } catch {
    // fall through to the built-in scenario
  }
  const s = scenarioById(view.scenario);
  if (!texts && s) texts = { title: s.title, summary: s.summary, goal: s.goal.text };
  if (!planned && s && (!view.scenarioText || s.title.en === texts?.title.en))
    planned = { target: s.goal.target, years: s.years };
  if (!texts) return null;
  const judged = judgedGoal(view, planned);
  return judged ? { ...texts, goal: judged } : texts;
}

/** The goal the room will be judged on, in both languages, if it is not the scenario's own. */
function judgedGoal(
  view: Partial<GoalView>,
  planned: { target: number; years: number } | null,
): Texts | null {
  const { years, goalKind, goalTarget } = view;
  if (!planned || years === undefined || goalTarget === undefined || !goalKind) return null;
  if (years === planned.years && goalTarget === planned.target) return null;
  const key = `goal.${goalKind}`;
  const name = view.districts?.[view.goalDistrict ?? -1]?.name ?? "";
  const text = (l: Locale): string => {
    const cat = CATALOGUES[l] as Record<string, string>;
    if (!(key in cat)) return "";
    const district = cat[`districtName.${name}`] ?? name;
    const share = `${Math.round((view.goalMaxDisplacedShare ?? 1) * 100)}%`;
    return `${format(cat[key], { district, target: goalTarget, years, share })} ${format(cat["goal.scaled"], {
      target: planned.target,
      years: planned.years,
    })}`;
  };
  const en = text("en");
  const zh = text("zh-CN");
  return en && zh ? { en, zh } : null;
}
