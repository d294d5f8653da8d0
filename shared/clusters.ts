// Clusters: connected groups of creative tiles (by adjacency or by links) holding at least five firms,
// classified as the paper does (section 3: formation path; section 4: internal structure).
import { CREATIVE_USES, LINK_TYPES, SECTORS, type Sector } from "./kinds.js";
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

const CREATIVE_SET = new Set<string>(CREATIVE_USES);

function isCreativeTile(t: Tile): boolean {
  return t.terrain === "land" && (CREATIVE_SET.has(t.use) || firmTotal(t) > 0);
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
  const groups: number[][] = [];
  for (const members of byRoot.values()) {
    let firms = 0;
    for (const i of members) firms += firmTotal(tiles[i]);
    if (firms < CLUSTER_MIN_FIRMS) continue;
    for (const i of members) clusterOf[i] = groups.length;
    groups.push(members);
  }
  // One pass over the links: internal links, global links and who holds the links of each cluster.
  const internal = new Int32Array(groups.length);
  const globalLinks = new Int32Array(groups.length);
  // Links held in each cluster by large institutions, public agencies (incubators) and firms (SMEs).
  const byInstitution = new Int32Array(groups.length);
  const byAgency = new Int32Array(groups.length);
  const bySme = new Int32Array(groups.length);
  for (const l of state.links) {
    const ca = clusterOf[l.a];
    const cb = clusterOf[l.b];
    if (ca >= 0 && ca === cb) internal[ca]++;
    for (const c of ca === cb ? [ca] : [ca, cb]) if (c >= 0 && l.kind === "global") globalLinks[c]++;
    // Who holds the link: its hub end (the institution, agency or firm that the link type starts from).
    const ta = tiles[l.a];
    const holder = LINK_TYPES[l.kind].a(ta.use, firmTotal(ta)) ? l.a : l.b;
    const c = clusterOf[holder];
    if (c >= 0) {
      const use = tiles[holder].use;
      if (LARGE_INSTITUTIONS.has(use)) byInstitution[c]++;
      else if (use === "incubator") byAgency[c]++;
      else bySme[c]++;
    }
  }

  const clusters: Cluster[] = groups.map((members, id) => {
    let firms = 0;
    let creatives = 0;
    const sectorLinked = new Array(SECTORS.length).fill(false);
    let hasMedia = false;
    const districtCount = new Map<number, number>();
    let converted = 0;
    let incubators = 0;
    let metro = globalLinks[id];
    for (const i of members) {
      const t = tiles[i];
      firms += firmTotal(t);
      creatives += t.creatives;
      if (linkCount[i] > 0) {
        for (let s = 0; s < t.firms.length; s++) if (t.firms[s] > 0) sectorLinked[s] = true;
      }
      if (t.use === "media") hasMedia = true;
      if (t.converted) converted++;
      if (t.use === "incubator") incubators++;
      if (t.use === "media" || t.use === "exhibition") metro++;
      districtCount.set(t.district, (districtCount.get(t.district) ?? 0) + 1);
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
    const institution = byInstitution[id];
    const agency = byAgency[id];
    const sme = bySme[id];
    const structure: InternalStructure =
      institution >= agency && institution > sme
        ? "institutionLed"
        : agency > sme
          ? "publicAgencyLed"
          : "smeSpontaneous";
    return {
      id,
      tiles: members,
      firms,
      creatives,
      linkedSectors: SECTORS.filter((_, s) => sectorLinked[s]),
      internalLinks: internal[id],
      hasMedia,
      district,
      path: pathScores[0][1] > 0 ? pathScores[0][0] : "industrialRevival",
      structure,
    };
  });
  return { clusters, clusterOf };
}
