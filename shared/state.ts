// The game state: plain JSON, so it can be saved, hashed, replayed and sent. Rules never mutate a
// state they are given; they return a new one.
import type { Character, CityPolicy, DistrictPolicy, LandUse, LinkType, Sector, Terrain } from "./kinds.js";
import type { RngState } from "./rng.js";

export interface Tile {
  terrain: Terrain;
  use: LandUse;
  /** Owning district, or -1 for city-level tiles (water, gateways). */
  district: number;
  rent: number;
  creatives: number;
  /** Firm counts, one per sector in SECTORS order. */
  firms: number[];
  buzz: number;
  heritage: number;
  /** Affordable-space protection: rent is capped. */
  protected: boolean;
  /** The tile was a factory once (industrial-revival path). */
  converted: boolean;
  /** Creative income per creative on this tile last year (what they can pay). */
  pay: number;
}

export interface Ledger {
  start: number;
  credits: number;
  debits: number;
}

export interface ScoreParts {
  output: number;
  jobs: number;
  community: number;
  /** The export part: cumulative exports, at face value. */
  exportShare: number;
  displaced: number;
  total: number;
}

export interface District {
  id: number;
  name: string;
  character: Character;
  budget: number;
  ledger: Ledger;
  policies: Record<DistrictPolicy, boolean>;
  votes: Partial<Record<CityPolicy, boolean>>;
  /** Local roots (0..1): heritage, crafts and originality. Erodes when the district only imports. */
  distinctiveness: number;
  score: ScoreParts;
  /** Creatives displaced from this district, all years. */
  displacedTotal: number;
  /** Creatives present at the start of the game. */
  initialCreatives: number;
  /** Anchor institutions at the start of the game. */
  initialAnchors: number;
}

export interface Link {
  id: number;
  kind: LinkType;
  /** Tile indices of the two ends. */
  a: number;
  b: number;
  /** District that paid for and owns the link. */
  owner: number;
  year: number;
}

export type Proposal =
  | {
      id: number;
      kind: "link";
      from: number;
      to: number;
      link: { kind: LinkType; a: number; b: number };
      year: number;
    }
  | { id: number; kind: "deal"; from: number; to: number; amount: number; year: number };

export interface Market {
  /** Sector demand multipliers (1 = normal). */
  demand: Record<Sector, number>;
  /** The active city event, if any, for this year. */
  event: CityEventKind | null;
}

export const CITY_EVENTS = ["boom", "recession", "festival", "mediaGiant", "rentSpike"] as const;
export type CityEventKind = (typeof CITY_EVENTS)[number];

export interface HistoryRow {
  year: number;
  district: number;
  creatives: number;
  firms: number[];
  rentMean: number;
  rentSpread: number;
  output: number;
  exports: number;
  links: number;
  displaced: number;
  /** Creatives who came to the district this year: newcomers to the city and movers. */
  arrived: number;
  community: number;
  budget: number;
  score: number;
  /** Where the creatives who had to move from this district this year went: a count per destination
   * district, then those who left the city (length: districts + 1). Sums to `displaced`. */
  movedTo: number[];
  /** Anchor institutions in the district at the end of the year. */
  anchors: number;
  /** Of `links`, those to the global market. */
  globalLinks: number;
  /** Tiles of old fabric still holding heritage (heritage of at least 0.3). */
  heritageTiles: number;
  /** Local roots at the end of the year (0..1). */
  distinctiveness: number;
  /** District policies in force during the year (before any lapse for debt). */
  policies: DistrictPolicy[];
  /** City policies in force during the year. */
  cityPolicies: CityPolicy[];
}

export interface Goal {
  kind: "firmsInDistrict" | "cityCreatives" | "cityExports" | "clusters";
  /** District index for district goals (-1: the whole city). */
  district: number;
  target: number;
  /** Most displaced creatives allowed, as a share of the district's (or city's) initial ones. */
  maxDisplacedShare: number;
}

export interface GoalProgress {
  value: number;
  target: number;
  displacedShare: number;
  met: boolean;
  failed: boolean;
}

export interface CreativeLedger {
  initial: number;
  arrived: number;
  left: number;
}

export type GameEvent =
  | {
      type: "migration";
      year: number;
      from: number;
      to: number;
      count: number;
      reason: "displaced" | "evicted";
    }
  | { type: "arrival"; year: number; to: number; count: number }
  | { type: "firmsBorn"; year: number; tile: number; sector: Sector; count: number }
  | { type: "firmsClosed"; year: number; tile: number; sector: Sector; count: number }
  | { type: "built"; year: number; tile: number; use: LandUse; district: number }
  | { type: "demolished"; year: number; tile: number; district: number }
  | { type: "linkForged"; year: number; link: number; district: number }
  | { type: "linkCut"; year: number; link: number; district: number }
  | { type: "proposal"; year: number; proposal: number; from: number; to: number }
  | { type: "proposalClosed"; year: number; proposal: number; accepted: boolean }
  | { type: "policy"; year: number; district: number; policy: string; enabled: boolean }
  | { type: "cityPolicy"; year: number; policy: CityPolicy; enabled: boolean }
  | { type: "cityEvent"; year: number; event: CityEventKind; sector?: Sector }
  | { type: "yearResolved"; year: number };

