// The economy of one year, as pure functions of a state: linkage bonus, scope, local demand, global
// access, distinctiveness, exports and creators' pay (DESIGN.md step 5; paper section 2).
import type { ClusterEconomy } from "./clusters.js";
import { SECTOR_BASE, SECTORS } from "./kinds.js";
import type { GameState, Link, Tile } from "./state.js";
import { i32, readTiles, type Scratch, SECTOR_COUNT, type TileWork, useIndex } from "./yearwork.js";

/** What a creative earns before any rent: the creative class's base income. */
export const BASE_PAY = 10;
/** Share of originality's revenue small creators keep, without and with IP protection (paper 5(5)). */
export const IP_SHARE = { off: 0.45, on: 0.8 } as const;
/** Pay a creative gains per unit of revenue per head on their tile. */
export const PAY_PER_REVENUE = 15;
/** Rent on protected (affordable) tiles is capped at this share of base pay. */
export const AFFORDABLE_RENT_SHARE = 0.5;

export interface LinkStats {
  /** Links touching each tile. */
  degree: Int32Array;
  research: Int32Array;
  heritage: Int32Array;
  incubation: Int32Array;
  valueAdd: Int32Array;
  /** Global links touching each district's tiles. */
  globalByDistrict: number[];
  heritageByDistrict: number[];
  /** Per-district tallies of tiles, in one pass: media HQs, exhibition centres, heritage, firms. */
  tally: { tiles: number; media: number; expo: number; heritage: number; firms: number; crafts: number }[];
}

export function linkStats(state: GameState): LinkStats {
  return linkStatsOf(readTiles(state.tiles), state.districts.length, state.links);
}

const MEDIA = useIndex("media");
const EXHIBITION = useIndex("exhibition");

/** `linkStats` on the year's working copy of the tiles (see yearwork.ts); its per-tile counts are the
 * year's scratch arrays when `scratch` is given. */
export function linkStatsOf(
  work: TileWork,
  districts: number,
  links: readonly Link[],
  scratch?: Scratch,
): LinkStats {
  const n = work.n;
  const s: LinkStats = {
    degree: i32(scratch, "links.degree", n),
    research: i32(scratch, "links.research", n),
    heritage: i32(scratch, "links.heritage", n),
    incubation: i32(scratch, "links.incubation", n),
    valueAdd: i32(scratch, "links.valueAdd", n),
    globalByDistrict: new Array<number>(districts).fill(0),
    heritageByDistrict: new Array<number>(districts).fill(0),
    tally: Array.from({ length: districts }, () => ({
      tiles: 0,
      media: 0,
      expo: 0,
      heritage: 0,
      firms: 0,
      crafts: 0,
    })),
  };
  const { district, use, heritage, firms } = work;
  for (let i = 0; i < n; i++) {
    const di = district[i];
    if (di < 0) continue;
    const g = s.tally[di];
    g.tiles++;
    g.heritage += heritage[i];
    if (use[i] === MEDIA) g.media++;
    else if (use[i] === EXHIBITION) g.expo++;
    // Most tiles hold no firm: adding their zeros would change nothing.
    if (work.firmTotal[i] > 0) {
      const o = i * SECTOR_COUNT;
      for (let k = 0; k < SECTOR_COUNT; k++) g.firms += firms[o + k];
      g.crafts += firms[o];
    }
  }
  for (const l of links) {
    for (let e = 0; e < 2; e++) {
      const end = e === 0 ? l.a : l.b;
      s.degree[end]++;
      if (l.kind === "research") s.research[end]++;
      else if (l.kind === "heritage") s.heritage[end]++;
      else if (l.kind === "incubation") s.incubation[end]++;
      else if (l.kind === "valueAdd") s.valueAdd[end]++;
    }
    const da = district[l.a];
    const db = district[l.b];
    if (l.kind === "global") {
      if (da >= 0) s.globalByDistrict[da]++;
      if (db >= 0 && db !== da) s.globalByDistrict[db]++;
    } else if (l.kind === "heritage") {
      if (da >= 0) s.heritageByDistrict[da]++;
      if (db >= 0 && db !== da) s.heritageByDistrict[db]++;
    }
  }
  return s;
}

/** A tile's own linkage bonus for `degree` links (the first part of `linkageBonus`). */
const ownBonus = (degree: number): number => 0.4 * (1 - Math.exp(-degree / 2));
/** `ownBonus` for the usual degrees, worked out once (the year asks for it on every firm tile). */
const OWN_BONUS = Float64Array.from({ length: 32 }, (_, d) => ownBonus(d));

/** Linkage bonus of a tile's firms: grows with its links and the cluster's link density, with
 * diminishing returns (at most +0.6; tuned with the balance harness: at +1.0 linkage-first won most
 * seats of the Precinct and Painters' Village). */
