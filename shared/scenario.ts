// `createGame`, which generates a city from a scenario, a seed and the room's settings. The scenario
// format and the five scenarios of DESIGN.md are in scenarios.ts, re-exported here.
import {
  CHARACTERS,
  CITY_POLICY_KINDS,
  type Character,
  type CityPolicy,
  DISTRICT_POLICY_KINDS,
  type DistrictPolicy,
  LAND_USES,
  type LandUse,
  SECTOR_BASE,
  SECTORS,
  type Sector,
} from "./kinds.js";
import { findClusters } from "./clusters.js";
import { DISTRICTS_MAX, DISTRICTS_MIN, MAP_SIZE_MAX, MAP_SIZE_MIN } from "./limits.js";
import { startChronicle } from "./debrief.js";
import { Rng, seedRng } from "./rng.js";
import { DISTRICT_NAMES, type GameSettings, type Scenario } from "./scenarios.js";
import type { District, GameState, Goal, Tile } from "./state.js";
import { money } from "./state.js";

export * from "./scenarios.js";

/** Builds a new game from a scenario: the map, districts, budgets, the goal and the PRNG. */
export function createGame(scenario: Scenario, settings: GameSettings): GameState {
  const size = clampInt(settings.size ?? scenario.size, MAP_SIZE_MIN, MAP_SIZE_MAX);
  const n = clampInt(settings.districts ?? scenario.districts, DISTRICTS_MIN, DISTRICTS_MAX);
  const width = size;
  const height = size;
  const rng = new Rng(seedRng(settings.seed));
  const tiles: Tile[] = new Array(width * height);

  // Districts are Voronoi cells around jittered grid centres.
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const centres: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i++) {
    const cy = Math.floor(i / cols);
    const rowCount = cy === rows - 1 ? n - cols * (rows - 1) : cols;
    const cellW = width / rowCount;
    const cellH = height / rows;
    centres.push({
      x: Math.floor(((i % cols) + 0.3 + rng.next() * 0.4) * cellW),
      y: Math.floor((cy + 0.3 + rng.next() * 0.4) * cellH),
    });
  }
  const characters: Character[] = [];
  for (let i = 0; i < n; i++) characters.push(scenario.characters[i % scenario.characters.length]);

  // A river crosses the map from top to bottom, wandering.
  const riverX: number[] = [];
  if (scenario.river) {
    let x = Math.floor(width * (0.35 + rng.next() * 0.3));
    for (let y = 0; y < height; y++) {
      riverX.push(x);
      const step = rng.int(5);
      if (step === 0 && x > 2) x--;
      else if (step === 4 && x < width - 3) x++;
    }
  }

  const mixes = characters.map((c) => {
    const mix = CHARACTERS[c].mix as Partial<Record<LandUse, number>>;
    const uses = Object.keys(mix) as LandUse[];
    return { uses, weights: uses.map((u) => mix[u] ?? 0) };
  });

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let d = 0; d < n; d++) {
        const dx = x - centres[d].x;
        const dy = y - centres[d].y;
        const dist = dx * dx + dy * dy;
        if (dist < bestD) {
          bestD = dist;
          best = d;
        }
      }
      const water = scenario.river && (x === riverX[y] || x === riverX[y] + 1);
      const ch = CHARACTERS[characters[best]];
      const m = mixes[best];
      const use: LandUse = water ? "empty" : m.uses[rng.weighted(m.weights)];
      tiles[y * width + x] = {
        terrain: water ? "water" : "land",
        use,
        district: water ? -1 : best,
        rent: 0,
        creatives: 0,
        firms: SECTORS.map(() => 0),
        buzz: 0,
        heritage:
          use === "heritage" ? 1 : use === "derelict" || use === "factory" ? ch.heritage : ch.heritage * 0.3,
        protected: false,
        converted: false,
        pay: 0,
      };
    }
  }

  // The metropolitan core: the first metropolitan district holds the city's media groups and its
  // gateways; other metropolitan districts are secondary centres, with stages but no media HQ (paper
  // section 3: London's Soho holds most of the country's film, TV and music business).
  const core = characters.indexOf("metropolitan");
  // Anchors of each character near the district centre, on land.
  for (let d = 0; d < n; d++) {
    const ch = CHARACTERS[characters[d]];
    let k = 0;
    for (const anchor of ch.anchors) {
      if (anchor === "media" && core >= 0 && d !== core) continue;
      const t = nearestLandTile(tiles, width, height, centres[d].x + k * 2, centres[d].y, d);
      if (t >= 0) tiles[t].use = anchor;
      k++;
    }
  }

  // Global gateways: city-level tiles at the metropolitan core (without one, in the first districts).
  const gatewayDistricts = characters
    .map((c, i) => ({ c, i }))
    .sort((p, q) => Number(q.c === "metropolitan") - Number(p.c === "metropolitan") || p.i - q.i);
  for (let g = 0; g < scenario.gateways; g++) {
    const d = core >= 0 ? core : gatewayDistricts[g % gatewayDistricts.length].i;
    const t = nearestLandTile(tiles, width, height, centres[d].x, centres[d].y + 2 + g, d, true);
    if (t >= 0) {
      tiles[t].use = "gateway";
      tiles[t].district = -1;
    }
  }

  // Rents and starting creatives and firms.
  for (let i = 0; i < tiles.length; i++) {
    const t = tiles[i];
    if (t.terrain === "water") continue;
    const d = t.district >= 0 ? t.district : nearestDistrict(centres, i % width, Math.floor(i / width));
    const ch = CHARACTERS[characters[d]];
    t.rent = money(LAND_USES[t.use].rent * ch.rentFactor * (0.85 + rng.next() * 0.3));
    const cap = LAND_USES[t.use].creatives;
    t.creatives = Math.floor(cap * ch.occupancy * (0.5 + rng.next()));
    if (t.creatives > cap) t.creatives = cap;
    const fcap = LAND_USES[t.use].firms;
    const seeds = LAND_USES[t.use].seeds;
    if (fcap > 0 && t.creatives >= 6 && seeds.length > 0) {
      t.firms[SECTORS.indexOf(seeds[rng.int(seeds.length)])] = Math.min(fcap, 1 + rng.int(2));
    } else if (t.use === "commerce" && characters[d] === "metropolitan" && rng.next() < 0.3) {
      // Offices above the shops: media firms in the core, publishing and design elsewhere.
      const pick = rng.next();
      const sector =
        d === core
          ? pick < 0.4
            ? "film"
            : pick < 0.7
              ? "music"
              : "publishing"
          : pick < 0.5
            ? "publishing"
            : "design";
      t.firms[SECTORS.indexOf(sector)] = 1;
    }
    t.pay = 0;
  }

  const districts: District[] = [];
  for (let d = 0; d < n; d++) {
    const ch = CHARACTERS[characters[d]];
    const budget = money(ch.budget * scenario.budgetFactor);
    const policies = Object.fromEntries(
      DISTRICT_POLICY_KINDS.map((p) => [p, scenario.startPolicies.includes(p)]),
    ) as Record<DistrictPolicy, boolean>;
    let creatives = 0;
    let anchors = 0;
    for (const t of tiles) {
      if (t.district !== d) continue;
      creatives += t.creatives;
      if (LAND_USES[t.use].anchor) anchors++;
    }
    districts.push({
      id: d,
      name: settings.districtNames?.[d] ?? DISTRICT_NAMES[d % DISTRICT_NAMES.length],
      character: characters[d],
      budget,
      ledger: { start: budget, credits: 0, debits: 0 },
      policies,
      votes: {},
      distinctiveness: Math.min(1, 0.15 + ch.heritage * 0.6),
      score: { output: 0, jobs: 0, community: 0, exportShare: 0, displaced: 0, total: 0 },
      displacedTotal: 0,
      initialCreatives: creatives,
      initialAnchors: anchors,
    });
  }
  let initial = 0;
  for (const t of tiles) initial += t.creatives;

  const demand = Object.fromEntries(
    SECTORS.map((s) => [s, (scenario.demand[s] ?? 1) * SECTOR_BASE[s].demand]),
  ) as Record<Sector, number>;
  const cityPolicies = Object.fromEntries(
    CITY_POLICY_KINDS.map((p) => [p, scenario.cityPolicies.includes(p)]),
  ) as Record<CityPolicy, boolean>;

  const goalDistrict =
    scenario.goal.kind === "firmsInDistrict"
      ? characters.indexOf(scenario.goal.character ?? "industrial")
      : -1;
  const years = clampInt(settings.years ?? scenario.years, 1, 40);

  const state: GameState = {
    version: 1,
    scenario: scenario.id,
    seed: settings.seed,
    width,
    height,
    year: 0,
    years,
    rentPressure: scenario.rentPressure,
    tiles,
    districts,
    links: [],
    nextId: 1,
    market: { demand, event: null },
    cityPolicies,
    proposals: [],
    queuedEvents: [],
    history: [],
    log: [],
    creativesLedger: { initial, arrived: 0, left: 0 },
    evicted: [],
    goal: {
      kind: scenario.goal.kind,
      district: goalDistrict,
      target: scenario.goal.target,
      maxDisplacedShare: scenario.goal.maxDisplacedShare,
    },
    goalProgress: { value: 0, target: scenario.goal.target, displacedShare: 0, met: false, failed: false },
    rng: rng.state(),
  };
  state.chronicle = startChronicle(state);
  // The goal is judged over the rounds the host chose: its target follows them.
  const target = scaledGoalTarget(
    scenario.goal.kind,
    scenario.goal.target,
    scenario.years,
    years,
    goalLevel(state),
  );
  state.goal.target = target;
  state.goalProgress.target = target;
  return state;
}

