// One year of the city: the eight steps of DESIGN.md as a pure, deterministic function of the state
// (whose PRNG state it carries). Attraction, rent, displacement and migration, firms, output and
// exports, budgets, the global market, and a history row per district.
import {
  type ClusterEconomy,
  type ClusterGroups,
  clusterEconomiesOf,
  clusterGroupsOf,
  recordClusterYear,
} from "./clusters.js";
import {
  BASE_PAY,
  creatorPay,
  demandFactors,
  exportsPerFirm,
  globalAccess,
  ipShare,
  type LinkStats,
  linkStatsOf,
  localRoots,
  revenuePerFirmAt,
  AFFORDABLE_RENT_SHARE,
} from "./economy.js";
import {
  CHARACTERS,
  CITY_POLICIES,
  CITY_POLICY_KINDS,
  DISTRICT_POLICIES,
  DISTRICT_POLICY_KINDS,
  LAND_USE_KINDS,
  LAND_USES,
  LINK_TYPES,
  MEDIA_REACH,
  MEDIA_SECTORS,
  SECTORS,
  SECTOR_BASE,
  USE_GROUPS,
} from "./kinds.js";
import { exchangeAccess, exchangeAttraction, ipTransferFactor, servicesDeathFactor } from "./levers.js";
import { Rng } from "./rng.js";
import {
  CITY_EVENTS,
  type CityEventKind,
  type District,
  type GameEvent,
  type GameState,
  type HistoryRow,
  type Link,
  type Tile,
  LOG_LIMIT,
  money,
} from "./state.js";
import {
  addFirms,
  f64,
  i32,
  keepYearWork,
  LAND,
  readTiles,
  type Scratch,
  SECTOR_COUNT,
  scratchFor,
  type TileWork,
  u8,
  useIndex,
  WATER,
  writeTiles,
  yearWork,
} from "./yearwork.js";

/** Radius (Chebyshev) of the neighbourhood used for attraction, community and rent pressure. */
export const RADIUS = 3;
/** Newcomers per year: a base per district plus a share of the creatives already in the city. */
export const INFLOW_BASE = 8;
export const INFLOW_RATE = 0.07;
/** How strongly newcomers prefer the most attractive tiles (per unit of attraction). */
export const ARRIVAL_SELECTIVITY = 5;
/** Creatives look for space to work: the pull of workspace uses on top of their attraction. */
export const WORKSPACE_PULL: Partial<Record<string, number>> = {
  studio: 1.3,
  incubator: 0.6,
  derelict: 0.15,
};
/** Creatives a talent programme brings to its district each year. */
export const TALENT_ARRIVALS = 24;
/** Creatives move only to tiles whose rent is at most this share of their pay. */
export const AFFORDABLE_SHARE = 0.8;
/** Attraction lost per tile of distance when displaced creatives choose where to go. */
export const DISTANCE_PENALTY = 0.02;
/** How much displaced creatives favour cheap space (per unit of the share of pay left after rent). */
export const DISPLACED_CHEAP_PULL = 1.5;
/** How much displaced creatives favour moving toward the city's edge (per half-width outward). */
export const OUTWARD_PULL = 1.2;
/** How many candidate tiles displaced creatives consider. */
const CANDIDATES = 96;
/** Weight of the jitter (0..1) in a displaced mover's score for a candidate. */
const MAX_JITTER = 0.05;
/** Slack on the bound that ends a mover's scan early: far above any rounding in the scores (whose
 * terms are a few units at most), so the bound never cuts off a candidate that could win. */
const SCORE_SLACK = 1e-9;
/** How strongly rent follows occupancy: empty space gets cheaper, full space dearer (±). */
export const VACANCY_WEIGHT = 0.3;
/** Creative demand above this level raises rents. */
export const DEMAND_THRESHOLD = 0.2;
/** How far creative demand lifts the asking rent above the going rate (×(1 + gain·demand²)). */
export const RENT_DEMAND_GAIN = 16;
/** Share of creative demand that reaches protected heritage fabric's rent. */
export const HERITAGE_DEMAND_SHARE = 0.6;
/** Rents move toward the asking rent by at most these shares a year. */
export const MAX_RENT_RISE = 0.4;
export const MAX_RENT_FALL = 0.1;
/** Share of the gap to the neighbourhood's mean rent closed each year (rent follows the area). */
export const RENT_SPILLOVER = 0.1;
/** Workspace (studios, incubators) with no link in a neighbourhood of at most this community (share of
 * the six use groups) is an empty shell: nothing ties its tenants to the place (paper section 3). */
export const SHELL_COMMUNITY = 0.5;
/** Share of a shell's creatives who leave it each year. */
export const SHELL_EXODUS = 0.2;

/** Attraction an empty shell loses: newcomers hear it is dead. */
export const SHELL_PENALTY = 0.6;

/** Whether a tile is an empty shell: link-less workspace in a mono-functional neighbourhood. */
export function isShell(t: Tile, linked: boolean, community: number): boolean {
  return t.use === "incubator" && !linked && community <= SHELL_COMMUNITY;
}

const MUSIC = SECTORS.indexOf("music");
const DIGITAL = SECTORS.indexOf("digital");
const MEDIA_INDEX = MEDIA_SECTORS.map((s) => SECTORS.indexOf(s));
/** Expected firms a year drawn to an office tile per media HQ or gateway within reach (up to three). */
export const HUB_DRAW = 0.45;
/** Yearly failure risk of a digital firm with no global access, no link and no local roots. */
export const DIGITAL_RISK = 0.35;

/** Lesson 6: digital firms fail without global distribution (access) and links; local roots
 * (distinctiveness built by local art first) make the upgrade safer. */
export function digitalRisk(access: number, linked: boolean, roots: number): number {
  return DIGITAL_RISK * (1 - access) * (linked ? 0.5 : 1) * (1 - 0.6 * roots);
}
const BIRTH_WEIGHT = SECTORS.map((s) => SECTOR_BASE[s].birth);
/** Extra birth weight of music firms on converted factories. */
export const CONVERTED_MUSIC = 0.25;

/** Share of an export's value that counts in the district's score: international distribution, the
 * costly downstream end of the chain, takes the rest (paper section 5(6)). */
export const EXPORT_SCORE_WEIGHT = 0.35;

/** Land-use rows as typed tables indexed by a use's position in LAND_USE_KINDS (the index the year's
 * working copy stores, see yearwork.ts): the hot loops index these instead of looking rows up by name. */
const U_CREATIVES = Float64Array.from(LAND_USE_KINDS, (u) => LAND_USES[u].creatives);
const U_FIRMS = Float64Array.from(LAND_USE_KINDS, (u) => LAND_USES[u].firms);
const U_RENT = Float64Array.from(LAND_USE_KINDS, (u) => LAND_USES[u].rent);
const U_TAX = Float64Array.from(LAND_USE_KINDS, (u) => LAND_USES[u].tax);
const U_UPKEEP = Float64Array.from(LAND_USE_KINDS, (u) => LAND_USES[u].upkeep);
const U_ANCHOR = Uint8Array.from(LAND_USE_KINDS, (u) => (LAND_USES[u].anchor ? 1 : 0));
const U_PULL = Float64Array.from(LAND_USE_KINDS, (u) => WORKSPACE_PULL[u] ?? 0);
/** Leisure and commerce: the amenities nearby. */
const U_AMENITY = Uint8Array.from(LAND_USE_KINDS, (u) => (u === "leisure" || u === "commerce" ? 1 : 0));
/** The use's bit among the six use groups (0: none), for the community measure. */
const U_GROUP_BIT = Int32Array.from(LAND_USE_KINDS, (u) => {
  const g = LAND_USES[u].group;
  return g ? 1 << USE_GROUPS.indexOf(g) : 0;
});
/** The sectors each use seeds (by SECTORS index); media HQs and gateways are hubs. */
const U_SEEDS = LAND_USE_KINDS.map((u) => LAND_USES[u].seeds.map((x) => SECTORS.indexOf(x)));
const U_HUB = Uint8Array.from(LAND_USE_KINDS, (u) => (u === "media" || u === "gateway" ? 1 : 0));
const INCUBATOR = useIndex("incubator");
const COMMERCE = useIndex("commerce");
const HERITAGE = useIndex("heritage");
const MEDIA = useIndex("media");
const GATEWAY = useIndex("gateway");
const EMPTY = useIndex("empty");

