// The debrief: what a finished (or running) game shows, drawn from the history rows and the state.
// Pure: the end screen and the projector render it; tests check it. Three parts, as DESIGN.md asks:
// series per district over the years, the migration flows between districts, and the paper's six
// recommendations (section 5), each set against what the room actually did.
import { type Cluster, chronicleClusters, findClusters, PUBLIC_INSTITUTIONS } from "./clusters.js";
import { CITY_POLICY_KINDS, CREATIVE_USES, DISTRICT_POLICY_KINDS, LAND_USES } from "./kinds.js";
import { districtOutput, neighbourhood } from "./resolve.js";
import type { Chronicle, GameState, HistoryRow, StartFigures } from "./state.js";

export const DEBRIEF_METRICS = ["creatives", "rentMean", "output", "exports", "displaced"] as const;
export type DebriefMetric = (typeof DEBRIEF_METRICS)[number];

export interface DistrictSeries {
  /** Years with rows, ascending. */
  years: number[];
  /** values[district][k]: the metric in years[k] (0 where a district has no row that year). */
  values: number[][];
}

/** One metric over the years, a line per district. */
export function districtSeries(
  history: readonly HistoryRow[],
  districts: number,
  metric: DebriefMetric,
): DistrictSeries {
  const years = [...new Set(history.map((r) => r.year))].sort((a, b) => a - b);
  const at = new Map(years.map((y, k) => [y, k]));
  const values = Array.from({ length: districts }, () => years.map(() => 0));
  for (const r of history) {
    if (r.district < 0 || r.district >= districts) continue;
    values[r.district][at.get(r.year)!] = r[metric];
  }
  return { years, values };
}

export interface Flow {
  from: number;
  /** Destination district, or -1: they left the city. */
  to: number;
  count: number;
}

/** Creatives who had to move, summed over the game by district of origin and destination, largest
 * first (moves within a district included, as from === to). */
export function migrationFlows(history: readonly HistoryRow[], districts: number): Flow[] {
  const sum = new Map<string, Flow>();
  for (const r of history) {
    const moved = r.movedTo ?? [];
    for (let k = 0; k < moved.length; k++) {
      if (!moved[k]) continue;
      const to = k >= districts ? -1 : k;
      const key = `${r.district}>${to}`;
      const f = sum.get(key) ?? { from: r.district, to, count: 0 };
      f.count += moved[k];
      sum.set(key, f);
    }
  }
  return [...sum.values()].sort((a, b) => b.count - a.count || a.from - b.from || a.to - b.to);
}

export interface DistrictSummary {
  district: number;
  /** Creatives at the end of the last year played. */
  creatives: number;
  firms: number;
  /** Output and exports summed over the years. */
  output: number;
  exports: number;
  /** Creatives who had to move out of the district, all years; of them, those who left the city. */
  displaced: number;
  leftCity: number;
  /** Displaced creatives from other districts who settled here. */
  received: number;
  /** District-years each policy was in force, by policy (only those used). */
  policyYears: Record<string, number>;
  anchorsAdded: number;
  /** Links the district owns: local (research, heritage, value-add, incubation) and global. */
  localLinks: number;
  globalLinks: number;
  score: number;
}

