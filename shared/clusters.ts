// Clusters: connected groups of creative tiles (by adjacency or by links) holding at least five firms
// in real workspace, classified as the paper does (section 3: formation path; section 3's second
// division: internal structure). The formation path is read from the cluster's founding, recorded in
// the state's chronicle in the year it formed (DESIGN.md, "Clusters are classified from their founding
// history"); the structure from what the cluster holds now: its institutions and who holds its links.
import {
  CREATIVE_USES,
  type DistrictPolicy,
  LAND_USE_KINDS,
  LARGE_INSTITUTION_USES,
  LINK_TYPES,
  PUBLIC_INSTITUTION_USES,
  SECTORS,
  type Sector,
} from "./kinds.js";
import type { Chronicle, ClusterFounding, ClusterRecord, GameState, Link } from "./state.js";
import { firmTotal } from "./state.js";
import {
  f64,
  i32,
  LAND,
  readTiles,
  type Scratch,
  SECTOR_COUNT,
  type TileWork,
  u8,
  useIndex,
} from "./yearwork.js";

export const CLUSTER_MIN_FIRMS = 5;

/** "mixed": founded on markers of several paths at once; "none": no path's markers yet. */
export type FormationPath = "metropolitan" | "industrialRevival" | "policyLed" | "mixed" | "none";
export type InternalStructure = "institutionLed" | "publicAgencyLed" | "smeSpontaneous";

/** The paper's public cultural institutions (section 5(2)): museums, galleries, universities, large
 * research institutes, and the theatre as a performance centre. Media groups are firms, incubators are
 * public agencies, and exhibition centres are trade venues: none of them is one. */
export const PUBLIC_INSTITUTIONS: ReadonlySet<string> = new Set(PUBLIC_INSTITUTION_USES);

/** Large cultural institutions, for-profit or not (the first structure: Hollywood, QUT's precinct):
 * the public ones, media groups and exhibition centres (kinds.ts, the `institution` column). */
const LARGE_INSTITUTIONS: ReadonlySet<string> = new Set(LARGE_INSTITUTION_USES);

/** Policies that build or steer an industry (the third path's park-building and export drive, and the
 * public development fund with its shared services). Protective policies (affordable studios, heritage
 * protection), the cultural climate (arts education, festivals, international exchange) and IP transfer
 * are not among them. */
const STEERING_POLICIES: readonly DistrictPolicy[] = ["talent", "exportSupport", "sharedServices"];

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
  /** The year its (earliest) founding was recorded; the current year if it formed since. */
  founded: number;
}

const CREATIVE_SET = new Set<string>(CREATIVE_USES);
/** Real workspace: creative uses, and old factories that artists work in before anyone converts them
 * (the paper's artists renting derelict works). Homes are not workspace. */
const WORKSPACE_SET = new Set<string>([...CREATIVE_USES, "derelict"]);

/** Weight of one institution or incubator present in a cluster, against links and firms (a firm
 * counts a fifth, a link held one). */
const PRESENCE_WEIGHT = 4;

/** The tiles of each cluster (ascending) and `clusterOf[i]`, the cluster of tile i or -1: the groups
 * alone, before any classification (what the year's output and the chronicle need). */
export interface ClusterGroups {
  groups: number[][];
  clusterOf: Int32Array;
  /** How the tiles were partitioned (set by `clusterGroupsOf`): a later call of the same year may reuse
   * it when the creative tiles and the links are the same. */
  partition?: Partition;
}

/** The connected groups of creative tiles, before the tally: which tiles are creative, the root (lowest
 * tile) of each creative tile's group, and the links they were joined by. */
export interface Partition {
  creative: Uint8Array;
  /** The creative tiles, ascending (the first `count` entries). */
  list: Int32Array;
  count: number;
  rootOf: Int32Array;
  links: readonly Link[];
  /** The groups and `clusterOf` that call listed (the same ones come back when the same roots qualify). */
  groups?: number[][];
  clusterOf?: Int32Array;
}

/** What a cluster's firms earn from (the economy's view of a cluster; a classified Cluster is one). */
export type ClusterEconomy = Pick<Cluster, "tiles" | "internalLinks" | "linkedSectors" | "hasMedia">;

/** Finds the groups of connected creative tiles that make clusters. */
export function clusterGroups(state: GameState): ClusterGroups {
  return clusterGroupsOf(readTiles(state.tiles), state.width, state.links);
}