/** Rent the creatives on a tile pay: capped on protected (affordable) tiles. */
const paidRent = (w: TileWork, i: number): number =>
  w.protected[i] ? Math.min(w.rent[i], AFFORDABLE_RENT_SHARE * BASE_PAY) : w.rent[i];

/** Score lost per budget unit a district is in debt at the end of a year (debt is not free). */
export const DEBT_SCORE_WEIGHT = 1;
/** Yearly cost of each protected (affordable) tile: management and the landlord's compensation. */
export const PROTECTION_UPKEEP = 0.6;
/** Share of an affordable tile's rent gap that the district pays as a subsidy. */
export const SUBSIDY_RATE = 0.025;

/** What a protected tile costs its district each year: upkeep, plus the subsidy once its rent is
 * above the affordable cap. */
export function protectionCost(t: Tile): number {
  return protectionCostOf(t.rent, t.creatives);
}

function protectionCostOf(rent: number, creatives: number): number {
  const gap = rent - AFFORDABLE_RENT_SHARE * BASE_PAY;
  return PROTECTION_UPKEEP + (gap > 0 && creatives > 0 ? SUBSIDY_RATE * gap * creatives : 0);
}

/** Sums of `values` over each tile's (2r+1)² window, from a summed-area table, written into `out`.
 * `sat` is scratch space of (w+1)·(h+1) numbers whose first row and column are zero, reused between
 * layers. */
function windowSums(
  values: Float64Array,
  w: number,
  h: number,
  r: number,
  sat: Float64Array,
  out: Float64Array,
): Float64Array {
  const W = w + 1;
  for (let y = 0; y < h; y++) {
    let row = 0;
    const base = (y + 1) * W;
    const prev = y * W;
    for (let x = 0; x < w; x++) {
      row += values[y * w + x];
      sat[base + x + 1] = sat[prev + x + 1] + row;
    }
  }
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(y - r, 0) * W;
    const y1 = ((y + r >= h ? h - 1 : y + r) + 1) * W;
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(x - r, 0);
      const x1 = (x + r >= w ? w - 1 : x + r) + 1;
      out[y * w + x] = sat[y1 + x1] - sat[y0 + x1] - sat[y1 + x0] + sat[y0 + x0];
    }
  }
  return out;
}

function cloneDistrict(d: District): District {
  return {
    id: d.id,
    name: d.name,
    character: d.character,
    budget: d.budget,
    ledger: { start: d.ledger.start, credits: d.ledger.credits, debits: d.ledger.debits },
    policies: { ...d.policies },
    votes: { ...d.votes },
    distinctiveness: d.distinctiveness,
    score: { ...d.score },
    displacedTotal: d.displacedTotal,
    initialCreatives: d.initialCreatives,
    initialAnchors: d.initialAnchors,
  };
}

export interface Neighbourhood {
  creatives: Float64Array;
  firms: Float64Array;
  anchors: Float64Array;
  amenities: Float64Array;
  /** Community: share of the six use groups present nearby (0..1). */
  mix: Float64Array;
  rentMean: Float64Array;
  /** Anchors of the city with the sectors they seed, in tile order (where firms are born, the year
   * scans only the rows within reach). */
  anchorSeeds: { x: number; y: number; seeds: number[]; hub: boolean }[];
  /** Per office (commerce) tile: how many media HQs and gateways it lies within reach of. */
  hubReach: Uint8Array;
}

/** Sums over each tile's neighbourhood of radius RADIUS (summed-area tables: linear time). Layers
 * that depend only on land uses are taken from `uses` when given (uses do not change mid-year). */
export function neighbourhood(state: GameState, uses?: Neighbourhood): Neighbourhood {
  return neighbourhoodOf(readTiles(state.tiles), state.width, state.height, uses);
}

/** The neighbourhood with one layer summed again from the working copy: the year's steps each change
 * one of them (migration the creatives, the firm step the firms), and uses never change mid-year. */
function refreshNeighbourhood(
  work: TileWork,
  w: number,
  h: number,
  nb: Neighbourhood,
  layer: "creatives" | "firms",
  scratch: Scratch,
): Neighbourhood {
  const n = work.n;
  const { terrain } = work;
  const source = layer === "creatives" ? work.creatives : work.firmTotal;
  const v = scratch.f64("refresh.v", n);
  for (let i = 0; i < n; i++) if (terrain[i] !== WATER) v[i] = source[i];
  const sat = scratch.f64("nb.sat", (w + 1) * (h + 1));
  const sums = windowSums(v, w, h, RADIUS, sat, scratch.f64(`refresh.${layer}`, n));
  return layer === "creatives" ? { ...nb, creatives: sums } : { ...nb, firms: sums };
}

/** The layers of a neighbourhood that depend only on the tiles' uses and terrain. */
type UseLayers = Pick<Neighbourhood, "anchors" | "amenities" | "mix" | "anchorSeeds" | "hubReach"> & {
  /** Land tiles in each window. */
  landSum: Float64Array;
};

/** A year's use layers, kept in its scratch with the uses and terrain they were summed from: uses and
 * terrain seldom change from one year to the next, so the next year of a game of this size takes the
 * layers as they are when its uses and terrain are the same, entry for entry (the same inputs give the
 * same sums, so the values never depend on which year summed them). */
interface UseLayerCache {
  w: number;
  use: Uint8Array;
  terrain: Uint8Array;
  layers: UseLayers;
}
const USE_LAYERS = new WeakMap<Scratch, UseLayerCache>();

/** Whether `a` and `b` hold the same bytes (equal lengths). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The use layers of `work` (see `UseLayers`): with a scratch, last year's when the uses and terrain
 * are the same. */
function useLayersOf(work: TileWork, w: number, h: number, scratch?: Scratch): UseLayers {
  if (scratch === undefined) return sumUseLayers(work, w, h);
  const n = work.n;
  const kept = USE_LAYERS.get(scratch);
  if (
    kept !== undefined &&
    kept.w === w &&
    sameBytes(kept.use, work.use) &&
    sameBytes(kept.terrain, work.terrain)
  )
    return kept.layers;
  const layers = sumUseLayers(work, w, h, scratch);
  const use = scratch.u8Any("nb.keptUse", n);
  const terrain = scratch.u8Any("nb.keptTerrain", n);
  use.set(work.use);
  terrain.set(work.terrain);
  USE_LAYERS.set(scratch, { w, use, terrain, layers });
  return layers;
}

/** Sums the use layers afresh (into `scratch`'s arrays when given). */
function sumUseLayers(work: TileWork, w: number, h: number, scratch?: Scratch): UseLayers {
  const n = work.n;
  const { use, terrain } = work;
  const sat = f64(scratch, "nb.sat", (w + 1) * (h + 1));
  const sums = (v: Float64Array, key: string) => windowSums(v, w, h, RADIUS, sat, f64(scratch, key, n));
  const an = f64(scratch, "nb.an", n);
  const am = f64(scratch, "nb.am", n);
  const land = f64(scratch, "nb.land", n);
  const groupMask = i32(scratch, "nb.groupMask", n);
  const anchorSeeds: Neighbourhood["anchorSeeds"] = [];
  for (let i = 0; i < n; i++) {
    if (terrain[i] === WATER) continue;
    const u = use[i];
    an[i] = U_ANCHOR[u];
    // Anchors seed their sectors nearby; gateways draw the sectors sold through world distribution.
    if (U_SEEDS[u].length > 0)
      anchorSeeds.push({ x: i % w, y: Math.floor(i / w), seeds: U_SEEDS[u].slice(), hub: U_HUB[u] === 1 });
    am[i] = U_AMENITY[u];
    land[i] = 1;
    groupMask[i] = U_GROUP_BIT[u];
  }
  // Community: which use groups appear in the window, by a separable OR of group bits.
  const rowMask = i32(scratch, "nb.rowMask", n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      const x0 = Math.max(x - RADIUS, 0);
      const x1 = x + RADIUS >= w ? w - 1 : x + RADIUS;
      for (let k = x0; k <= x1; k++) m |= groupMask[y * w + k];
      rowMask[y * w + x] = m;
    }
  }
  const mix = f64(scratch, "nb.mix", n);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(y - RADIUS, 0);
    const y1 = y + RADIUS >= h ? h - 1 : y + RADIUS;
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let k = y0; k <= y1; k++) m |= rowMask[k * w + x];
      let bits = 0;
      for (; m; m &= m - 1) bits++;
      mix[y * w + x] = bits / USE_GROUPS.length;
    }
  }
  const hubReach = u8(scratch, "nb.hubReach", n);
  for (const a of anchorSeeds) {
    if (!a.hub) continue;
    for (let y = Math.max(0, a.y - RADIUS); y <= Math.min(h - 1, a.y + RADIUS); y++)
      for (let x = Math.max(0, a.x - RADIUS); x <= Math.min(w - 1, a.x + RADIUS); x++)
        if (use[y * w + x] === COMMERCE) hubReach[y * w + x]++;
  }
  return {
    anchors: sums(an, "nb.anchors"),
    amenities: sums(am, "nb.amenities"),
    mix,
    anchorSeeds,
    hubReach,
    landSum: sums(land, "nb.landSum"),
  };
}