export interface GameState {
  version: 1;
  scenario: string;
  seed: number;
  width: number;
  height: number;
  /** Years resolved so far. */
  year: number;
  years: number;
  /** Scenario multiplier on rent growth. */
  rentPressure: number;
  tiles: Tile[];
  districts: District[];
  links: Link[];
  nextId: number;
  market: Market;
  cityPolicies: Record<CityPolicy, boolean>;
  proposals: Proposal[];
  /** Events queued by the host for the next resolution. */
  queuedEvents: CityEventKind[];
  history: HistoryRow[];
  /** The most recent events (bounded), newest last. */
  log: GameEvent[];
  creativesLedger: CreativeLedger;
  /** Creatives evicted by demolition or a smaller use, waiting to move at the next resolution. */
  evicted: { tile: number; count: number }[];
  goal: Goal;
  goalProgress: GoalProgress;
  rng: RngState;
  /** The game's own past, for judging change (the debrief) and classifying clusters by how they
   * formed. Absent in snapshots saved before it existed; readers then fall back. */
  chronicle?: Chronicle;
}

/** The city at year 0 (before anyone acted), by district, for the debrief to measure change against. */
export interface StartFigures {
  /** Tiles of old fabric holding heritage (heritage of at least 0.3), as history rows count them. */
  heritageTiles: number[];
  /** Mixed-use community score (mean over the district's tiles), as history rows give it. */
  community: number[];
  /** Public cultural institutions standing (see PUBLIC_INSTITUTIONS). */
  institutions: number[];
  firms: number[];
  /** Firms in visual arts and crafts (the paper's local art making). */
  visualFirms: number[];
  /** Output and exports the starting city would earn in a year. */
  output: number[];
  exports: number[];
  distinctiveness: number[];
  /** District policies in force at the start, and the city's. */
  policies: DistrictPolicy[][];
  cityPolicies: CityPolicy[];
  /** The first id the room could give a link: every link with a larger or equal id was forged in play. */
  nextId: number;
}

/** What a district's players made on a tile: an anchor they placed, a factory they converted or a
 * building they built (never what an event brought). */
export interface Placement {
  tile: number;
  use: LandUse;
  district: number;
  year: number;
}

/** What a cluster was in the year it formed: the markers of the paper's three formation paths. */
export interface ClusterFounding {
  year: number;
  /** Its tiles then, ascending. */
  tiles: number[];
  firms: number;
  /** The district holding most of its tiles, and that district's character. */
  district: number;
  character: Character;
  /** Tiles made from old factories (an incubator in one counts as an incubator). */
  converted: number;
  /** Public cultural institutions (university, research institute, museum, gallery, theatre). */
  institutions: number;
  incubators: number;
  media: number;
  exhibition: number;
  /** Global gateways next to its tiles, and global links from them. */
  gateways: number;
  globalLinks: number;
  /** Tiles under affordable-space protection (protective policy, not park-building). */
  protectedTiles: number;
  /** Policies in force in its district. */
  policies: DistrictPolicy[];
}

/** A cluster followed from year to year by its tiles; merged clusters keep every founding. */
export interface ClusterRecord {
  id: number;
  /** Its own founding first, then those of clusters that merged into it. */
  foundings: ClusterFounding[];
  /** Its tiles at the end of the last year resolved. */
  tiles: number[];
}

export interface Chronicle {
  start: StartFigures;
  placed: Placement[];
  clusters: ClusterRecord[];
  nextCluster: number;
}

/** The chronicle after a district's players placed an anchor, converted a factory or built. */
export function notePlacement(chronicle: Chronicle | undefined, placed: Placement): Chronicle | undefined {
  if (!chronicle) return chronicle;
  return { ...chronicle, placed: [...chronicle.placed, placed] };
}

export const LOG_LIMIT = 400;

export function tileIndex(state: { width: number }, x: number, y: number): number {
  return y * state.width + x;
}

export function inBounds(state: { width: number; height: number }, x: number, y: number): boolean {
  return (
    Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < state.width && y < state.height
  );
}

export function tileXY(state: { width: number }, index: number): { x: number; y: number } {
  return { x: index % state.width, y: Math.floor(index / state.width) };
}

/** A copy of a tile, its firm counts copied too. Every copy of a tile in the rules is made here, field
 * by field in one order, so that tiles share one object shape and the hot loops stay optimised. */
export function copyTile(t: Tile): Tile {
  return {
    terrain: t.terrain,
    use: t.use,
    district: t.district,
    rent: t.rent,
    creatives: t.creatives,
    firms: t.firms.slice(),
    buzz: t.buzz,
    heritage: t.heritage,
    protected: t.protected,
    converted: t.converted,
    pay: t.pay,
  };
}

export function firmTotal(tile: Tile): number {
  const firms = tile.firms;
  let n = 0;
  for (let s = 0; s < firms.length; s++) n += firms[s];
  return n;
}

/** Rounds money to cents so ledgers stay exact enough to compare. */
export function money(x: number): number {
  return Math.round(x * 100) / 100;
}
