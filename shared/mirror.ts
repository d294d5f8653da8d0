// The "mirror": the plain layout of the game state that the server's Colyseus Schema holds (the map
// chunked 16×16, flags and lists flattened to strings). The client reads `room.state.toJSON()` and
// calls `fromMirror` to get a GameState good enough for `applyAction` previews. Pure: no I/O, no clock.
import {
  CITY_POLICY_KINDS,
  type Character,
  type CityPolicy,
  DISTRICT_POLICY_KINDS,
  type DistrictPolicy,
  type LandUse,
  type LinkType,
  SECTORS,
  type Sector,
  type Terrain,
} from "./kinds.js";
import { scenarioById } from "./scenarios.js";
import type { Chronicle, CityEventKind, District, GameState, Goal, Link, Proposal, Tile } from "./state.js";

/** Side of a map chunk, in tiles. */
export const CHUNK_SIZE = 16;

/** "starting": the game has begun but the first planning clock waits for the players' maps (fair start). */
export const PHASES = ["lobby", "starting", "planning", "resolving", "report", "ended"] as const;
export type Phase = (typeof PHASES)[number];

export interface TileView {
  terrain: string;
  use: string;
  district: number;
  /** Rent in cents (the rules round rent to cents; a whole number is smaller on the wire). */
  rent: number;
  creatives: number;
  f0: number;
  f1: number;
  f2: number;
  f3: number;
  f4: number;
  f5: number;
  /** Buzz and heritage in thousandths (the rules round them to thousandths). */
  buzz: number;
  heritage: number;
  protected: boolean;
  converted: boolean;
  pay: number;
}

export interface ChunkView {
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** Row-major inside the chunk. */
  tiles: TileView[];
}

export interface DistrictView {
  id: number;
  name: string;
  character: string;
  budget: number;
  /** Comma-separated enabled district policies. */
  policies: string;
  /** Comma-separated "policy:1" / "policy:0". */
  votes: string;
  distinctiveness: number;
  displacedTotal: number;
  initialCreatives: number;
  initialAnchors: number;
  scoreOutput: number;
  scoreJobs: number;
  scoreCommunity: number;
  scoreExportShare: number;
  scoreDisplaced: number;
  scoreTotal: number;
  ledgerStart: number;
  ledgerCredits: number;
  ledgerDebits: number;
  /** Players seated in the district (set by the server, not by the rules). */
  seatCount: number;
}

export interface LinkView {
  id: number;
  kind: string;
  a: number;
  b: number;
  owner: number;
  year: number;
}

export interface ProposalView {
  id: number;
  kind: "link" | "deal" | string;
  from: number;
  to: number;
  /** 0 for links. */
  amount: number;
  /** "" for deals. */
  linkKind: string;
  /** -1 for deals. */
  a: number;
  b: number;
  year: number;
}

export interface PlayerView {
  id: string;
  nickname: string;
  /** -1: not seated. */
  district: number;
  connected: boolean;
  isHost: boolean;
  isBot: boolean;
  isProjector: boolean;
}

/** The game part of the room state (what `toMirror` writes). */
export interface Mirror {
  scenario: string;
  year: number;
  years: number;
  width: number;
  height: number;
  seed: number;
  nextId: number;
  /** "" if none. */
  event: string;
  /** SECTORS order. */
  demand: number[];
  /** Comma-separated enabled city policies. */
  cityPolicies: string;
  goalKind: string;
  goalValue: number;
  goalTarget: number;
  goalDisplacedShare: number;
  goalMet: boolean;
  goalFailed: boolean;
  /** Extra goal fields (beyond the agreed layout; optional so older readers still work). */
  goalDistrict?: number;
  goalMaxDisplacedShare?: number;
  /** Events the host queued for the next resolution, comma-separated. */
  queuedEvents?: string;
  /** The scenario's multiplier on rent growth (a custom scenario's is not in SCENARIOS). */
  rentPressure?: number;
  /** The rules' chronicle (start figures, placements, cluster records) as JSON; "" if none. */
  chronicle?: string;
  chunks: ChunkView[];
  districts: DistrictView[];
  links: LinkView[];
  proposals: ProposalView[];
}