/** `neighbourhood` on the year's working copy of the tiles. */
function neighbourhoodOf(
  work: TileWork,
  w: number,
  h: number,
  uses?: Neighbourhood,
  scratch?: Scratch,
): Neighbourhood {
  const n = work.n;
  const { terrain } = work;
  const sat = f64(scratch, "nb.sat", (w + 1) * (h + 1));
  const sums = (v: Float64Array, key: string) => windowSums(v, w, h, RADIUS, sat, f64(scratch, key, n));
  const cr = f64(scratch, "nb.cr", n);
  const fi = f64(scratch, "nb.fi", n);
  for (let i = 0; i < n; i++) {
    if (terrain[i] === WATER) continue;
    cr[i] = work.creatives[i];
    fi[i] = work.firmTotal[i];
  }
  if (uses) return { ...uses, creatives: sums(cr, "nb.creatives"), firms: sums(fi, "nb.firms") };
  const layers = useLayersOf(work, w, h, scratch);
  const rent = f64(scratch, "nb.rentIn", n);
  for (let i = 0; i < n; i++) if (terrain[i] !== WATER) rent[i] = work.rent[i];
  const rentSum = sums(rent, "nb.rentSum");
  const landSum = layers.landSum;
  const rentMean = f64(scratch, "nb.rentMean", n);
  for (let i = 0; i < n; i++) rentMean[i] = landSum[i] > 0 ? rentSum[i] / landSum[i] : 0;
  return {
    creatives: sums(cr, "nb.creatives"),
    firms: sums(fi, "nb.firms"),
    anchors: layers.anchors,
    amenities: layers.amenities,
    mix: layers.mix,
    rentMean,
    anchorSeeds: layers.anchorSeeds,
    hubReach: layers.hubReach,
  };
}

/** Pay a newcomer can bring to a district (education raises skills). */
export function basePay(district: District): number {
  return BASE_PAY * (district.policies.artsEducation ? 1.12 : 1);
}

/** Attraction of each tile for creatives (DESIGN.md step 1); -Infinity where none can live. */
export function attraction(
  state: GameState,
  nb: Neighbourhood,
  linked: Uint8Array = linkedTiles(state),
): Float64Array {
  return attractionOf(state, readTiles(state.tiles), nb, linked);
}