/** What each district did and what came of it: one row per district, for the debrief table. */
export function districtSummaries(state: GameState, history: readonly HistoryRow[]): DistrictSummary[] {
  const nd = state.districts.length;
  const lastYear = history.reduce((a, r) => Math.max(a, r.year), 0);
  return state.districts.map((d) => {
    const rows = history.filter((r) => r.district === d.id);
    const last = rows.find((r) => r.year === lastYear);
    const policyYears: Record<string, number> = {};
    for (const r of rows) for (const p of r.policies ?? []) policyYears[p] = (policyYears[p] ?? 0) + 1;
    let received = 0;
    for (const r of history) if (r.district !== d.id) received += r.movedTo?.[d.id] ?? 0;
    let anchors = 0;
    for (const t of state.tiles) if (t.district === d.id && LAND_USES[t.use].anchor) anchors++;
    const owned = state.links.filter((l) => l.owner === d.id);
    return {
      district: d.id,
      creatives: last?.creatives ?? 0,
      firms: last ? last.firms.reduce((a, b) => a + b, 0) : 0,
      output: Math.round(rows.reduce((a, r) => a + r.output, 0)),
      exports: Math.round(rows.reduce((a, r) => a + r.exports, 0)),
      displaced: rows.reduce((a, r) => a + r.displaced, 0),
      leftCity: rows.reduce((a, r) => a + (r.movedTo?.[nd] ?? 0), 0),
      received,
      policyYears,
      // Institutions its players placed (still standing); an older game without a chronicle counts
      // every anchor added since the start, events' ones too.
      anchorsAdded: state.chronicle
        ? state.chronicle.placed.filter(
            (p) =>
              p.district === d.id && PUBLIC_INSTITUTIONS.has(p.use) && state.tiles[p.tile]?.use === p.use,
          ).length
        : anchors - d.initialAnchors,
      localLinks: owned.filter((l) => l.kind !== "global").length,
      globalLinks: owned.filter((l) => l.kind === "global").length,
      score: d.score.total,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The city at year 0, for the debrief to measure change against (DESIGN.md: "The debrief judges
// change, not levels").

/** The chronicle of a new game: its start figures and the clusters already on the map. Called once, by
 * `createGame`. */
export function startChronicle(state: GameState): Chronicle {
  const nd = state.districts.length;
  const nb = neighbourhood(state);
  const heritageTiles = new Array(nd).fill(0);
  const mixSum = new Array(nd).fill(0);
  const tileCount = new Array(nd).fill(0);
  const institutions = new Array(nd).fill(0);
  const firms = new Array(nd).fill(0);
  const visualFirms = new Array(nd).fill(0);
  state.tiles.forEach((t, i) => {
    const d = t.district;
    if (d < 0) return;
    tileCount[d]++;
    mixSum[d] += nb.mix[i];
    if (t.heritage >= 0.3) heritageTiles[d]++;
    if (PUBLIC_INSTITUTIONS.has(t.use)) institutions[d]++;
    for (const f of t.firms) firms[d] += f;
    visualFirms[d] += t.firms[0] ?? 0;
  });
  const { revenue, exports } = districtOutput(state);
  const start: StartFigures = {
    heritageTiles,
    community: mixSum.map((m, d) => (tileCount[d] ? Math.round((m / tileCount[d]) * 1000) / 1000 : 0)),
    institutions,
    firms,
    visualFirms,
    output: revenue.map((x) => round(x)),
    exports: exports.map((x) => round(x)),
    distinctiveness: state.districts.map((d) => d.distinctiveness),
    policies: state.districts.map((d) => DISTRICT_POLICY_KINDS.filter((p) => d.policies[p])),
    cityPolicies: CITY_POLICY_KINDS.filter((p) => state.cityPolicies[p]),
    nextId: state.nextId,
  };
  return chronicleClusters(state, { start, placed: [] });
}

/** The start figures of a game saved before the chronicle existed: its first year's rows stand in for
 * year 0, every link counts as forged in play, and no institution counts as placed. */
function startFromRows(state: GameState, history: readonly HistoryRow[]): StartFigures {
  const firstYear = history.reduce((a, r) => Math.min(a, r.year), Number.POSITIVE_INFINITY);
  const row = (d: number) => history.find((r) => r.year === firstYear && r.district === d);
  const nd = state.districts.length;
  const per = (f: (r: HistoryRow | undefined, d: number) => number) =>
    Array.from({ length: nd }, (_, d) => f(row(d), d));
  return {
    heritageTiles: per((r) => r?.heritageTiles ?? 0),
    community: per((r) => r?.community ?? 0),
    institutions: per(() => 0),
    firms: per((r) => (r ? r.firms.reduce((a, b) => a + b, 0) : 0)),
    visualFirms: per((r) => r?.firms[0] ?? 0),
    output: per((r) => r?.output ?? 0),
    exports: per((r) => r?.exports ?? 0),
    distinctiveness: per((r, d) => r?.distinctiveness ?? state.districts[d].distinctiveness),
    policies: per(() => 0).map(() => []),
    cityPolicies: [],
    nextId: 1,
  };
}

// ---------------------------------------------------------------------------------------------
// The six recommendations of the paper's section 5, and what the room did about each. Every check
// compares the room's game with its own start: policies the room switched on, links it forged,
// institutions its players placed, and figures against year 0. A room where nobody acts meets none.

export const RECOMMENDATIONS = [
  "atmosphere",
  "institutions",
  "internalLinkage",
  "globalLinkage",
  "ipProtection",
  "localAdaptation",
] as const;
export type RecommendationId = (typeof RECOMMENDATIONS)[number];
/** How far the room followed a recommendation: each review scores up to three plain checks;
 * two or more is "strong", one is "some", none is "little". */
export type Uptake = "strong" | "some" | "little";

export const CHECKS = [
  "culturePolicies",
  "heritageProtected",
  "communityGain",
  "institutionsPlaced",
  "clustersAroundPlaced",
  "placedLinks",
  "localLinks",
  "internalLinks",
  "incubation",
  "globalLinks",
  "exportShareGain",
  "placeMarketing",
  "ipEver",
  "ipMost",
  "rootsGain",
  "heritageLinks",
  "localArtLead",
] as const;
export type CheckKey = (typeof CHECKS)[number];

export interface Check {
  key: CheckKey;
  met: boolean;
  /** The figure the check measured; a share (0..1) when `share` is set. */
  value: number;
  /** The same figure at year 0, for checks of change. */
  start?: number;
  /** What the figure must reach (for a change: the rise over `start` it must reach). */
  aim: number;
  share?: boolean;
}

export interface RecommendationReview {
  id: RecommendationId;
  uptake: Uptake;
  /** The checks behind the uptake, for the debrief to show (and the instructor to question). */
  checks: Check[];
  /** Figures for the room, by name (the client translates the names). */
  facts: Record<string, number>;
  /** The district that did most on this one (-1: a city matter, or nobody did anything). */
  leader: number;
}

function uptakeOf(checks: readonly Check[]): Uptake {
  const n = checks.filter((c) => c.met).length;
  return n >= 2 ? "strong" : n === 1 ? "some" : "little";
}

/** The district with the highest value, if it is above zero (ties: the lower id). */
function leaderOf(values: readonly number[]): number {
  let best = -1;
  for (let d = 0; d < values.length; d++)
    if (values[d] > 0 && (best < 0 || values[d] > values[best])) best = d;
  return best;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A check that a figure reached its aim. */
const atLeast = (key: CheckKey, value: number, aim: number, share = false): Check => ({
  key,
  met: value >= aim && value > 0,
  value: share ? round(value, 3) : value,
  aim,
  ...(share ? { share } : {}),
});

/** A check that a figure rose by at least `gain` over its year-0 value, through something the room did
 * toward it (`acted`): a rise that events or the market brought alone does not count. */
const rose = (key: CheckKey, start: number, value: number, gain: number, acted: boolean): Check => ({
  key,
  met: acted && value - start >= gain - 1e-9,
  value: round(value, 3),
  start: round(start, 3),
  aim: gain,
  share: true,
});

/** The aims. Shares of a game or of sales are fractions; gains are rises over year 0. */
export const AIMS = {
  culturePolicies: 0.3,
  heritageProtected: 0.9,
  communityGain: 0.03,
  institutionsPlaced: 1,
  clustersAroundPlaced: 1,
  placedLinks: 2,
  exportShareGain: 0.05,
  rootsGain: 0.05,
  localArtLead: 0.05,
} as const;

/** Workspace the players can make: studios, incubators and institutions (not homes, shops or parks). */
const WORKSPACE_USES: ReadonlySet<string> = new Set(CREATIVE_USES);

/** Fewest firms in the players' workspace for its sector mix to count. */
const MIN_FIRMS_FOR_SHARE = 5;

/**
 * Reviews the room's game against the six recommendations. `state` is the latest state (its map,
 * links, districts, city policies and chronicle); `history` the rows of every year played so far.
 */
export function reviewRecommendations(
  state: GameState,
  history: readonly HistoryRow[],
  clusters: readonly Cluster[] = findClusters(state).clusters,
): RecommendationReview[] {
  const nd = state.districts.length;
  const start = state.chronicle?.start ?? startFromRows(state, history);
  // What the players made that still stands; of it, the public cultural institutions.
  const made = (state.chronicle?.placed ?? []).filter((p) => state.tiles[p.tile]?.use === p.use);
  const placed = made.filter((p) => PUBLIC_INSTITUTIONS.has(p.use));
  const years = [...new Set(history.map((r) => r.year))].sort((a, b) => a - b);
  const lastYear = years[years.length - 1];
  const last = history.filter((r) => r.year === lastYear);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const perDistrict = (f: (d: number) => number) => Array.from({ length: nd }, (_, d) => f(d));
  const rowsOf = (d: number) => history.filter((r) => r.district === d);
  const lastOf = (d: number) => last.find((r) => r.district === d);
  const played = Math.max(1, years.length);
  const districtYears = Math.max(1, history.length);
  // Links forged in play (the map starts with none; ids below `nextId` were given before play).
  const forged = state.links.filter((l) => l.id >= start.nextId);
  /** Years (or district-years) a policy was in force that was not in force at the start. */
  const switchedOn = (d: number, policy: string) =>
    (start.policies[d] ?? []).some((p) => p === policy)
      ? 0
      : rowsOf(d).filter((r) => (r.policies ?? []).some((p) => p === policy)).length;
  const cityYears = (policy: string) =>
    start.cityPolicies.some((p) => p === policy)
      ? 0
      : years.filter((y) => yearHas(history, y, policy)).length;

  // 1. Cultural atmosphere: arts education, festivals and international exchange the room brought in
  // (the paper's lesson 1 names all three); the old fabric it kept
  // under heritage protection; the mixed-use community it built up since year 0.
  const cultureYears = perDistrict(
    (d) =>
      rowsOf(d).filter((r) =>
        (r.policies ?? []).some(
          (p) =>
            (p === "artsEducation" || p === "festival" || p === "internationalExchange") &&
            !(start.policies[d] ?? []).includes(p),
        ),
      ).length,
  );
  const cultureShare = sum(cultureYears) / districtYears;
  const heritageStart = sum(start.heritageTiles);
  const protectedHeritage = perDistrict((d) => {
    const years = switchedOn(d, "heritageProtection");
    return years * 2 >= Math.max(1, rowsOf(d).length) ? (lastOf(d)?.heritageTiles ?? 0) : 0;
  });
  const heritageProtected = heritageStart > 0 ? Math.min(1, sum(protectedHeritage) / heritageStart) : 0;
  const communityStart = nd ? sum(start.community) / nd : 0;
  const communityNow = last.length ? sum(last.map((r) => r.community)) / last.length : communityStart;
  const atmosphereChecks: Check[] = [
    atLeast("culturePolicies", cultureShare, AIMS.culturePolicies, true),
    atLeast("heritageProtected", heritageProtected, AIMS.heritageProtected, true),
    rose("communityGain", communityStart, communityNow, AIMS.communityGain, made.length > 0),
  ];

  // 2. Public cultural institutions as the nucleus of clusters: those the players placed (never one an
  // event brought), the clusters grown around them, and the links drawn from them.
  const placedTiles = new Set(placed.map((p) => p.tile));
  const placedBy = perDistrict((d) => placed.filter((p) => p.district === d).length);
  const clustersAroundPlaced = clusters.filter((c) => c.tiles.some((i) => placedTiles.has(i))).length;
  const placedLinks = forged.filter((l) => placedTiles.has(l.a) || placedTiles.has(l.b)).length;
  const institutionsChecks: Check[] = [
    atLeast("institutionsPlaced", placed.length, AIMS.institutionsPlaced),
    atLeast("clustersAroundPlaced", clustersAroundPlaced, AIMS.clustersAroundPlaced),
    atLeast("placedLinks", placedLinks, AIMS.placedLinks),
  ];
  const institutionLed = clusters.filter((c) => c.structure === "institutionLed").length;

  // 3. Linkage inside the cluster: links the room forged between institutions, firms and industry.
  const localLinks = perDistrict((d) => forged.filter((l) => l.owner === d && l.kind !== "global").length);
  const localTotal = sum(localLinks);
  const clusterOfTile = new Map<number, number>();
  for (const c of clusters) for (const i of c.tiles) clusterOfTile.set(i, c.id);
  const internalLinks = forged.filter(
    (l) => clusterOfTile.has(l.a) && clusterOfTile.get(l.a) === clusterOfTile.get(l.b),
  ).length;
  const incubationLinks = forged.filter((l) => l.kind === "incubation").length;
  const internalChecks: Check[] = [
    atLeast("localLinks", localTotal, 2 * nd),
    atLeast("internalLinks", internalLinks, nd),
    atLeast("incubation", incubationLinks, 1),
  ];

  // 4. Linkage to the global market: global links forged, exports' share of sales against year 0, and
  // place marketing the city voted for.
  const globalLinks = forged.filter((l) => l.kind === "global").length;
  const exportsBy = perDistrict((d) => sum(rowsOf(d).map((r) => r.exports)));
  const exportsTotal = sum(exportsBy);
  const lastExports = sum(last.map((r) => r.exports));
  const lastSales = sum(last.map((r) => r.output)) + lastExports;
  const exportShareNow = lastSales > 0 ? lastExports / lastSales : 0;
  const startSales = sum(start.output) + sum(start.exports);
  const exportShareStart = startSales > 0 ? sum(start.exports) / startSales : 0;
  const marketingYears = cityYears("placeMarketing");
  const globalChecks: Check[] = [
    atLeast("globalLinks", globalLinks, Math.max(1, Math.ceil(nd / 2))),
    rose(
      "exportShareGain",
      exportShareStart,
      exportShareNow,
      AIMS.exportShareGain,
      globalLinks > 0 ||
        marketingYears > 0 ||
        perDistrict((d) => switchedOn(d, "exportSupport")).some((n) => n > 0),
    ),
    atLeast("placeMarketing", marketingYears, 1),
  ];

  // 5. Protection of small creators' intellectual property (a city policy the room voted for).
  const ipYears = cityYears("ipProtection");
  const ipChecks: Check[] = [atLeast("ipEver", ipYears, 1), atLeast("ipMost", ipYears / played, 0.5, true)];

  // 6. Local adaptation: local roots grown since year 0, heritage links, and local art making in the
  // workspace the players made (converted factories, studios, galleries...) ahead of the city's own
  // mix elsewhere (visual arts lead any city's first firms, so a level would praise doing nothing).
  const rootsStart = nd ? sum(start.distinctiveness) / nd : 0;
  const rootsNow = nd ? sum(state.districts.map((d) => d.distinctiveness)) / nd : 0;
  const heritageLinks = forged.filter((l) => l.kind === "heritage").length;
  const madeTiles = new Set(made.filter((p) => WORKSPACE_USES.has(p.use)).map((p) => p.tile));
  let madeFirms = 0;
  let madeVisual = 0;
  let otherFirms = 0;
  let otherVisual = 0;
  state.tiles.forEach((t, i) => {
    const f = t.firms.reduce((a, b) => a + b, 0);
    if (madeTiles.has(i)) {
      madeFirms += f;
      madeVisual += t.firms[0] ?? 0;
    } else {
      otherFirms += f;
      otherVisual += t.firms[0] ?? 0;
    }
  });
  const madeArtShare = madeFirms >= MIN_FIRMS_FOR_SHARE ? madeVisual / madeFirms : 0;
  const otherArtShare = otherFirms > 0 ? otherVisual / otherFirms : 0;
  const localArtShare =
    madeFirms + otherFirms > 0 ? (madeVisual + otherVisual) / (madeFirms + otherFirms) : 0;
  const localChecks: Check[] = [
    rose(
      "rootsGain",
      rootsStart,
      rootsNow,
      AIMS.rootsGain,
      heritageLinks > 0 ||
        cityYears("ipProtection") > 0 ||
        perDistrict((d) => switchedOn(d, "heritageProtection")).some((n) => n > 0),
    ),
    atLeast("heritageLinks", heritageLinks, 1),
    {
      ...rose("localArtLead", otherArtShare, madeArtShare, AIMS.localArtLead, true),
      met: madeFirms >= MIN_FIRMS_FOR_SHARE && madeArtShare - otherArtShare >= AIMS.localArtLead,
    },
  ];
  const rootsGainBy = perDistrict(
    (d) => state.districts[d].distinctiveness - (start.distinctiveness[d] ?? 0),
  );

  return [
    {
      id: "atmosphere",
      uptake: uptakeOf(atmosphereChecks),
      checks: atmosphereChecks,
      facts: {
        cultureShare: round(cultureShare),
        heritageProtected: round(heritageProtected),
        community: round(communityNow),
      },
      leader: leaderOf(cultureYears.map((y, d) => y + protectedHeritage[d])),
    },
    {
      id: "institutions",
      uptake: uptakeOf(institutionsChecks),
      checks: institutionsChecks,
      facts: {
        anchorsAdded: placed.length,
        clusters: clusters.length,
        institutionLed,
      },
      leader: leaderOf(placedBy),
    },
    {
      id: "internalLinkage",
      uptake: uptakeOf(internalChecks),
      checks: internalChecks,
      facts: { localLinks: localTotal, internalLinks, incubationLinks },
      leader: leaderOf(localLinks),
    },
    {
      id: "globalLinkage",
      uptake: uptakeOf(globalChecks),
      checks: globalChecks,
      facts: { globalLinks, exports: Math.round(exportsTotal), exportShare: round(exportShareNow) },
      leader: leaderOf(exportsBy),
    },
    {
      id: "ipProtection",
      uptake: uptakeOf(ipChecks),
      checks: ipChecks,
      facts: { ipYears, years: years.length },
      leader: -1,
    },
    {
      id: "localAdaptation",
      uptake: uptakeOf(localChecks),
      checks: localChecks,
      facts: { roots: round(rootsNow), heritageLinks, localArtShare: round(localArtShare) },
      leader: leaderOf(rootsGainBy),
    },
  ];
}

function yearHas(history: readonly HistoryRow[], year: number, policy: string): boolean {
  return history.some((r) => r.year === year && (r.cityPolicies ?? []).some((p) => p === policy));
}

/** A history row saved before the debrief fields existed (an older snapshot), completed with
 * neutral values so the debrief can read it. */
export function completeHistoryRow(row: HistoryRow, districts: number): HistoryRow {
  return {
    ...row,
    movedTo: row.movedTo ?? new Array(districts + 1).fill(0),
    anchors: row.anchors ?? 0,
    globalLinks: row.globalLinks ?? 0,
    heritageTiles: row.heritageTiles ?? 0,
    distinctiveness: row.distinctiveness ?? 0,
    policies: row.policies ?? [],
    cityPolicies: row.cityPolicies ?? [],
  };
}
