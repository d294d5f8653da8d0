// The debrief: what a finished (or running) game shows, drawn from the history rows and the state.
// Pure: the end screen and the projector render it; tests check it. Three parts, as DESIGN.md asks:
// series per district over the years, the migration flows between districts, and the paper's six
// recommendations (section 5), each set against what the room actually did.
import { type Cluster, findClusters } from "./clusters.js";
import { LAND_USES } from "./kinds.js";
import type { GameState, HistoryRow } from "./state.js";

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
      anchorsAdded: anchors - d.initialAnchors,
      localLinks: owned.filter((l) => l.kind !== "global").length,
      globalLinks: owned.filter((l) => l.kind === "global").length,
      score: d.score.total,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The six recommendations of the paper's section 5, and what the room did about each.

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
  "cultureShare",
  "heritageKept",
  "community",
  "anchorsAdded",
  "institutionLed",
  "institutionLedMost",
  "localLinks",
  "internalLinks",
  "incubation",
  "globalLinks",
  "exportShare",
  "placeMarketing",
  "ipEver",
  "ipMost",
  "roots",
  "heritageLinks",
  "localArt",
] as const;
export type CheckKey = (typeof CHECKS)[number];

export interface Check {
  key: CheckKey;
  met: boolean;
  /** The figure the check looked at; a share (0..1) when `share` is set. */
  value: number;
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

/**
 * Reviews the room's game against the six recommendations. `state` is the latest state (its map,
 * links, districts and city policies); `history` the rows of every year played so far.
 */
export function reviewRecommendations(
  state: GameState,
  history: readonly HistoryRow[],
  clusters: readonly Cluster[] = findClusters(state).clusters,
): RecommendationReview[] {
  const nd = state.districts.length;
  const years = [...new Set(history.map((r) => r.year))].sort((a, b) => a - b);
  const firstYear = years[0];
  const lastYear = years[years.length - 1];
  const first = history.filter((r) => r.year === firstYear);
  const last = history.filter((r) => r.year === lastYear);
  const sum = (rows: readonly HistoryRow[], f: (r: HistoryRow) => number) =>
    rows.reduce((a, r) => a + f(r), 0);
  const perDistrict = (f: (d: number) => number) => Array.from({ length: nd }, (_, d) => f(d));
  const rowsOf = (d: number) => history.filter((r) => r.district === d);
  const played = Math.max(1, years.length);
  const districtYears = Math.max(1, history.length);

  // 1. Cultural atmosphere: arts education, festivals and heritage care; a mixed, lively fabric.
  const cultural = (r: HistoryRow) =>
    (r.policies ?? []).some((p) => p === "artsEducation" || p === "festival" || p === "heritageProtection");
  const cultureYears = perDistrict((d) => rowsOf(d).filter(cultural).length);
  const heritageStart = sum(first, (r) => r.heritageTiles ?? 0);
  const heritageEnd = sum(last, (r) => r.heritageTiles ?? 0);
  const heritageKept = heritageStart > 0 ? heritageEnd / heritageStart : 1;
  const community = last.length ? sum(last, (r) => r.community) / last.length : 0;
  const cultureShare = cultureYears.reduce((a, b) => a + b, 0) / districtYears;
  const atmosphereChecks: Check[] = [
    { key: "cultureShare", met: cultureShare >= 0.3, value: cultureShare, share: true },
    { key: "heritageKept", met: heritageStart > 0 && heritageKept >= 0.9, value: heritageKept, share: true },
    { key: "community", met: community >= 0.5, value: community, share: true },
  ];

  // 2. Public cultural institutions as the seed of clusters.
  const anchorsNow = perDistrict((d) => {
    let n = 0;
    for (const t of state.tiles) if (t.district === d && LAND_USES[t.use].anchor) n++;
    return n;
  });
  const anchorsAtStart = perDistrict((d) => state.districts[d].initialAnchors);
  const anchorsAdded = perDistrict((d) => anchorsNow[d] - anchorsAtStart[d]);
  const anchorsAddedTotal = anchorsAdded.reduce((a, b) => a + b, 0);
  const institutionLed = clusters.filter((c) => c.structure === "institutionLed").length;
  const institutionsChecks: Check[] = [
    { key: "anchorsAdded", met: anchorsAddedTotal > 0, value: anchorsAddedTotal },
    { key: "institutionLed", met: institutionLed > 0, value: institutionLed },
    {
      key: "institutionLedMost",
      met: clusters.length > 0 && institutionLed * 2 >= clusters.length,
      value: clusters.length ? institutionLed / clusters.length : 0,
      share: true,
    },
  ];

  // 3. Linkage inside the cluster: links between institutions, firms and industry; incubators.
  const localLinks = perDistrict(
    (d) => state.links.filter((l) => l.owner === d && l.kind !== "global").length,
  );
  const incubationLinks = state.links.filter((l) => l.kind === "incubation").length;
  const internalLinks = clusters.reduce((a, c) => a + c.internalLinks, 0);
  const localTotal = localLinks.reduce((a, b) => a + b, 0);
  const internalChecks: Check[] = [
    { key: "localLinks", met: localTotal >= 2 * nd, value: localTotal },
    { key: "internalLinks", met: internalLinks >= nd, value: internalLinks },
    { key: "incubation", met: incubationLinks > 0, value: incubationLinks },
  ];

  // 4. Linkage to the global market: global links, and what the city sold abroad.
  const globalLinks = state.links.filter((l) => l.kind === "global").length;
  const exportsBy = perDistrict((d) => sum(rowsOf(d), (r) => r.exports));
  const exportsTotal = exportsBy.reduce((a, b) => a + b, 0);
  const outputTotal = sum(history, (r) => r.output);
  const exportShare = outputTotal + exportsTotal > 0 ? exportsTotal / (outputTotal + exportsTotal) : 0;
  const marketingYears = years.filter((y) => yearHas(history, y, "placeMarketing")).length;
  const globalChecks: Check[] = [
    { key: "globalLinks", met: globalLinks * 2 >= nd, value: globalLinks },
    { key: "exportShare", met: exportShare >= 0.15, value: exportShare, share: true },
    { key: "placeMarketing", met: marketingYears > 0, value: marketingYears },
  ];

  // 5. Protection of small creators' intellectual property (a city policy).
  const ipYears = years.filter((y) => yearHas(history, y, "ipProtection")).length;
  const ipChecks: Check[] = [
    { key: "ipEver", met: ipYears > 0, value: ipYears },
    { key: "ipMost", met: ipYears * 2 >= played, value: ipYears / played, share: true },
  ];

  // 6. Local adaptation: build on the place's own roots and art before high-end, global products.
  const roots = perDistrict((d) => state.districts[d].distinctiveness);
  const rootsMean = nd ? roots.reduce((a, b) => a + b, 0) / nd : 0;
  const heritageLinks = state.links.filter((l) => l.kind === "heritage").length;
  let visual = 0;
  let firms = 0;
  for (const t of state.tiles) {
    for (let s = 0; s < t.firms.length; s++) firms += t.firms[s];
    visual += t.firms[0] ?? 0;
  }
  const localArtShare = firms > 0 ? visual / firms : 0;
  const localChecks: Check[] = [
    { key: "roots", met: rootsMean >= 0.5, value: rootsMean, share: true },
    { key: "heritageLinks", met: heritageLinks > 0, value: heritageLinks },
    { key: "localArt", met: localArtShare >= 0.25, value: localArtShare, share: true },
  ];

  return [
    {
      id: "atmosphere",
      uptake: uptakeOf(atmosphereChecks),
      checks: atmosphereChecks,
      facts: {
        cultureShare: round(cultureShare),
        heritageKept: round(heritageKept),
        community: round(community),
      },
      leader: leaderOf(cultureYears),
    },
    {
      id: "institutions",
      uptake: uptakeOf(institutionsChecks),
      checks: institutionsChecks,
      facts: {
        anchors: anchorsNow.reduce((a, b) => a + b, 0),
        anchorsAdded: anchorsAddedTotal,
        clusters: clusters.length,
        institutionLed,
      },
      leader: leaderOf(anchorsAdded),
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
      facts: { globalLinks, exports: Math.round(exportsTotal), exportShare: round(exportShare) },
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
      facts: { roots: round(rootsMean), heritageLinks, localArtShare: round(localArtShare) },
      leader: leaderOf(roots),
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