/** `attraction` on the year's working copy of the tiles. */
function attractionOf(
  state: GameState,
  work: TileWork,
  nb: Neighbourhood,
  linked: Uint8Array,
  scratch?: Scratch,
): Float64Array {
  const n = work.n;
  const att = f64(scratch, "att", n);
  const pays = state.districts.map(basePay);
  const festival = state.districts.map((d) => (d.policies.festival ? 0.3 : 0));
  const exchange = state.districts.map((d) => exchangeAttraction(d));
  const { use, terrain, district } = work;
  for (let i = 0; i < n; i++) {
    const u = use[i];
    const cap = terrain[i] === LAND ? U_CREATIVES[u] : 0;
    const di = district[i];
    if (cap === 0 || di < 0) {
      att[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const pay = pays[di];
    const rent = paidRent(work, i);
    const aff = Math.max(-1, Math.min(1, (pay - rent) / pay));
    const nearC = nb.creatives[i] - work.creatives[i];
    const mix = nb.mix[i];
    att[i] =
      1.2 * aff +
      0.45 * Math.min(1, nearC / 150) +
      0.35 * Math.min(1, nb.anchors[i] / 2) +
      1.2 * mix +
      festival[di] +
      exchange[di] +
      0.2 * work.heritage[i] +
      0.3 * work.buzz[i] +
      // Workspace pulls more in a living, mixed neighbourhood than in a mono-functional park.
      U_PULL[u] * (0.3 + 0.7 * mix) -
      (u === INCUBATOR && linked[i] === 0 && mix <= SHELL_COMMUNITY ? SHELL_PENALTY : 0);
  }
  return att;
}

/** 1 on each tile that a link touches. */
function linkedTiles(state: GameState, scratch?: Scratch): Uint8Array {
  const linked = u8(scratch, "linked", state.tiles.length);
  for (const l of state.links) {
    linked[l.a] = 1;
    linked[l.b] = 1;
  }
  return linked;
}

export interface YearResult {
  state: GameState;
  events: GameEvent[];
}

/** The k of the first `count` candidates of highest attraction, best first (ties: lower index first), without sorting all:
 * an insertion into a short sorted buffer, most candidates rejected against its last entry. They are
 * written to `top` (their attractions to `topAtt`, both at least k long); returns how many there are. */
function topByAttraction(
  candidates: Int32Array,
  count: number,
  att: Float64Array,
  k: number,
  top: Int32Array,
  topAtt: Float64Array,
): number {
  let size = 0;
  for (let c = 0; c < count; c++) {
    const i = candidates[c];
    const a = att[i];
    // Is candidate i better than the last kept (higher attraction, or as high and a lower index)?
    if (size === k && !(a > topAtt[k - 1] || (a === topAtt[k - 1] && i < top[k - 1]))) continue;
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (topAtt[mid] > a || (topAtt[mid] === a && top[mid] < i)) lo = mid + 1;
      else hi = mid;
    }
    // Shift the worse ones down one place (the last drops out once the buffer is full).
    const end = size < k ? size : k - 1;
    top.copyWithin(lo + 1, lo, end);
    topAtt.copyWithin(lo + 1, lo, end);
    top[lo] = i;
    topAtt[lo] = a;
    if (size < k) size++;
  }
  return size;
}

/** Advances the city one year. Pure: returns a new state. */
export function resolveYear(prev: GameState): YearResult {
  const year = prev.year + 1;
  const rng = new Rng(prev.rng);
  // Built field by field (not by spread) so that every year's state has one object shape, whatever
  // produced the previous one. Its tiles are last year's until the end of step 7: the year works on
  // `work`, a typed copy (yearwork.ts), and new tile objects are made from it once, before step 8.
  const state: GameState = {
    version: prev.version,
    scenario: prev.scenario,
    seed: prev.seed,
    width: prev.width,
    height: prev.height,
    year,
    years: prev.years,
    rentPressure: prev.rentPressure,
    tiles: prev.tiles,
    districts: prev.districts.map(cloneDistrict),
    links: prev.links.slice(),
    nextId: prev.nextId,
    market: { demand: { ...prev.market.demand }, event: null },
    cityPolicies: { ...prev.cityPolicies },
    proposals: [],
    queuedEvents: [],
    // This year's rows are added at the end (step 8), as a new array: prev's is never changed.
    history: prev.history,
    // This year's events are added at the end (step 8), to a new array: prev's is never changed.
    log: prev.log,
    creativesLedger: { ...prev.creativesLedger },
    evicted: [],
    goal: prev.goal,
    goalProgress: { ...prev.goalProgress },
    rng: prev.rng,
  };
  const events: GameEvent[] = [];
  const emit = (e: GameEvent) => events.push(e);
  const { districts, width: w, height: h } = state;
  const scratch = scratchFor(prev.tiles.length);
  const work = yearWork(prev.tiles, scratch);
  const n = work.n;
  const nd = districts.length;
  const { use: useOf, terrain: terrainOf, district: districtOf, creatives } = work;
  const pays = districts.map(basePay);
  const linked = linkedTiles(state, scratch);

  // What is in force this year, for the history rows (a district in debt loses its policies below).
  const policiesInForce = districts.map((d) => DISTRICT_POLICY_KINDS.filter((p) => d.policies[p]));
  const cityPoliciesInForce = CITY_POLICY_KINDS.filter((p) => state.cityPolicies[p]);

  // Open proposals expire with the year.
  for (const p of prev.proposals)
    emit({ type: "proposalClosed", year: prev.year, proposal: p.id, accepted: false });

  // 1. Attraction.
  let nb = neighbourhoodOf(work, w, h, undefined, scratch);
  const att = attractionOf(state, work, nb, linked, scratch);

  // 2. Rent.
  updateRents(work, state, prev, nb);

  // 3. Displacement and migration.
  const displaced = new Array(nd).fill(0);
  const arrivedBy = new Array(nd).fill(0);
  // Movers by district of origin (rows) and destination (columns; the last one: left the city).
  const movedTo = scratch.f64("migration.movedTo", nd * (nd + 1));
  const movers: { from: number; count: number; reason: "displaced" | "evicted" }[] = [];
  for (const e of prev.evicted) movers.push({ from: e.tile, count: e.count, reason: "evicted" });
  for (let i = 0; i < n; i++) {
    const c = creatives[i];
    if (c <= 0) continue;
    const u = useOf[i];
    const di = districtOf[i];
    const cap = terrainOf[i] === LAND ? U_CREATIVES[u] : 0;
    const over = Math.max(0, c - cap);
    const stay = c - over;
    const pay = work.pay[i] > 0 ? work.pay[i] : di >= 0 ? pays[di] : BASE_PAY;
    const rent = paidRent(work, i);
    let leave = 0;
    if (rent > pay && stay > 0)
      leave = Math.min(stay, Math.round(stay * Math.min(1, 0.35 + (rent - pay) / pay)));
    else if (u === INCUBATOR && linked[i] === 0 && nb.mix[i] <= SHELL_COMMUNITY && stay > 0)
      leave = Math.round(SHELL_EXODUS * stay);
    if (over + leave > 0) {
      creatives[i] -= over + leave;
      movers.push({ from: i, count: over + leave, reason: "displaced" });
    }
  }
  // Where can they go: affordable tiles with room, best attraction first.
  // The first nc entries (tiles in ascending order); the scratch's, as are the arrays below.
  const candidates = scratch.i32Any("migration.candidates", n);
  let nc = 0;
  // The displaced have just been priced out: they weigh cheapness more than newcomers do, so most
  // head for cheap land (the city's fringe), where a new cluster can start (paper section 5(6)).
  const moveAtt = scratch.f64("moveAtt", n);
  for (let i = 0; i < n; i++) {
    if (att[i] === Number.NEGATIVE_INFINITY) continue;
    const u = useOf[i];
    if (creatives[i] >= U_CREATIVES[u]) continue;
    const pay = pays[districtOf[i]];
    const rent = paidRent(work, i);
    if (rent > AFFORDABLE_SHARE * pay) continue;
    // Nobody moves into an empty shell (link-less workspace in a mono-functional park).
    if (u === INCUBATOR && linked[i] === 0 && nb.mix[i] <= SHELL_COMMUNITY) continue;
    candidates[nc++] = i;
    moveAtt[i] = att[i] + DISPLACED_CHEAP_PULL * (1 - rent / pay);
  }
  // The candidates' arrays: CANDIDATES long, of which the first nt (or `open`) entries are used.
  const top = scratch.i32Any("migration.top", CANDIDATES);
  const nt = topByAttraction(
    candidates,
    nc,
    moveAtt,
    CANDIDATES,
    top,
    scratch.f64Any("migration.topSort", CANDIDATES),
  );
  const topX = scratch.i32Any("migration.topX", CANDIDATES);
  const topY = scratch.i32Any("migration.topY", CANDIDATES);
  const topCap = scratch.f64Any("migration.topCap", CANDIDATES);
  const topAtt = scratch.f64Any("migration.topAtt", CANDIDATES);
  // Creatives on each candidate, kept here as movers arrive (and written to the tiles as they do).
  const topHeld = scratch.f64Any("migration.topHeld", CANDIDATES);
  // Distance from the city's centre, in half-widths: the displaced drift toward the edge.
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const half = Math.max(1, w / 2);
  const radial = (x: number, y: number) => Math.hypot(x - cx, y - cy) / half;
  const topR = scratch.f64Any("migration.topR", CANDIDATES);
  for (let k = 0; k < nt; k++) {
    const j = top[k];
    topX[k] = j % w;
    topY[k] = Math.floor(j / w);
    topCap[k] = U_CREATIVES[useOf[j]];
    topAtt[k] = moveAtt[j];
    topHeld[k] = creatives[j];
    topR[k] = radial(topX[k], topY[k]);
  }
  // The candidates with room left (a full candidate never empties again this step), best reach first:
  // a candidate's score is at most its reach (attraction and outward pull) less the mover's own
  // outward term plus the largest jitter, so once that bound falls below the best score found, no
  // later candidate can win and the scan stops. The bound carries a slack far above rounding error,
  // and ties between equal scores still go to the lower candidate, so the choice is the one a scan
  // of every candidate makes.
  const reach = scratch.f64Any("migration.reach", CANDIDATES);
  for (let k = 0; k < nt; k++) reach[k] = topAtt[k] + OUTWARD_PULL * topR[k];
  const order: number[] = [];
  for (let k = 0; k < nt; k++) if (topHeld[k] < topCap[k]) order.push(k);
  order.sort((a, b) => reach[b] - reach[a] || a - b);
  // The open candidates' values in scan order (position q holds candidate openK[q]), so that the scan
  // reads each array in sequence; a candidate that fills up is cut out of every one.
  let open = order.length;
  const openK = scratch.i32Any("migration.openK", CANDIDATES);
  const openTile = scratch.i32Any("migration.openTile", CANDIDATES);
  const openReach = scratch.f64Any("migration.openReach", CANDIDATES);
  const openAtt = scratch.f64Any("migration.openAtt", CANDIDATES);
  const openR = scratch.f64Any("migration.openR", CANDIDATES);
  const openX = scratch.i32Any("migration.openX", CANDIDATES);
  const openY = scratch.i32Any("migration.openY", CANDIDATES);
  for (let q = 0; q < open; q++) {
    const k = order[q];
    openK[q] = k;
    openTile[q] = top[k];
    openReach[q] = reach[k];
    openAtt[q] = topAtt[k];
    openR[q] = topR[k];
    openX[q] = topX[k];
    openY[q] = topY[k];
  }
  const closeAt = (q: number) => {
    openK.copyWithin(q, q + 1, open);
    openTile.copyWithin(q, q + 1, open);
    openX.copyWithin(q, q + 1, open);
    openY.copyWithin(q, q + 1, open);
    openReach.copyWithin(q, q + 1, open);
    openAtt.copyWithin(q, q + 1, open);
    openR.copyWithin(q, q + 1, open);
    open--;
  };
  // The ledger's count of creatives who left the city, kept in a local while the movers move (the
  // same additions in the same order): a rare path, whose property access V8 had never seen, cost
  // the optimised year a deoptimisation each time a mover found nowhere to go.
  let leftCity = state.creativesLedger.left;
  for (const m of movers) {
    const fromDistrict = districtOf[m.from];
    if (fromDistrict >= 0) {
      displaced[fromDistrict] += m.count;
      districts[fromDistrict].displacedTotal += m.count;
    }
    let remaining = m.count;
    const fx = m.from % w;
    const fy = Math.floor(m.from / w);
    const fromR = radial(fx, fy);
    // One draw per group of movers; each candidate's jitter is a hash of it and the draw.
    const salt = rng.uint32();
    // The bound's constant part for this mover (its rounding differs from the sum written out in
    // full by far less than SCORE_SLACK, so the scan still stops only where no later candidate can win).
    const cut = OUTWARD_PULL * fromR - MAX_JITTER - SCORE_SLACK;
    const from = m.from;
    while (remaining > 0) {
      let bestK = -1;
      let bestQ = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let q = 0; q < open; q++) {
        if (openReach[q] - cut < bestScore) break;
        const tile = openTile[q];
        if (tile === from) continue;
        const jitter = (Math.imul(tile ^ salt, 0x9e3779b1) >>> 0) / 4294967296;
        const dist = Math.abs(openX[q] - fx) + Math.abs(openY[q] - fy);
        const score =
          openAtt[q] - DISTANCE_PENALTY * dist + OUTWARD_PULL * (openR[q] - fromR) + MAX_JITTER * jitter;
        const k = openK[q];
        if (score > bestScore || (score === bestScore && k < bestK)) {
          bestScore = score;
          bestK = k;
          bestQ = q;
        }
      }
      if (bestK < 0) {
        leftCity += remaining;
        if (fromDistrict >= 0) movedTo[fromDistrict * (nd + 1) + nd] += remaining;
        emit({ type: "migration", year, from: m.from, to: -1, count: remaining, reason: m.reason });
        break;
      }
      const best = top[bestK];
      const moved = Math.min(remaining, topCap[bestK] - topHeld[bestK]);
      creatives[best] += moved;
      topHeld[bestK] = creatives[best];
      if (topHeld[bestK] >= topCap[bestK]) closeAt(bestQ);
      const bd = districtOf[best];
      if (fromDistrict >= 0) movedTo[fromDistrict * (nd + 1) + bd] += moved;
      arrivedBy[bd] += moved;
      remaining -= moved;
      emit({ type: "migration", year, from: m.from, to: best, count: moved, reason: m.reason });
    }
  }
  state.creativesLedger.left = leftCity;
  // Newcomers: each year the city draws creatives from outside (a share of those already here);
  // they compete for affordable tiles with room, strongly favouring the most attractive ones.
  let present = 0;
  for (let i = 0; i < n; i++) present += creatives[i];
  const inflow = Math.round(INFLOW_BASE * nd + INFLOW_RATE * present);
  let attMax = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < nc; k++) if (att[candidates[k]] > attMax) attMax = att[candidates[k]];
  let weightSum = 0;
  // Every entry below nc is written before it is read.
  const weights = scratch.f64Any("arrival.weights", n);
  for (let k = 0; k < nc; k++) {
    const i = candidates[k];
    const free = U_CREATIVES[useOf[i]] - creatives[i];
    weights[k] = free > 0 ? free * Math.exp(ARRIVAL_SELECTIVITY * (att[i] - attMax)) : 0;
    weightSum += weights[k];
  }
  // Typed (one map whatever made the districts): an array from `map` here kept the optimised year
  // deoptimising on its map, again and again.
  const talentLeft = new Int32Array(nd);
  for (let d = 0; d < nd; d++) talentLeft[d] = districts[d].policies.talent ? TALENT_ARRIVALS : 0;
  for (let k = 0; k < nc; k++) {
    const i = candidates[k];
    const free = U_CREATIVES[useOf[i]] - creatives[i];
    if (free <= 0) continue;
    const di = districtOf[i];
    let count = weightSum > 0 ? Math.floor((inflow * weights[k]) / weightSum + rng.next()) : 0;
    count = Math.min(count, free);
    const extra = Math.min(talentLeft[di], free - count);
    if (extra > 0) {
      count += extra;
      talentLeft[di] -= extra;
    }
    if (count <= 0) continue;
    creatives[i] += count;
    state.creativesLedger.arrived += count;
    arrivedBy[di] += count;
    emit({ type: "arrival", year, to: i, count });
  }

  // 4. Firms: deaths where revenue stays below cost, births where creatives, anchors and links meet.
  nb = refreshNeighbourhood(work, w, h, nb, "creatives", scratch);
  const ctx = outputContextOf(state, work, nb, scratch);
  const { stats } = ctx;
  const { revenue, exportsOf } = firmsAndOutput(ctx, rng, emit, scratch);
  // Links whose ends no longer qualify (a firm tile whose firms all closed) lapse.
  const liveLinks: typeof state.links = [];
  for (const l of state.links) {
    if (linkStillValidOf(work, l)) liveLinks.push(l);
    else emit({ type: "linkCut", year, link: l.id, district: l.owner });
  }
  if (liveLinks.length !== state.links.length) state.links = liveLinks;
  // Each tile's pay is set in step 6's pass over the tiles (nothing reads it before).
  const share = ipShare(state);

  // Buzz and heritage.
  nb = refreshNeighbourhood(work, w, h, nb, "firms", scratch);
  updateBuzzAndHeritage(work, districts, nb);

  // Distinctiveness moves toward local roots; without IP protection originality leaks, and a
  // district that only imports (global links without heritage links) homogenises.
  for (const d of districts) {
    const roots = localRoots(d.id, stats);
    let x = d.distinctiveness + 0.2 * (roots - d.distinctiveness);
    if (!state.cityPolicies.ipProtection) x -= 0.015;
    if (stats.globalByDistrict[d.id] > 0 && stats.heritageByDistrict[d.id] === 0) x -= 0.03;
    d.distinctiveness = Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
  }

  // 6. Budgets: taxes minus upkeep of uses, links and policies, and the affordable-space subsidy. The
  // same pass over the tiles sets each tile's pay and takes step 8's sums for the history rows (the
  // tiles' creatives, firms, rents, heritage and community do not change after it; a media group's
  // arrival changes a use, and the anchors are then counted again).
  const out = new Array(nd).fill(0);
  const exp = new Array(nd).fill(0);
  const credit = new Array(nd).fill(0);
  const debit = new Array(nd).fill(0);
  const creativesBy = scratch.f64("history.creatives", nd);
  const rentSum = scratch.f64("history.rentSum", nd);
  const rentSq = scratch.f64("history.rentSq", nd);
  const tilesBy = scratch.f64("history.tiles", nd);
  const communitySum = scratch.f64("history.community", nd);
  const anchorsBy = scratch.f64("history.anchors", nd);
  const heritageBy = scratch.f64("history.heritage", nd);
  const ns = SECTORS.length;
  const firmsBy = scratch.f64("history.firms", nd * ns);
  const { firms, rent, heritage, firmTotal } = work;
  const mix = nb.mix;
  for (let i = 0; i < n; i++) {
    const di = districtOf[i];
    if (di < 0) continue;
    const c = creatives[i];
    const r = rent[i];
    creativesBy[di] += c;
    // Most tiles hold no firm: adding their zeros would change nothing.
    if (firmTotal[i] > 0) {
      const o = di * ns;
      const f = i * SECTOR_COUNT;
      for (let s = 0; s < ns; s++) firmsBy[o + s] += firms[f + s];
    }
    rentSum[di] += r;
    rentSq[di] += r * r;
    communitySum[di] += mix[i];
    tilesBy[di]++;
    const u = useOf[i];
    if (U_ANCHOR[u]) anchorsBy[di]++;
    if (heritage[i] >= 0.3) heritageBy[di]++;
    if (terrainOf[i] === WATER) continue;
    work.pay[i] = money(
      creatorPay(revenue[i] + exportsOf[i], c, share, districts[di].policies.artsEducation),
    );
    out[di] += revenue[i];
    exp[di] += exportsOf[i];
    credit[di] += U_TAX[u] + 0.12 * revenue[i] + 0.06 * exportsOf[i];
    debit[di] += U_UPKEEP[u];
    if (work.protected[i]) debit[di] += protectionCostOf(r, c);
  }
  for (const l of state.links) debit[l.owner] += LINK_TYPES[l.kind].upkeep;
  let cityCost = 0;
  // In the object's own key order (as Object.entries gave it: the sum's order is kept), by its keys.
  const cityPolicies = state.cityPolicies;
  for (const p of Object.keys(cityPolicies) as (keyof typeof CITY_POLICIES)[]) {
    if (cityPolicies[p]) cityCost += CITY_POLICIES[p].upkeep;
  }
  for (const d of districts) {
    for (const p of DISTRICT_POLICY_KINDS) if (d.policies[p]) debit[d.id] += DISTRICT_POLICIES[p].upkeep;
    debit[d.id] += cityCost / nd;
    const c = money(credit[d.id]);
    const b = money(debit[d.id]);
    d.ledger.credits = money(d.ledger.credits + c);
    d.ledger.debits = money(d.ledger.debits + b);
    d.budget = money(d.budget + c - b);
    // A district in debt cannot keep paying for its policies: they lapse, protections too.
    if (d.budget < 0) {
      for (const p of DISTRICT_POLICY_KINDS) {
        if (!d.policies[p]) continue;
        d.policies[p] = false;
        emit({ type: "policy", year, district: d.id, policy: p, enabled: false });
      }
      for (let i = 0; i < n; i++) if (districtOf[i] === d.id) work.protected[i] = 0;
    }
  }

  // 7. Global market: seeded drift of sector demand, and a city event (the host's first).
  const demand = state.market.demand;
  for (const s of SECTORS) {
    const base = SECTOR_BASE[s].demand;
    let v = demand[s] * Math.exp(SECTOR_BASE[s].volatility * rng.normal()) + 0.1 * (base - demand[s]);
    v = Math.max(0.4, Math.min(2.5, v));
    demand[s] = Math.round(v * 1000) / 1000;
  }
  // The host's queued events all happen this year; otherwise a seeded chance of one.
  // Copied by index (a spread of last year's array deoptimised on its map, as the log's slice did).
  const cityEvents: CityEventKind[] = [];
  for (let k = 0; k < prev.queuedEvents.length; k++) cityEvents.push(prev.queuedEvents[k]);
  if (cityEvents.length === 0 && rng.next() < 0.2) cityEvents.push(CITY_EVENTS[rng.int(CITY_EVENTS.length)]);
  for (const event of cityEvents) {
    state.market.event ??= event;
    const sector = SECTORS[rng.int(SECTORS.length)];
    applyCityEvent(state, work, event, sector, rng);
    emit({ type: "cityEvent", year, event, ...(event === "boom" ? { sector } : {}) });
  }

  // The year's tiles, made once from the working copy.
  state.tiles = writeTiles(work, prev.tiles);
  // The working copy is not changed after this: the next year of these tiles may start from it.
  keepYearWork(scratch, state.tiles);

  // 8. History, scores and the goal (the tiles' sums were taken in step 6's pass; one pass over the
  // links for every district).
  if (cityEvents.includes("mediaGiant")) {
    anchorsBy.fill(0);
    for (let i = 0; i < n; i++) if (districtOf[i] >= 0 && U_ANCHOR[useOf[i]]) anchorsBy[districtOf[i]]++;
  }
  const linksBy = scratch.f64("history.links", nd);
  const globalLinksBy = scratch.f64("history.globalLinks", nd);
  for (const l of state.links) {
    const da = districtOf[l.a];
    const db = districtOf[l.b];
    const global = l.kind === "global" ? 1 : 0;
    if (da >= 0) {
      linksBy[da]++;
      globalLinksBy[da] += global;
    }
    if (db >= 0 && db !== da) {
      linksBy[db]++;
      globalLinksBy[db] += global;
    }
  }
  // Each district's exports to date: this year's, then every earlier year's in the history's order.
  const exportsSoFar = cumulativeExports(state, exp);
  const rows: HistoryRow[] = [];
  for (const d of districts) {
    const creatives = creativesBy[d.id];
    const count = tilesBy[d.id];
    const links = linksBy[d.id];
    const firms: number[] = [];
    for (let s = d.id * ns; s < d.id * ns + ns; s++) firms.push(firmsBy[s]);
    const mean = count ? rentSum[d.id] / count : 0;
    const spread = count ? Math.sqrt(Math.max(0, rentSq[d.id] / count - mean * mean)) : 0;
    const firmCount = firms.reduce((a, b) => a + b, 0);
    const comm = count ? communitySum[d.id] / count : 0;
    const sc = d.score;
    sc.output = money(sc.output + out[d.id]);
    sc.jobs = Math.round(creatives / 10 + firmCount);
    sc.community = Math.round(comm * 100);
    // The export part counts the district's margin on what it sold abroad (EXPORT_SCORE_WEIGHT): global
    // linkage pays in the score, without outweighing the output of a well-linked local cluster.
    sc.exportShare = Math.round(EXPORT_SCORE_WEIGHT * exportsSoFar[d.id]);
    sc.displaced = d.displacedTotal;
    const debt = Math.max(0, -d.budget);
    sc.total = Math.round(
      sc.output + sc.jobs + sc.community + sc.exportShare - 0.5 * sc.displaced - DEBT_SCORE_WEIGHT * debt,
    );
    const row: HistoryRow = {
      year,
      district: d.id,
      creatives,
      firms,
      rentMean: money(mean),
      rentSpread: money(spread),
      output: money(out[d.id]),
      exports: money(exp[d.id]),
      links,
      displaced: displaced[d.id],
      arrived: arrivedBy[d.id],
      community: Math.round(comm * 1000) / 1000,
      budget: d.budget,
      score: sc.total,
      movedTo: movedRow(movedTo, d.id * (nd + 1), nd + 1),
      anchors: anchorsBy[d.id],
      globalLinks: globalLinksBy[d.id],
      heritageTiles: heritageBy[d.id],
      distinctiveness: d.distinctiveness,
      policies: policiesInForce[d.id],
      cityPolicies: cityPoliciesInForce,
    };
    rows.push(row);
  }
  state.history = prev.history.concat(rows);
  const groups = clusterGroupsOf(work, w, state.links, scratch, "end", ctx.groups.partition);
  state.goalProgress = goalProgress(state, work, groups.groups.length);
  state.rng = rng.state();
  emit({ type: "yearResolved", year });
  // The log keeps the last LOG_LIMIT entries of last year's log followed by this year's events.
  const fromEvents = Math.min(events.length, LOG_LIMIT);
  const fromPrev = Math.min(prev.log.length, LOG_LIMIT - fromEvents);
  // A new array filled by push (whatever made last year's log, this one has the same map each year).
  const log: GameEvent[] = [];
  for (let k = prev.log.length - fromPrev; k < prev.log.length; k++) log.push(prev.log[k]);
  for (let k = events.length - fromEvents; k < events.length; k++) log.push(events[k]);
  state.log = log;
  state.chronicle = recordClusterYear(prev, state, groups, work);
  return { state, events };
}

