// Clusters: connected groups of creative tiles (by adjacency or by links) holding at least five firms,
// classified as the paper does (section 3: formation path; section 4: internal structure).
import { ANCHOR_KINDS, CREATIVE_USES, LAND_USES, SECTORS, type Sector } from "./kinds.js";
import type { GameState, Tile } from "./state.js";
import { firmTotal } from "./state.js";

export const CLUSTER_MIN_FIRMS = 5;

export type FormationPath = "metropolitan" | "industrialRevival" | "policyLed";
export type InternalStructure = "institutionLed" | "publicAgencyLed" | "smeSpontaneous";

export interface Cluster {
  id: number;
  /** Tile indices, ascending. */
  tiles: number[];
  firms: number;
  creatives: number;
  /** Sectors with firms on linked tiles of the cluster. */
  linkedSectors: Sector[];
  /** Links with both ends inside the cluster. */
  internalLinks: number;
  hasMedia: boolean;
  /** District holding most of the cluster's tiles. */
  district: number;
  path: FormationPath;
  structure: InternalStructure;
}

function isCreativeTile(t: Tile): boolean {
  return t.terrain === "land" && (CREATIVE_USES.includes(t.use) || firmTotal(t) > 0);
}

const LARGE_INSTITUTIONS = new Set<string>([
  "university",
  "research",
  "museum",
  "gallery",
  "theatre",
  "media",
  "exhibition",
]);

/** Finds clusters; `clusterOf[i]` is the cluster id of tile i or -1. */
export function findClusters(state: GameState): { clusters: Cluster[]; clusterOf: Int32Array } {
  const { width, height, tiles } = state;
  const n = tiles.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const creative = new Uint8Array(n);
  for (let i = 0; i < n; i++) creative[i] = isCreativeTile(tiles[i]) ? 1 : 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!creative[i]) continue;
      if (x + 1 < width && creative[i + 1]) union(i, i + 1);
      if (y + 1 < height && creative[i + width]) union(i, i + width);
    }
  }
  for (const l of state.links) if (creative[l.a] && creative[l.b]) union(l.a, l.b);

  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (!creative[i]) continue;
    const r = find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  const linkCount = new Int32Array(n);
  for (const l of state.links) {
    linkCount[l.a]++;
    linkCount[l.b]++;
  }

  const clusterOf = new Int32Array(n).fill(-1);
  const clusters: Cluster[] = [];
  for (const members of byRoot.values()) {
    let firms = 0;
    let creatives = 0;
    for (const i of members) {
      firms += firmTotal(tiles[i]);
      creatives += tiles[i].creatives;
    }
    if (firms < CLUSTER_MIN_FIRMS) continue;
    const id = clusters.length;
    for (const i of members) clusterOf[i] = id;
    const sectorLinked = new Array(SECTORS.length).fill(false);
    let hasMedia = false;
    const districtCount = new Map<number, number>();
    let converted = 0;
    let incubators = 0;
    let metro = 0;
    for (const i of members) {
      const t = tiles[i];
      if (linkCount[i] > 0) {
        for (let s = 0; s < t.firms.length; s++) if (t.firms[s] > 0) sectorLinked[s] = true;
      }
      if (t.use === "media") hasMedia = true;
      if (t.converted) converted++;
      if (t.use === "incubator") incubators++;
      if (t.use === "media" || t.use === "exhibition") metro++;
      districtCount.set(t.district, (districtCount.get(t.district) ?? 0) + 1);
    }
    let internalLinks = 0;
    let holders = { institution: 0, agency: 0, sme: 0 };
    for (const l of state.links) {
      const inA = clusterOf[l.a] === id;
      const inB = clusterOf[l.b] === id;
      if (inA && inB) internalLinks++;
      if (!inA && !inB) continue;
      if (l.kind === "global") metro++;
      for (const end of [l.a, l.b]) {
        if (clusterOf[end] !== id) continue;
        const use = tiles[end].use;
        if (LARGE_INSTITUTIONS.has(use)) holders.institution++;
        else if (use === "incubator") holders.agency++;
        else holders = { ...holders, sme: holders.sme + 1 };
      }
    }
    let district = -1;
    let best = -1;
    for (const [d, c] of districtCount) {
      if (d >= 0 && (c > best || (c === best && d < district))) {
        best = c;
        district = d;
      }
    }
    const policy =
      district >= 0 ? Object.values(state.districts[district].policies).filter(Boolean).length : 0;
    const pathScores: [FormationPath, number][] = [
      ["metropolitan", metro * 2],
      ["industrialRevival", converted * 1.5],
      ["policyLed", incubators * 2 + policy],
    ];
    pathScores.sort((a, b) => b[1] - a[1]);
    const structure: InternalStructure =
      holders.institution >= holders.agency && holders.institution > holders.sme
        ? "institutionLed"
        : holders.agency > holders.sme
          ? "publicAgencyLed"
          : "smeSpontaneous";
    clusters.push({
      id,
      tiles: members,
      firms,
      creatives,
      linkedSectors: SECTORS.filter((_, s) => sectorLinked[s]),
      internalLinks,
      hasMedia,
      district,
      path: pathScores[0][1] > 0 ? pathScores[0][0] : "industrialRevival",
      structure,
    });
  }
  return { clusters, clusterOf };
}

/** Whether a use is a large anchor institution. */
export function isAnchor(use: string): boolean {
  return (ANCHOR_KINDS as readonly string[]).includes(use) && LAND_USES[use as keyof typeof LAND_USES].anchor;
}