/** The whole room state as `room.state.toJSON()` gives it. */
export interface RoomStateView extends Mirror {
  code: string;
  phase: Phase;
  paused: boolean;
  /** Server epoch ms; 0 if no timer runs. */
  phaseEndsAt: number;
  /** Remaining ms frozen while paused. */
  remainingMs: number;
  chatEnabled: boolean;
  chatMuted: boolean;
  botsEnabled: boolean;
  /** How bots play: "mixed" (the five strategies in turn) or "cooperative" (for the shared goal). */
  botStrategy: string;
  /** The scenario's title, summary and goal in both languages, as JSON (a custom scenario's too). */
  scenarioText: string;
  players: Record<string, PlayerView>;
}

export function chunkCount(width: number, height: number): { cols: number; rows: number } {
  return { cols: Math.ceil(width / CHUNK_SIZE), rows: Math.ceil(height / CHUNK_SIZE) };
}

/** Where a tile index lives: chunk index (row-major) and index inside the chunk. */
export function chunkOf(width: number, height: number, index: number): { chunk: number; inner: number } {
  const x = index % width;
  const y = Math.floor(index / width);
  const { cols } = chunkCount(width, height);
  const cx = Math.floor(x / CHUNK_SIZE);
  const cy = Math.floor(y / CHUNK_SIZE);
  const w = Math.min(CHUNK_SIZE, width - cx * CHUNK_SIZE);
  return { chunk: cy * cols + cx, inner: (y - cy * CHUNK_SIZE) * w + (x - cx * CHUNK_SIZE) };
}

export function tileView(t: Tile): TileView {
  return {
    terrain: t.terrain,
    use: t.use,
    district: t.district,
    rent: Math.round(t.rent * 100),
    creatives: t.creatives,
    f0: t.firms[0] ?? 0,
    f1: t.firms[1] ?? 0,
    f2: t.firms[2] ?? 0,
    f3: t.firms[3] ?? 0,
    f4: t.firms[4] ?? 0,
    f5: t.firms[5] ?? 0,
    buzz: Math.round(t.buzz * 1000),
    heritage: Math.round(t.heritage * 1000),
    protected: t.protected,
    converted: t.converted,
    pay: t.pay,
  };
}

/** Pay travels as float32 (rounded back to cents here); rent travels in whole cents, buzz and heritage
 * in whole thousandths. */
const cents = (x: number) => Math.round(x * 100) / 100;

export function tileFromView(v: TileView): Tile {
  return {
    terrain: v.terrain as Terrain,
    use: v.use as LandUse,
    district: v.district,
    rent: v.rent / 100,
    creatives: v.creatives,
    firms: [v.f0, v.f1, v.f2, v.f3, v.f4, v.f5],
    buzz: v.buzz / 1000,
    heritage: v.heritage / 1000,
    protected: v.protected,
    converted: v.converted,
    pay: cents(v.pay),
  };
}

export function districtView(d: District, seatCount = 0): DistrictView {
  return {
    id: d.id,
    name: d.name,
    character: d.character,
    budget: d.budget,
    policies: DISTRICT_POLICY_KINDS.filter((p) => d.policies[p]).join(","),
    votes: CITY_POLICY_KINDS.filter((p) => d.votes[p] !== undefined)
      .map((p) => `${p}:${d.votes[p] ? 1 : 0}`)
      .join(","),
    distinctiveness: d.distinctiveness,
    displacedTotal: d.displacedTotal,
    initialCreatives: d.initialCreatives,
    initialAnchors: d.initialAnchors,
    scoreOutput: d.score.output,
    scoreJobs: d.score.jobs,
    scoreCommunity: d.score.community,
    scoreExportShare: d.score.exportShare,
    scoreDisplaced: d.score.displaced,
    scoreTotal: d.score.total,
    ledgerStart: d.ledger.start,
    ledgerCredits: d.ledger.credits,
    ledgerDebits: d.ledger.debits,
    seatCount,
  };
}