/** What the output step needs: link stats, clusters, neighbourhood, access per district. */
export interface OutputContext {
  state: GameState;
  /** The tiles as the output step sees them (the year's working copy mid-year). */
  work: TileWork;
  nb: Neighbourhood;
  stats: LinkStats;
  clusters: ClusterEconomy[];
  clusterOf: Int32Array;
  /** The groups the clusters were found from (the year's end reuses their partition when it can). */
  groups: ClusterGroups;
  access: number[];
  /** Exports per firm, by district and sector (they do not depend on the tile). */
  exportsPer: number[][];
  /** Each sector's demand factor on revenue this year (see `demandFactors`). */
  demandFactor: number[];
}

export function outputContext(state: GameState, nb?: Neighbourhood): OutputContext {
  const work = readTiles(state.tiles);
  return outputContextOf(state, work, nb ?? neighbourhoodOf(work, state.width, state.height));
}

/** `outputContext` on the year's working copy of the tiles (`state.tiles` is not read). */
function outputContextOf(
  state: GameState,
  work: TileWork,
  nb: Neighbourhood,
  scratch?: Scratch,
): OutputContext {
  const groups = clusterGroupsOf(work, state.width, state.links, scratch, "output");
  const clusters = clusterEconomiesOf(work, state.links, groups);
  const { clusterOf } = groups;
  const stats = linkStatsOf(work, state.districts.length, state.links, scratch);
  const access = state.districts.map((_, d) =>
    exchangeAccess(state.districts[d], globalAccess(state, d, stats)),
  );
  const exportsPer = state.districts.map((d) =>
    SECTORS.map((s) =>
      exportsPerFirm(
        state.market.demand[s],
        access[d.id],
        stats.tally[d.id].media > 0 && MEDIA_SECTORS.includes(s)
          ? Math.max(d.distinctiveness, MEDIA_REACH)
          : d.distinctiveness,
        state.cityPolicies.ipProtection,
        d.policies.exportSupport,
      ),
    ),
  );
  const demandFactor = demandFactors(state.market.demand);
  return { state, work, nb, stats, groups, clusters, clusterOf, access, exportsPer, demandFactor };
}