export function linkageBonus(degree: number, cluster: ClusterEconomy | undefined): number {
  const own =
    degree >= 0 && degree < OWN_BONUS.length && degree % 1 === 0 ? OWN_BONUS[degree] : ownBonus(degree);
  const density = cluster ? Math.min(1, cluster.internalLinks / Math.max(1, cluster.tiles.length) / 0.5) : 0;
  return own + 0.2 * density;
}

/** Scope (conglomeration) multiplier of a cluster: distinct linked sectors; a media HQ cross-sells. */
export function scopeMultiplier(cluster: ClusterEconomy | undefined): number {
  if (!cluster) return 1;
  const k = cluster.linkedSectors.length;
  if (k <= 1) return 1;
  return 1 + 0.18 * (k - 1) + (cluster.hasMedia ? 0.06 * k : 0);
}

/** Global access of a district (0..1): global links, media HQs, exhibition centres, place-marketing. */
export function globalAccess(state: GameState, district: number, stats: LinkStats): number {
  const { media, expo } = stats.tally[district];
  const a =
    0.22 * Math.min(4, stats.globalByDistrict[district]) +
    0.2 * Math.min(2, media) +
    0.12 * Math.min(2, expo) +
    (state.cityPolicies.placeMarketing ? 0.15 : 0);
  return Math.min(1, a);
}

/** The local roots a district's distinctiveness moves toward (0..1). */
export function localRoots(district: number, stats: LinkStats): number {
  const { tiles, heritage, firms, crafts } = stats.tally[district];
  const h = tiles > 0 ? heritage / tiles : 0;
  const craftShare = firms > 0 ? crafts / firms : 0;
  const r = 0.05 + 0.7 * h + 0.12 * Math.min(4, stats.heritageByDistrict[district]) + 0.3 * craftShare;
  return Math.min(1, r);
}

export function ipShare(state: GameState): number {
  return state.cityPolicies.ipProtection ? IP_SHARE.on : IP_SHARE.off;
}

/** Each sector's base revenue, and whether research links raise it (digital and design), by index. */
const SECTOR_REVENUE = SECTORS.map((s) => SECTOR_BASE[s].revenue);
const RESEARCH_SECTOR = SECTORS.map((s) => s === "digital" || s === "design");

/** Revenue per firm of each sector on a tile, before counting firms (written into `out` when given). */
export function revenuePerFirm(
  degree: number,
  researchLinks: number,
  cluster: ClusterEconomy | undefined,
  mix: number,
  demand: Record<string, number>,
  out: number[] = new Array<number>(SECTORS.length),
): number[] {
  return revenuePerFirmAt(degree, researchLinks, cluster, mix, demandFactors(demand), out);
}

/** Each sector's demand factor on revenue (0.8 + 0.2 × demand), in SECTORS order: the same for every
 * tile of a year, so the year computes it once (`revenuePerFirmAt`). */
export function demandFactors(demand: Record<string, number>): number[] {
  return SECTORS.map((s) => 0.8 + 0.2 * demand[s]);
}

/** `revenuePerFirm` with the year's demand factors already taken (see `demandFactors`). */
export function revenuePerFirmAt(
  degree: number,
  researchLinks: number,
  cluster: ClusterEconomy | undefined,
  mix: number,
  demandFactor: readonly number[],
  out: number[],
): number[] {
  const bonus = linkageBonus(degree, cluster);
  const scope = scopeMultiplier(cluster);
  const local = 0.55 + 0.45 * mix;
  const research = 0.15 * Math.min(3, researchLinks);
  for (let k = 0; k < SECTOR_REVENUE.length; k++) {
    const r = RESEARCH_SECTOR[k] ? research : 0;
    out[k] = SECTOR_REVENUE[k] * (1 + bonus + r) * scope * local * demandFactor[k];
  }
  return out;
}

/** Exports per firm at full global demand, access and distinctiveness (tuned with the balance harness:
 * at 2.2 global-first districts won most seats of every scenario). */
export const EXPORT_RATE = 1.2;

/** Exports per firm of a sector: global demand × access × distinctiveness × IP factor. */
export function exportsPerFirm(
  demand: number,
  access: number,
  distinctiveness: number,
  ipProtection: boolean,
  exportSupport: boolean,
): number {
  return (
    EXPORT_RATE * demand * access * distinctiveness * (ipProtection ? 1 : 0.75) * (exportSupport ? 1.3 : 1)
  );
}

/** What a creative on the tile can pay: base income plus their kept share of the tile's revenue. */
export function creatorPay(revenue: number, creatives: number, share: number, education: boolean): number {
  const base = BASE_PAY * (education ? 1.12 : 1);
  if (creatives <= 0) return base;
  return base + PAY_PER_REVENUE * share * Math.min(3, revenue / creatives);
}

/** Rent the creatives on a tile actually pay (capped on protected tiles). */
export function effectiveRent(tile: Tile): number {
  return tile.protected ? Math.min(tile.rent, AFFORDABLE_RENT_SHARE * BASE_PAY) : tile.rent;
}