function splitList(s: string): string[] {
  return s ? s.split(",").filter((x) => x.length > 0) : [];
}

export function districtFromView(v: DistrictView): District {
  const on = new Set(splitList(v.policies));
  const policies = Object.fromEntries(DISTRICT_POLICY_KINDS.map((p) => [p, on.has(p)])) as Record<
    DistrictPolicy,
    boolean
  >;
  const votes: Partial<Record<CityPolicy, boolean>> = {};
  for (const item of splitList(v.votes)) {
    const [p, b] = item.split(":");
    if ((CITY_POLICY_KINDS as string[]).includes(p)) votes[p as CityPolicy] = b === "1";
  }
  return {
    id: v.id,
    name: v.name,
    character: v.character as Character,
    budget: v.budget,
    ledger: { start: v.ledgerStart, credits: v.ledgerCredits, debits: v.ledgerDebits },
    policies,
    votes,
    distinctiveness: v.distinctiveness,
    score: {
      output: v.scoreOutput,
      jobs: v.scoreJobs,
      community: v.scoreCommunity,
      exportShare: v.scoreExportShare,
      displaced: v.scoreDisplaced,
      total: v.scoreTotal,
    },
    displacedTotal: v.displacedTotal,
    initialCreatives: v.initialCreatives,
    initialAnchors: v.initialAnchors,
  };
}

export function linkView(l: Link): LinkView {
  return { id: l.id, kind: l.kind, a: l.a, b: l.b, owner: l.owner, year: l.year };
}

export function linkFromView(v: LinkView): Link {
  return { id: v.id, kind: v.kind as LinkType, a: v.a, b: v.b, owner: v.owner, year: v.year };
}

export function proposalView(p: Proposal): ProposalView {
  if (p.kind === "link") {
    return {
      id: p.id,
      kind: "link",
      from: p.from,
      to: p.to,
      amount: 0,
      linkKind: p.link.kind,
      a: p.link.a,
      b: p.link.b,
      year: p.year,
    };
  }
  return {
    id: p.id,
    kind: "deal",
    from: p.from,
    to: p.to,
    amount: p.amount,
    linkKind: "",
    a: -1,
    b: -1,
    year: p.year,
  };
}

export function proposalFromView(v: ProposalView): Proposal {
  if (v.kind === "link") {
    return {
      id: v.id,
      kind: "link",
      from: v.from,
      to: v.to,
      link: { kind: v.linkKind as LinkType, a: v.a, b: v.b },
      year: v.year,
    };
  }
  return { id: v.id, kind: "deal", from: v.from, to: v.to, amount: v.amount, year: v.year };
}

/** Cuts the tile array into 16×16 chunks (row-major chunk order; edge chunks clipped). */
export function chunkTiles(state: Pick<GameState, "width" | "height" | "tiles">): ChunkView[] {
  const { cols, rows } = chunkCount(state.width, state.height);
  const chunks: ChunkView[] = [];
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const x0 = cx * CHUNK_SIZE;
      const y0 = cy * CHUNK_SIZE;
      const w = Math.min(CHUNK_SIZE, state.width - x0);
      const h = Math.min(CHUNK_SIZE, state.height - y0);
      const tiles: TileView[] = [];
      for (let y = y0; y < y0 + h; y++) {
        for (let x = x0; x < x0 + w; x++) tiles.push(tileView(state.tiles[y * state.width + x]));
      }
      chunks.push({ cx, cy, w, h, tiles });
    }
  }
  return chunks;
}