function tileRevenuePerFirm(
  ctx: OutputContext,
  i: number,
  out: number[] = new Array<number>(SECTORS.length),
): number[] {
  const cluster = ctx.clusterOf[i] >= 0 ? ctx.clusters[ctx.clusterOf[i]] : undefined;
  return revenuePerFirmAt(
    ctx.stats.degree[i],
    ctx.stats.research[i],
    cluster,
    ctx.nb.mix[i],
    ctx.demandFactor,
    out,
  );
}

/** Revenue and exports of the firms on tile i (DESIGN.md step 5). */
export function tileOutput(ctx: OutputContext, i: number, rpf = tileRevenuePerFirm(ctx, i)) {
  const { state, work } = ctx;
  const di = work.district[i];
  const per = di >= 0 ? ctx.exportsPer[di] : undefined;
  const firms = work.firms;
  const o = i * SECTOR_COUNT;
  let revenue = 0;
  let exports = 0;
  for (let s = 0; s < SECTOR_COUNT; s++) {
    const f = firms[o + s];
    if (f === 0) continue;
    revenue += f * rpf[s];
    if (per) exports += f * per[s];
  }
  const cluster = ctx.clusterOf[i] >= 0 ? ctx.clusters[ctx.clusterOf[i]] : undefined;
  revenue *= ipTransferFactor(state.districts[di], cluster, state.cityPolicies.ipProtection);
  return { revenue, exports };
}