/**
 * The target a scenario's goal is judged against when the game runs `years` rounds instead of the
 * scenario's own. Exports add up year by year, so their target scales in proportion. The other goals
 * are levels reached from the city's start (`startLevel`), so the growth the scenario asks for scales:
 * 180 firms in 12 years from 20 becomes 87 in 5. A goal already met at the start keeps its target.
 */
export function scaledGoalTarget(
  kind: Goal["kind"],
  target: number,
  scenarioYears: number,
  years: number,
  startLevel: number,
): number {
  if (years === scenarioYears) return target;
  const f = years / scenarioYears;
  if (kind === "cityExports") return Math.max(1, Math.round(target * f));
  if (target <= startLevel) return target;
  return Math.max(Math.floor(startLevel) + 1, Math.round(startLevel + (target - startLevel) * f));
}

/** The goal's measure on the state as it is (the start, for a new game). */
function goalLevel(state: GameState): number {
  const g = state.goal;
  let v = 0;
  if (g.kind === "firmsInDistrict") {
    for (const t of state.tiles) if (t.district === g.district) for (const f of t.firms) v += f;
  } else if (g.kind === "cityCreatives") {
    for (const t of state.tiles) v += t.creatives;
  } else if (g.kind === "clusters") {
    v = findClusters(state).clusters.length;
  }
  return v;
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(v)));
}

function nearestDistrict(centres: { x: number; y: number }[], x: number, y: number): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  centres.forEach((c, i) => {
    const d = (c.x - x) ** 2 + (c.y - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

function nearestLandTile(
  tiles: Tile[],
  width: number,
  height: number,
  x0: number,
  y0: number,
  district: number,
  skipAnchors = false,
): number {
  for (let r = 0; r < Math.max(width, height); r++) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
        const x = x0 + dx;
        const y = y0 + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const t = tiles[y * width + x];
        if (t.terrain !== "land" || t.district !== district) continue;
        if (LAND_USES[t.use].anchor || t.use === "gateway") continue;
        if (skipAnchors && t.use === "heritage") continue;
        return y * width + x;
      }
    }
  }
  return -1;
}