/** Rebuilds the flat tile array from chunks. */
export function unchunkTiles(width: number, height: number, chunks: ChunkView[]): Tile[] {
  const tiles: Tile[] = new Array(width * height);
  for (const c of chunks) {
    for (let j = 0; j < c.tiles.length; j++) {
      const x = c.cx * CHUNK_SIZE + (j % c.w);
      const y = c.cy * CHUNK_SIZE + Math.floor(j / c.w);
      tiles[y * width + x] = tileFromView(c.tiles[j]);
    }
  }
  return tiles;
}

export function toMirror(state: GameState): Mirror {
  return {
    scenario: state.scenario,
    year: state.year,
    years: state.years,
    width: state.width,
    height: state.height,
    seed: state.seed,
    nextId: state.nextId,
    event: state.market.event ?? "",
    demand: SECTORS.map((s) => state.market.demand[s]),
    cityPolicies: CITY_POLICY_KINDS.filter((p) => state.cityPolicies[p]).join(","),
    goalKind: state.goal.kind,
    goalValue: state.goalProgress.value,
    goalTarget: state.goalProgress.target,
    goalDisplacedShare: state.goalProgress.displacedShare,
    goalMet: state.goalProgress.met,
    goalFailed: state.goalProgress.failed,
    goalDistrict: state.goal.district,
    goalMaxDisplacedShare: state.goal.maxDisplacedShare,
    queuedEvents: state.queuedEvents.join(","),
    rentPressure: state.rentPressure,
    chronicle: state.chronicle ? JSON.stringify(state.chronicle) : "",
    chunks: chunkTiles(state),
    districts: state.districts.map((d) => districtView(d)),
    links: state.links.map(linkView),
    proposals: state.proposals.map(proposalView),
  };
}

/**
 * A GameState from a mirror. The PRNG, history, log, evictions and the creatives ledger are not
 * mirrored: they get neutral defaults, so the result serves previews, not resolution.
 */
export function fromMirror(m: Mirror): GameState {
  const enabled = new Set(splitList(m.cityPolicies));
  const scenario = scenarioById(m.scenario);
  const demand = Object.fromEntries(SECTORS.map((s, i) => [s, m.demand[i] ?? 1])) as Record<Sector, number>;
  const goal: Goal = {
    kind: m.goalKind as Goal["kind"],
    district: m.goalDistrict ?? -1,
    target: m.goalTarget,
    maxDisplacedShare: m.goalMaxDisplacedShare ?? 1,
  };
  return {
    version: 1,
    scenario: m.scenario,
    seed: m.seed,
    width: m.width,
    height: m.height,
    year: m.year,
    years: m.years,
    rentPressure: m.rentPressure ?? scenario?.rentPressure ?? 1,
    tiles: unchunkTiles(m.width, m.height, m.chunks),
    districts: m.districts.map(districtFromView),
    links: m.links.map(linkFromView),
    nextId: m.nextId,
    market: { demand, event: m.event ? (m.event as CityEventKind) : null },
    cityPolicies: Object.fromEntries(CITY_POLICY_KINDS.map((p) => [p, enabled.has(p)])) as Record<
      CityPolicy,
      boolean
    >,
    proposals: m.proposals.map(proposalFromView),
    queuedEvents: splitList(m.queuedEvents ?? "") as CityEventKind[],
    history: [],
    log: [],
    creativesLedger: { initial: 0, arrived: 0, left: 0 },
    evicted: [],
    goal,
    goalProgress: {
      value: m.goalValue,
      target: m.goalTarget,
      displacedShare: m.goalDisplacedShare,
      met: m.goalMet,
      failed: m.goalFailed,
    },
    rng: [0, 0, 0, 0],
    chronicle: parseChronicle(m.chronicle),
  };
}

/** The chronicle from its JSON, or undefined if there is none or it is not one. */
export function parseChronicle(text: string | undefined): Chronicle | undefined {
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as Chronicle;
    const ok =
      c !== null &&
      typeof c === "object" &&
      typeof c.start === "object" &&
      Array.isArray(c.placed) &&
      Array.isArray(c.clusters);
    return ok ? c : undefined;
  } catch {
    return undefined;
  }
}