/** Output of every district for the current firms and links, without advancing the year. */
export function districtOutput(state: GameState): { revenue: number[]; exports: number[] } {
  const ctx = outputContext(state);
  const revenue = state.districts.map(() => 0);
  const exports = state.districts.map(() => 0);
  for (let i = 0; i < state.tiles.length; i++) {
    const t = state.tiles[i];
    if (t.district < 0 || t.terrain === "water") continue;
    const o = tileOutput(ctx, i);
    revenue[t.district] += o.revenue;
    exports[t.district] += o.exports;
  }
  return { revenue, exports };
}

/** `linkStillValid` (actions.ts) on the working copy: both ends on land, and uses and firms that the
 * link type accepts at its ends (either way round). */
function linkStillValidOf(work: TileWork, l: Link): boolean {
  if (work.terrain[l.a] !== LAND || work.terrain[l.b] !== LAND) return false;
  const rule = LINK_TYPES[l.kind];
  const ua = LAND_USE_KINDS[work.use[l.a]];
  const ub = LAND_USE_KINDS[work.use[l.b]];
  const fa = work.firmTotal[l.a];
  const fb = work.firmTotal[l.b];
  return (rule.a(ua, fa) && rule.b(ub, fb)) || (rule.a(ub, fb) && rule.b(ua, fa));
}

/** `count` entries of `values` from `from`, as an array. */
function movedRow(values: Float64Array, from: number, count: number): number[] {
  const row: number[] = [];
  for (let k = from; k < from + count; k++) row.push(values[k]);
  return row;
}

/** Each district's exports to date: `thisYear[d]` plus its rows' exports in the history, added in the
 * history's order (one pass over the history for every district). */
function cumulativeExports(state: GameState, thisYear: readonly number[]): number[] {
  const sums = thisYear.slice();
  for (const h of state.history)
    if (h.district >= 0 && h.district < sums.length) sums[h.district] += h.exports;
  return sums;
}

function applyCityEvent(
  state: GameState,
  work: TileWork,
  event: (typeof CITY_EVENTS)[number],
  sector: (typeof SECTORS)[number],
  rng: Rng,
) {
  const demand = state.market.demand;
  switch (event) {
    case "boom":
      demand[sector] = Math.round(Math.min(2.5, demand[sector] * 1.3) * 1000) / 1000;
      break;
    case "recession":
      for (const s of SECTORS) demand[s] = Math.round(Math.max(0.4, demand[s] * 0.85) * 1000) / 1000;
      break;
    case "festival": {
      const d = rng.int(state.districts.length);
      const { buzz, district } = work;
      for (let i = 0; i < work.n; i++)
        if (district[i] === d) buzz[i] = Math.min(1, Math.round((buzz[i] + 0.15) * 1000) / 1000);
      break;
    }
    case "mediaGiant": {
      // A media group looks for a site: near the city's media cluster (other media HQs and the
      // gateways) if it can, on the empty tile with the most creative buzz.
      const w = state.width;
      const { use, terrain, district, buzz } = work;
      const hubs: number[] = [];
      for (let i = 0; i < work.n; i++) if (use[i] === MEDIA || use[i] === GATEWAY) hubs.push(i);
      const nearHub = (i: number) =>
        hubs.some(
          (j) =>
            Math.max(Math.abs((j % w) - (i % w)), Math.abs(Math.floor(j / w) - Math.floor(i / w))) <= RADIUS,
        );
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < work.n; i++) {
        if (terrain[i] !== LAND || use[i] !== EMPTY || district[i] < 0) continue;
        const score = buzz[i] + (nearHub(i) ? 1 : 0);
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      if (best >= 0) use[best] = MEDIA;
      break;
    }
    case "rentSpike":
      break; // applied to next year's rents
  }
}

/** The goal's progress at the end of the year; the tiles are read from `work` (the year's final values,
 * which the state's tiles were made from). */
function goalProgress(state: GameState, work: TileWork, clusterCount: number) {
  const g = state.goal;
  let value = 0;
  let displaced = 0;
  let base = 0;
  // Displacement is measured against every creative who has been in the place: those there at the
  // start and all who came since (newcomers and movers).
  const cameTo = (d: number) => state.history.reduce((a, h) => a + (h.district === d ? h.arrived : 0), 0);
  if (g.kind === "firmsInDistrict" && g.district >= 0) {
    const { district, firms } = work;
    for (let i = 0; i < work.n; i++) {
      if (district[i] !== g.district) continue;
      for (let s = 0; s < SECTOR_COUNT; s++) value += firms[i * SECTOR_COUNT + s];
    }
    displaced = state.districts[g.district].displacedTotal;
    base = state.districts[g.district].initialCreatives + cameTo(g.district);
  } else {
    for (const d of state.districts) {
      displaced += d.displacedTotal;
      base += d.initialCreatives + cameTo(d.id);
    }
    if (g.kind === "cityCreatives") for (let i = 0; i < work.n; i++) value += work.creatives[i];
    else if (g.kind === "cityExports") for (const h of state.history) value += h.exports;
    else value = clusterCount;
  }
  // Small districts would fail on a handful of moves; measure against at least 100 creatives.
  const displacedShare = Math.round((displaced / Math.max(100, base)) * 1000) / 1000;
  const failed = displacedShare > g.maxDisplacedShare;
  const ended = state.year >= state.years;
  return {
    value: Math.round(value),
    target: g.target,
    displacedShare,
    met: ended && !failed && value >= g.target,
    failed: failed || (ended && value < g.target),
  };
}

/** Step 2 — rent: demand pressure (gentrification) raises it, vacancy lowers it; bounded per year. */
function updateRents(work: TileWork, state: GameState, prev: GameState, nb: Neighbourhood): void {
  const { districts } = state;
  const n = work.n;
  const rentFactor = districts.map((d) => CHARACTERS[d.character].rentFactor);
  const heritageShare = districts.map((d) => (d.policies.heritageProtection ? HERITAGE_DEMAND_SHARE : 1));
  const spike = districts.map((d) =>
    prev.market.event === "rentSpike" && d.character === "metropolitan" ? 0.08 : 0,
  );
  const rentPressure = state.rentPressure;
  const { use: useOf, terrain: terrainOf, district: districtOf, rent: rents, buzz, creatives } = work;
  for (let i = 0; i < n; i++) {
    const di = districtOf[i];
    if (di < 0 || terrainOf[i] === WATER) continue;
    const u = useOf[i];
    const cap = U_CREATIVES[u];
    const oldRent = rents[i];
    const pressure =
      0.6 * buzz[i] +
      0.25 * Math.min(1, nb.creatives[i] / 400) +
      0.25 * Math.min(1, nb.firms[i] / 30) +
      0.1 * Math.min(1, nb.amenities[i] / 6);
    const occupancy = cap > 0 ? creatives[i] / cap : 0.5;
    // The rent the market would ask: the use's going rate in this kind of district, raised by creative
    // demand (buzz, creatives, firms: the gentrification pressure) and by how full the place is.
    const base = U_RENT[u] * rentFactor[di];
    let demand = Math.max(0, pressure - DEMAND_THRESHOLD) * rentPressure;
    // Heritage protection keeps old fabric from being redeveloped for the highest bidder.
    if (work.heritage[i] >= 0.3 || work.converted[i]) demand *= heritageShare[di];
    // Once a place has buzz, others (shops, better-paid tenants) take the space artists leave.
    const taken = Math.max(occupancy, buzz[i]);
    // Squared: a hot cluster drives rents far more than a busy street does.
    const target =
      base * (1 + RENT_DEMAND_GAIN * demand * demand) * (1 - VACANCY_WEIGHT + 2 * VACANCY_WEIGHT * taken);
    let growth = target / Math.max(0.01, oldRent) - 1 + spike[di];
    growth = Math.max(-MAX_RENT_FALL, Math.min(MAX_RENT_RISE, growth));
    const rent = oldRent * (1 + growth) + RENT_SPILLOVER * (nb.rentMean[i] - oldRent);
    // Protected affordable space is taken off the speculative market: its rent does not climb.
    const capped = work.protected[i] ? Math.min(rent, oldRent) : rent;
    rents[i] = money(Math.max(0.4 * U_RENT[u], Math.min(200, capped)));
  }
}