/** Per land use (by USE_INDEX): creative uses, real workspace, homes. */
const U_CREATIVE = Uint8Array.from(LAND_USE_KINDS, (u) => (CREATIVE_SET.has(u) ? 1 : 0));
const U_WORKSPACE = Uint8Array.from(LAND_USE_KINDS, (u) => (WORKSPACE_SET.has(u) ? 1 : 0));
const HOUSING = useIndex("housing");
const MEDIA = useIndex("media");

/** `clusterGroups` on the year's working copy of the tiles (see yearwork.ts); the map's height is
 * `work.n / width`. */
export function clusterGroupsOf(
  work: TileWork,
  width: number,
  links: readonly Link[],
  scratch?: Scratch,
  key = "",
  earlier?: Partition,
): ClusterGroups {
  const n = work.n;
  const { use, terrain } = work;
  // Scratch arrays (the year's, when given); the partition's arrays and clusterOf are kept under `key`.
  // A creative tile: land with a creative use or a firm. They are listed in ascending order, and the
  // passes below walk the list, not the map (not half the tiles are creative).
  const creative = u8(scratch, `groups.creative.${key}`, n);
  const list = i32(scratch, `groups.list.${key}`, n);
  const firmsOf = work.firmTotal;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (terrain[i] === LAND && (U_CREATIVE[use[i]] === 1 || firmsOf[i] > 0)) {
      creative[i] = 1;
      list[m++] = i;
    }
  }
  // The same creative tiles joined by the same links make the same groups: an earlier partition of
  // the year is reused then (the firm step changes firm counts far more often than which tiles hold one).
  const reuse =
    earlier !== undefined &&
    earlier.links === links &&
    earlier.count === m &&
    sameList(earlier.list, list, m);
  const rootOf = reuse
    ? earlier.rootOf
    : partitionRoots(creative, list, m, width, links, i32(scratch, `groups.rootOf.${key}`, n));

  // A cluster needs real workspace (a studio, incubator, institution or old factory) and five firms
  // that are not in people's homes (six homes with a firm each are a street, not a cluster). Tallied
  // per root first, so that only the groups that qualify are listed.
  const firmsAtRoot = f64(scratch, "groups.firmsAtRoot", n);
  const workspaceAt = u8(scratch, "groups.workspaceAt", n);
  const sizeAt = i32(scratch, "groups.sizeAt", n);
  // The roots, ascending (in the list's order), and the size of each root's group.
  const roots = i32(scratch, "groups.roots", m);
  let rootCount = 0;
  for (let k = 0; k < m; k++) {
    const i = list[k];
    const r = rootOf[i];
    if (r === i) roots[rootCount++] = i;
    const u = use[i];
    if (u !== HOUSING) firmsAtRoot[r] += firmsOf[i];
    if (U_WORKSPACE[u] === 1) workspaceAt[r] = 1;
    sizeAt[r]++;
  }
  // Groups are numbered by their lowest tile, which is their root: `groupAt[r]` is 1 + the group of
  // root r, or 0 if its group does not qualify.
  const groupAt = i32(scratch, "groups.groupAt", n);
  let count = 0;
  for (let q = 0; q < rootCount; q++) {
    const r = roots[q];
    if (firmsAtRoot[r] >= CLUSTER_MIN_FIRMS && workspaceAt[r] === 1) groupAt[r] = ++count;
  }
  // The same partition with the same roots qualifying makes the same groups: the earlier call's are
  // handed back (no one changes a group once listed).
  if (reuse && earlier.groups !== undefined && earlier.clusterOf !== undefined) {
    const before = earlier.groups;
    let same = before.length === count;
    for (let g = 0; g < count && same; g++) same = groupAt[before[g][0]] === g + 1;
    if (same) return { groups: before, clusterOf: earlier.clusterOf, partition: earlier };
  }
  const clusterOf = i32(scratch, `groups.clusterOf.${key}`, n).fill(-1);
  const groups: number[][] = [];
  for (let q = 0; q < rootCount; q++) {
    const r = roots[q];
    if (groupAt[r] > 0) groups.push(new Array<number>(sizeAt[r])); // filled below, ascending
  }
  if (count > 0) {
    const filled = new Int32Array(count);
    for (let k = 0; k < m; k++) {
      const i = list[k];
      const g = groupAt[rootOf[i]] - 1;
      if (g < 0) continue;
      groups[g][filled[g]++] = i;
      clusterOf[i] = g;
    }
  }
  return { groups, clusterOf, partition: { creative, list, count: m, rootOf, links, groups, clusterOf } };
}