/** Steps 4 and 5 — firms die where revenue stays below cost and are born where creatives, anchors and
 * links meet; then the output and exports of each tile. */
function firmsAndOutput(ctx: OutputContext, rng: Rng, emit: (e: GameEvent) => void, scratch: Scratch) {
  const { state, stats, nb, work } = ctx;
  const { districts, width: w, height: h, year } = state;
  const seedRows = anchorRows(nb.anchorSeeds, h);
  const n = work.n;
  const revenue = scratch.f64("revenue", n);
  const exportsOf = scratch.f64("exports", n);
  const rpf = new Array<number>(SECTORS.length).fill(0);
  // A birth's sector weights and counts, reused from tile to tile (each tile sets them afresh).
  const birthWeights = new Array<number>(SECTOR_COUNT).fill(0);
  const bornBy = new Array<number>(SECTOR_COUNT).fill(0);
  const { use: useOf, terrain: terrainOf, district: districtOf, creatives, firms, firmTotal } = work;
  const { clusterOf, clusters, exportsPer, demandFactor } = ctx;
  const ipProtection = state.cityPolicies.ipProtection;
  for (let i = 0; i < n; i++) {
    if (terrainOf[i] === WATER) continue;
    const fcap = U_FIRMS[useOf[i]];
    const o = i * SECTOR_COUNT;
    let total = firmTotal[i];
    const di = districtOf[i];
    const c = creatives[i];
    // Offices near a media HQ or a gateway: firms come to them and staff commute (the metropolis).
    const office = nb.hubReach[i] > 0 && di >= 0;
    if (total === 0 && (fcap === 0 || (c < 4 && !office))) continue;
    const ci = clusterOf[i];
    const cluster = ci >= 0 ? clusters[ci] : undefined;
    // tileRevenuePerFirm, with the cluster looked up once for the tile.
    revenuePerFirmAt(stats.degree[i], stats.research[i], cluster, nb.mix[i], demandFactor, rpf);
    const rent = paidRent(work, i);
    const access = di >= 0 ? ctx.access[di] : 0;
    const roots = di >= 0 ? districts[di].distinctiveness : 0;
    // Deaths.
    for (let s = 0; s < SECTOR_COUNT; s++) {
      const f = firms[o + s];
      if (f === 0) continue;
      const cost = 0.6 + 0.03 * rent;
      let p = 0;
      if (c === 0 && !office) p = 0.5;
      else if (rpf[s] < cost) p = Math.min(0.6, 0.2 + (cost - rpf[s]) / cost);
      // High-end digital is a risky bet: without global distribution and links many fail, fewer where
      // the district has local roots to build on (lesson 6: local art first, then upgrade).
      if (s === DIGITAL) p = Math.max(p, digitalRisk(access, stats.degree[i] > 0, roots));
      if (stats.incubation[i] > 0) p *= 0.4;
      p *= servicesDeathFactor(districts[di], ci >= 0);
      const dead = Math.min(f, Math.floor(f * p + rng.next() * (p > 0 ? 1 : 0)));
      if (dead > 0) {
        addFirms(work, i, s, -dead);
        total -= dead;
        emit({ type: "firmsClosed", year, tile: i, sector: SECTORS[s], count: dead });
      }
    }
    // Births.
    const free = fcap - total;
    if (office && free > 0 && c < 4) {
      // Media groups and gateways draw film and TV, music and advertising firms to the offices near them.
      const born = Math.min(free, Math.floor(HUB_DRAW * Math.min(3, nb.hubReach[i]) + rng.next()));
      for (let k = 0; k < born; k++) {
        const s = MEDIA_INDEX[rng.int(MEDIA_INDEX.length)];
        addFirms(work, i, s, 1);
        emit({ type: "firmsBorn", year, tile: i, sector: SECTORS[s], count: 1 });
      }
    } else if (free > 0 && c >= 4 && di >= 0) {
      const d = districts[di];
      const rate =
        (c / 28) *
        (1 +
          0.35 * Math.min(3, stats.research[i]) +
          0.5 * Math.min(2, stats.incubation[i]) +
          0.2 * Math.min(2, nb.anchors[i]) +
          (d.policies.artsEducation ? 0.15 : 0));
      const born = Math.min(free, 3, Math.floor(rate * 0.8 + rng.next()));
      if (born > 0) {
        const weights = birthWeights;
        for (let s = 0; s < SECTOR_COUNT; s++)
          weights[s] = BIRTH_WEIGHT[s] + (total > 0 ? (0.6 * firms[o + s]) / total : 0);
        // Old works make rehearsal rooms and venues: converted factories lean to music (Sheffield).
        if (work.converted[i]) weights[MUSIC] += CONVERTED_MUSIC;
        const tx = i % w;
        const ty = Math.floor(i / w);
        // Only the anchors of rows ty ± RADIUS, in the list's own order (the sums add up the same).
        const seeds = nb.anchorSeeds;
        const end = seedRows[Math.min(h, ty + RADIUS + 1)];
        for (let q = seedRows[Math.max(0, ty - RADIUS)]; q < end; q++) {
          const a = seeds[q];
          if (Math.abs(a.x - tx) > RADIUS || Math.abs(a.y - ty) > RADIUS) continue;
          for (const s of a.seeds) weights[s] += 1 / a.seeds.length;
        }
        bornBy.fill(0);
        for (let k = 0; k < born; k++) bornBy[rng.weighted(weights)]++;
        for (let s = 0; s < bornBy.length; s++) {
          if (bornBy[s] === 0) continue;
          addFirms(work, i, s, bornBy[s]);
          emit({ type: "firmsBorn", year, tile: i, sector: SECTORS[s], count: bornBy[s] });
        }
      }
    }
    // 5. Output and exports of the surviving firms (tileOutput, written straight into the arrays).
    const per = di >= 0 ? exportsPer[di] : undefined;
    let rev = 0;
    let exq = 0;
    for (let s = 0; s < SECTOR_COUNT; s++) {
      const f = firms[o + s];
      if (f === 0) continue;
      rev += f * rpf[s];
      if (per) exq += f * per[s];
    }
    revenue[i] = rev * ipTransferFactor(districts[di], cluster, ipProtection);
    exportsOf[i] = exq;
  }
  return { revenue, exportsOf };
}

/** Where each row's anchors start in `seeds` (listed in tile order, so row by row): entry y is the
 * first anchor on row y or below, entry h the list's end. */
function anchorRows(seeds: Neighbourhood["anchorSeeds"], h: number): Int32Array {
  const rows = new Int32Array(h + 1);
  let q = 0;
  for (let y = 0; y <= h; y++) {
    while (q < seeds.length && seeds[q].y < y) q++;
    rows[y] = q;
  }
  return rows;
}

/** Buzz follows creatives, firms and amenities nearby; heritage decays unless protected. */
function updateBuzzAndHeritage(work: TileWork, districts: readonly District[], nb: Neighbourhood): void {
  const { terrain, district, use, buzz, heritage } = work;
  // The districts' policies, looked up once (not once per tile).
  const festival = districts.map((d) => (d.policies.festival ? 0.15 : 0));
  const heritageKept = districts.map((d) => d.policies.heritageProtection);
  const nbCreatives = nb.creatives;
  const nbFirms = nb.firms;
  const nbAmenities = nb.amenities;
  for (let i = 0; i < work.n; i++) {
    if (terrain[i] === WATER) continue;
    const di = district[i];
    const fest = di >= 0 ? festival[di] : 0;
    const target = Math.min(
      1,
      0.45 * Math.min(1, nbCreatives[i] / 300) +
        0.3 * Math.min(1, nbFirms[i] / 20) +
        0.1 * Math.min(1, nbAmenities[i] / 3) +
        fest,
    );
    buzz[i] = Math.round((0.5 * buzz[i] + 0.5 * target) * 1000) / 1000;
    if (use[i] === HERITAGE) heritage[i] = 1;
    else if (di >= 0 && !heritageKept[di] && heritage[i] > 0) {
      heritage[i] = Math.round(Math.max(0, heritage[i] - 0.01) * 1000) / 1000;
    }
  }
}