/** Whether the first `m` entries of two lists are the same. */
function sameList(a: Int32Array, b: Int32Array, m: number): boolean {
  for (let k = 0; k < m; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The root of tile i's tree in the union-find `parent` (halving the path on the way). */
function find(parent: Int32Array, i: number): number {
  for (;;) {
    const p = parent[i];
    if (p === i) return i;
    const g = parent[p];
    parent[i] = g;
    i = g;
  }
}

/** The root of each creative tile's group (its lowest tile), written into `rootOf`: tiles joined by
 * adjacency (four neighbours) or by a link, by union-find. `list` holds the `m` creative tiles in
 * ascending order. `rootOf` itself is the union-find's parent array: a tree's root is always its lowest
 * tile (the higher root goes under the lower), so no parent is above its child, and one ascending pass at
 * the end points each tile at its root. */
function partitionRoots(
  creative: Uint8Array,
  list: Int32Array,
  m: number,
  width: number,
  links: readonly Link[],
  rootOf: Int32Array,
): Int32Array {
  const parent = rootOf;
  // In ascending order, each creative tile joins its left and upper neighbours' trees (both seen).
  for (let k = 0; k < m; k++) {
    const i = list[k];
    let r = i;
    if (i % width > 0 && creative[i - 1] === 1) r = find(parent, i - 1);
    if (i >= width && creative[i - width] === 1) {
      const up = find(parent, i - width);
      if (up < r) {
        if (r !== i) parent[r] = up;
        r = up;
      } else if (up > r) parent[up] = r;
    }
    parent[i] = r;
  }
  for (const l of links) {
    if (creative[l.a] === 0 || creative[l.b] === 0) continue;
    const ra = find(parent, l.a);
    const rb = find(parent, l.b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  }
  for (let k = 0; k < m; k++) {
    const i = list[k];
    parent[i] = parent[parent[i]];
  }
  return rootOf;
}

/** The economy's view of each cluster: its tiles, internal links, linked sectors and media. */
export function clusterEconomies(state: GameState, groups: ClusterGroups): ClusterEconomy[] {
  return clusterEconomiesOf(readTiles(state.tiles), state.links, groups);
}

/** Every sector's bit set. */
const ALL_SECTORS = (1 << SECTOR_COUNT) - 1;

/** `clusterEconomies` on the year's working copy of the tiles (`scratch` is no longer needed: kept for
 * the callers). */
export function clusterEconomiesOf(
  work: TileWork,
  links: readonly Link[],
  { groups, clusterOf }: ClusterGroups,
): ClusterEconomy[] {
  const count = groups.length;
  const internal = new Int32Array(count);
  // The sectors with firms on the cluster's linked tiles (a bit each), from the links' ends.
  const sectorsOf = new Int32Array(count);
  const { firms, use } = work;
  const sectorsAt = (i: number, c: number) => {
    if (c < 0 || sectorsOf[c] === ALL_SECTORS) return;
    const o = i * SECTOR_COUNT;
    let bits = sectorsOf[c];
    for (let s = 0; s < SECTOR_COUNT; s++) if (firms[o + s] > 0) bits |= 1 << s;
    sectorsOf[c] = bits;
  };
  for (const l of links) {
    const ca = clusterOf[l.a];
    const cb = clusterOf[l.b];
    if (ca >= 0 && ca === cb) internal[ca]++;
    sectorsAt(l.a, ca);
    sectorsAt(l.b, cb);
  }
  const economies: ClusterEconomy[] = [];
  for (let id = 0; id < count; id++) {
    const members = groups[id];
    let hasMedia = false;
    for (const i of members) {
      if (use[i] === MEDIA) {
        hasMedia = true;
        break;
      }
    }
    const sectors = sectorsOf[id];
    economies.push({
      tiles: members,
      internalLinks: internal[id],
      linkedSectors: SECTORS.filter((_, s) => sectors & (1 << s)),
      hasMedia,
    });
  }
  return economies;
}

/** Finds and classifies clusters; `clusterOf[i]` is the cluster id of tile i or -1. */
export function findClusters(
  state: GameState,
  given?: ClusterGroups,
): { clusters: Cluster[]; clusterOf: Int32Array } {
  const { tiles } = state;
  // The tiles' working copy, read once: the groups, their districts and new clusters' foundings.
  const work = readTiles(tiles);
  const found = given ?? clusterGroupsOf(work, state.width, state.links);
  const n = tiles.length;
  const { groups, clusterOf } = found;
  const linkCount = new Int32Array(n);
  for (const l of state.links) {
    linkCount[l.a]++;
    linkCount[l.b]++;
  }
  // One pass over the links: internal links and who holds the links of each cluster.
  const internal = new Int32Array(groups.length);
  // Links held in each cluster by large institutions, public agencies (incubators) and firms (SMEs).
  const byInstitution = new Int32Array(groups.length);
  const byAgency = new Int32Array(groups.length);
  const bySme = new Int32Array(groups.length);
  for (const l of state.links) {
    const ca = clusterOf[l.a];
    const cb = clusterOf[l.b];
    if (ca >= 0 && ca === cb) internal[ca]++;
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

  const records = state.chronicle?.clusters ?? [];
  const recordAt = new Map<number, number>();
  records.forEach((r, k) => {
    for (const i of r.tiles) recordAt.set(i, k);
  });

  const clusters: Cluster[] = groups.map((members, id) => {
    let firms = 0;
    let creatives = 0;
    const sectorLinked = new Array(SECTORS.length).fill(false);
    let hasMedia = false;
    let institutions = 0;
    let incubators = 0;
    let smeFirms = 0;
    for (const i of members) {
      const t = tiles[i];
      const f = firmTotal(t);
      firms += f;
      creatives += t.creatives;
      if (linkCount[i] > 0) {
        for (let s = 0; s < t.firms.length; s++) if (t.firms[s] > 0) sectorLinked[s] = true;
      }
      if (t.use === "media") hasMedia = true;
      if (LARGE_INSTITUTIONS.has(t.use)) institutions++;
      else if (t.use === "incubator") incubators++;
      else smeFirms += f;
    }
    const district = majorityDistrict(state, members, work.district);
    // The founding: of the recorded clusters this one grew from (a merger keeps every founding), or,
    // if it formed since the last year was resolved, what it is now.
    const matched = new Set<number>();
    for (const i of members) {
      const k = recordAt.get(i);
      if (k !== undefined) matched.add(k);
    }
    const foundings = matched.size
      ? distinct([...matched].sort((a, b) => a - b).flatMap((k) => records[k].foundings))
      : [foundingOf(state, members, undefined, work)];
    // Structure: institutions and agencies present weigh as much as several firms, and so do the links
    // each kind holds (the paper's three types are a rough division; linkage decides success).
    const institution = institutions * PRESENCE_WEIGHT + byInstitution[id];
    const agency = incubators * PRESENCE_WEIGHT + byAgency[id];
    const sme = smeFirms / 5 + bySme[id];
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
      path: formationPath(foundings),
      structure,
      founded: Math.min(...foundings.map((f) => f.year)),
    };
  });
  return { clusters, clusterOf };
}

/** Foundings without repeats (a founding reached through two merged records counts once). */
function distinct(foundings: readonly ClusterFounding[]): ClusterFounding[] {
  const seen = new Set<string>();
  return foundings.filter((f) => {
    const key = `${f.year}:${f.tiles[0]}:${f.tiles.length}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The district holding most of the tiles (ties: the lower id), or -1 if none holds any. `districtOf`
 * holds each tile's district (the year's working copy's, or one read from the tile objects). */
function majorityDistrict(
  state: GameState,
  members: readonly number[],
  districtOf: { readonly [i: number]: number },
): number {
  const count = new Int32Array(state.districts.length);
  for (const i of members) {
    const d = districtOf[i];
    if (d >= 0) count[d]++;
  }
  let district = -1;
  let best = 0;
  for (let d = 0; d < count.length; d++) {
    if (count[d] > best) {
      best = count[d];
      district = d;
    }
  }
  return district;
}

/** Per land use (by USE_INDEX): the paper's public institutions. */
const U_PUBLIC = Uint8Array.from(LAND_USE_KINDS, (u) => (PUBLIC_INSTITUTIONS.has(u) ? 1 : 0));
const INCUBATOR = useIndex("incubator");
const EXHIBITION = useIndex("exhibition");
const GATEWAY = useIndex("gateway");

/** What a group of cluster tiles is now: the markers of the three formation paths. `globalLinks`, when
 * given, is the number of global links touching the group (the caller counted them for every group in
 * one pass over the links); otherwise the links are scanned here. `work` is the working copy of the
 * tiles that is counted (the year's during a year); without it the tile objects are read into one. */
export function foundingOf(
  state: GameState,
  members: readonly number[],
  globalLinks: number = globalLinksTouching(state, members),
  work: TileWork = readTiles(state.tiles),
): ClusterFounding {
  const { use, firmTotal: firmsAt, converted: convertedAt, protected: protectedAt } = work;
  const width = state.width;
  const n = work.n;
  let firms = 0;
  let converted = 0;
  let institutions = 0;
  let incubators = 0;
  let media = 0;
  let exhibition = 0;
  let protectedTiles = 0;
  // Gateways beside the group, each counted once (a city has a handful: a short list suffices).
  const gateways: number[] = [];
  const gatewayAt = (j: number) => {
    if (!gateways.includes(j)) gateways.push(j);
  };
  for (const i of members) {
    const u = use[i];
    firms += firmsAt[i];
    if (u === INCUBATOR) incubators++;
    else if (convertedAt[i] === 1) converted++;
    if (U_PUBLIC[u]) institutions++;
    if (u === MEDIA) media++;
    if (u === EXHIBITION) exhibition++;
    if (protectedAt[i] === 1) protectedTiles++;
    // Gateways beside the group (four neighbours).
    const x = i % width;
    if (x + 1 < width && use[i + 1] === GATEWAY) gatewayAt(i + 1);
    if (x > 0 && use[i - 1] === GATEWAY) gatewayAt(i - 1);
    if (i + width < n && use[i + width] === GATEWAY) gatewayAt(i + width);
    if (i >= width && use[i - width] === GATEWAY) gatewayAt(i - width);
  }
  const district = majorityDistrict(state, members, work.district);
  const d = district >= 0 ? state.districts[district] : undefined;
  return {
    year: state.year,
    tiles: ascending(members),
    firms,
    district,
    character: d?.character ?? "fringe",
    converted,
    institutions,
    incubators,
    media,
    exhibition,
    gateways: gateways.length,
    globalLinks,
    protectedTiles,
    policies: d ? (Object.keys(d.policies) as DistrictPolicy[]).filter((p) => d.policies[p]) : [],
  };
}

/** A copy of the tile list in ascending order (groups are found in that order: no sort then). */
function ascending(members: readonly number[]): number[] {
  for (let k = 1; k < members.length; k++)
    if (members[k - 1] > members[k]) return [...members].sort((a, b) => a - b);
  return members.slice();
}

/** Global links with at least one end in `members`. */
function globalLinksTouching(state: GameState, members: readonly number[]): number {
  const inside = new Set(members);
  let count = 0;
  for (const l of state.links) if (l.kind === "global" && (inside.has(l.a) || inside.has(l.b))) count++;
  return count;
}

/** For every group: the global links with at least one end in it (one pass over the links). */
function globalLinksByGroup(state: GameState, { groups, clusterOf }: ClusterGroups): Int32Array {
  const count = new Int32Array(groups.length);
  for (const l of state.links) {
    if (l.kind !== "global") continue;
    const ca = clusterOf[l.a];
    const cb = clusterOf[l.b];
    if (ca >= 0) count[ca]++;
    if (cb >= 0 && cb !== ca) count[cb]++;
  }
  return count;
}

/** A path needs this much evidence at founding; with two such paths, the stronger must be this many
 * times the other, or the cluster is "mixed". */
const PATH_EVIDENCE = 2;
const PATH_MARGIN = 1.5;

/** Evidence for each path in a cluster's founding(s).
 * - Metropolitan (the first kind: media giants' headquarters, global trade and exhibition): media HQs,
 *   exhibition centres and gateways weigh 2, global links 1, a metropolitan district 1.
 * - Industrial revival (the second kind: artists in cheap old factories): each converted tile 1, an
 *   old industrial district 1 once anything is converted.
 * - Policy-led (the third kind: parks, incubation and export drives): incubators weigh 2, each
 *   steering policy 1, a new development zone 1. Protective policies count for no path. */
export function pathEvidence(
  foundings: readonly ClusterFounding[],
): Record<"metropolitan" | "industrialRevival" | "policyLed", number> {
  let metro = 0;
  let revival = 0;
  let policy = 0;
  for (const f of foundings) {
    metro +=
      2 * (f.media + f.exhibition + f.gateways) + f.globalLinks + (f.character === "metropolitan" ? 1 : 0);
    revival += f.converted + (f.converted > 0 && f.character === "industrial" ? 1 : 0);
    policy +=
      2 * f.incubators +
      STEERING_POLICIES.filter((p) => f.policies.includes(p)).length +
      (f.character === "newzone" ? 1 : 0);
  }
  return { metropolitan: metro, industrialRevival: revival, policyLed: policy };
}

export function formationPath(foundings: readonly ClusterFounding[]): FormationPath {
  const evidence = Object.entries(pathEvidence(foundings))
    .filter(([, v]) => v >= PATH_EVIDENCE)
    .sort((a, b) => b[1] - a[1]) as [FormationPath, number][];
  if (evidence.length === 0) return "none";
  if (evidence.length > 1 && evidence[0][1] < PATH_MARGIN * evidence[1][1]) return "mixed";
  return evidence[0][0];
}

/** The chronicle at the start of a game (or for an older snapshot): the clusters already on the map are
 * recorded as founded now. `start` is filled by the caller. */
export function chronicleClusters(
  state: GameState,
  base: Omit<Chronicle, "clusters" | "nextCluster">,
): Chronicle {
  const chronicle: Chronicle = { ...base, clusters: [], nextCluster: 1 };
  return trackClusters(chronicle, state);
}

/**
 * The year's end for the chronicle (called once, at the end of `resolveYear`): follows every cluster
 * from last year by its tiles, records the founding of each new one, and merges the records of
 * clusters that grew together. Records of clusters that dissolved are dropped. Deterministic.
 */
export function recordClusterYear(
  prev: GameState,
  state: GameState,
  groups?: ClusterGroups,
  work?: TileWork,
): Chronicle | undefined {
  const chronicle = prev.chronicle;
  if (!chronicle) return undefined;
  return trackClusters(chronicle, state, groups, work);
}

/** `chronicle` with its cluster records followed into `state`'s clusters (the state's tiles, links, year
 * and districts are read; its own chronicle is not). */
function trackClusters(
  chronicle: Chronicle,
  state: GameState,
  given?: ClusterGroups,
  givenWork?: TileWork,
): Chronicle {
  // The tiles' working copy: read from the tile objects when not given (for the groups, if they are not
  // given either, and for the foundings).
  let work = givenWork;
  let found = given;
  if (found === undefined) {
    work ??= readTiles(state.tiles);
    found = clusterGroupsOf(work, state.width, state.links);
  }
  const { groups, clusterOf } = found;
  const records = chronicle.clusters;
  const G = groups.length;
  const K = records.length;
  // Tiles each record (last year's tiles) shares with each group: overlap[g × K + k]. Records never
  // share a tile (each group goes to one record), so each tile counts for one record at most.
  const overlap = new Int32Array(G * K);
  for (let k = 0; k < K; k++) {
    for (const i of records[k].tiles) {
      const g = clusterOf[i];
      if (g >= 0) overlap[g * K + k]++;
    }
  }
  const globalLinks = globalLinksByGroup(state, found);
  let nextCluster = chronicle.nextCluster;
  // Per record: the tiles of the groups it is the heir of (ascending), and its foundings then.
  const heirTiles: (number[] | undefined)[] = new Array(K).fill(undefined);
  const heirFoundings: ClusterFounding[][] = new Array(K);
  const fresh: ClusterRecord[] = [];
  const touched: number[] = [];
  for (let g = 0; g < G; g++) {
    const tiles = groups[g];
    touched.length = 0;
    for (let k = 0; k < K; k++) if (overlap[g * K + k] > 0) touched.push(k);
    if (touched.length === 0) {
      work ??= readTiles(state.tiles);
      fresh.push({ id: nextCluster++, foundings: [foundingOf(state, tiles, globalLinks[g], work)], tiles });
      continue;
    }
    // The heir is the record it overlaps most (ties: the older); the others merge into it.
    const o = g * K;
    if (touched.length > 1) touched.sort((a, b) => overlap[o + b] - overlap[o + a] || a - b);
    const heir = touched[0];
    const before = heirTiles[heir];
    heirTiles[heir] = before === undefined ? tiles : mergeAscending(before, tiles);
    const foundings = before === undefined ? [...records[heir].foundings] : heirFoundings[heir];
    for (let t = 1; t < touched.length; t++) foundings.push(...records[touched[t]].foundings);
    heirFoundings[heir] = distinct(foundings);
  }
  const kept: ClusterRecord[] = [];
  for (let k = 0; k < K; k++) {
    const tiles = heirTiles[k];
    if (tiles === undefined) continue; // dissolved, or merged into another
    kept.push({ id: records[k].id, foundings: heirFoundings[k], tiles });
  }
  return { ...chronicle, clusters: [...kept, ...fresh], nextCluster };
}

/** Two ascending lists of distinct tiles as one ascending list (a new one). */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] < b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
