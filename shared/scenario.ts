// Scenarios: a zod-validated data format (instructors can write their own), the five scenarios of
// DESIGN.md, and `createGame`, which generates a city from a scenario, a seed and the room's settings.
import { z } from "zod";
import {
  CHARACTER_KINDS,
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
import type { District, GameState, Goal, Tile } from "./state.js";
import { money } from "./state.js";

const text = z.object({ en: z.string().min(1).max(400), zh: z.string().min(1).max(400) });

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,40}$/),
    title: text,
    summary: text,
    /** Where the paper discusses this case. */
    paper: z.string().max(200),
    size: z.number().int().min(MAP_SIZE_MIN).max(MAP_SIZE_MAX),
    districts: z.number().int().min(DISTRICTS_MIN).max(DISTRICTS_MAX),
    years: z.number().int().min(1).max(40),
    /** District characters, cycled when the room has more districts than listed. */
    characters: z
      .array(z.enum(CHARACTER_KINDS as [Character, ...Character[]]))
      .min(1)
      .max(DISTRICTS_MAX),
    /** Multiplies every district's starting budget. */
    budgetFactor: z.number().min(0.1).max(10).default(1),
    /** Multiplies the speed of rent growth (the displacement cycle). */
    rentPressure: z.number().min(0.2).max(5).default(1),
    gateways: z.number().int().min(0).max(8),
    river: z.boolean().default(true),
    cityPolicies: z.array(z.enum(CITY_POLICY_KINDS as [CityPolicy, ...CityPolicy[]])).default([]),
    startPolicies: z
      .array(z.enum(DISTRICT_POLICY_KINDS as [DistrictPolicy, ...DistrictPolicy[]]))
      .default([]),
    demand: z.partialRecord(z.enum(SECTORS), z.number().min(0.2).max(3)).default({}),
    goal: z.object({
      kind: z.enum(["firmsInDistrict", "cityCreatives", "cityExports", "clusters"]),
      /** For firmsInDistrict: which character's first district. */
      character: z.enum(CHARACTER_KINDS as [Character, ...Character[]]).optional(),
      target: z.number().positive(),
      maxDisplacedShare: z.number().min(0).max(1),
      text,
    }),
  })
  .superRefine((s, ctx) => {
    if (s.goal.kind === "firmsInDistrict") {
      if (!s.goal.character) {
        ctx.addIssue({
          code: "custom",
          path: ["goal", "character"],
          message: "required for firmsInDistrict",
        });
      } else if (!s.characters.includes(s.goal.character)) {
        ctx.addIssue({
          code: "custom",
          path: ["goal", "character"],
          message: "the goal's district character is not among the scenario's characters",
        });
      }
    }
  });

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

export type ScenarioError = { code: "scenario_invalid"; field: string; message: string };

/** Parses an instructor's scenario; the error names the first bad field (e.g. "goal.target"). */
export function parseScenario(
  input: unknown,
): { ok: true; scenario: Scenario } | { ok: false; error: ScenarioError } {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, error: { code: "scenario_invalid", field: "(file)", message: String(e) } };
    }
  }
  const r = ScenarioSchema.safeParse(value);
  if (r.success) return { ok: true, scenario: r.data };
  const issue = r.error.issues[0];
  const field = issue.path.length ? issue.path.map(String).join(".") : "(root)";
  return { ok: false, error: { code: "scenario_invalid", field, message: issue.message } };
}

const SCENARIO_DATA: ScenarioInput[] = [
  {
    id: "steel-town",
    title: { en: "Steel Town Revival", zh: "钢城复兴" },
    summary: {
      en: "An old steel city full of empty works. Turn the derelict quarter into a creative one without pricing out the artists who start it.",
      zh: "一座满是废弃工厂的老钢城。把衰败的工业区变成创意街区，但别让最早来的艺术家被房租赶走。",
    },
    paper: "Section 3, second kind: Sheffield's cultural industries quarter",
    size: 32,
    districts: 6,
    years: 12,
    characters: ["industrial", "industrial", "fringe", "university", "industrial", "metropolitan"],
    gateways: 1,
    river: true,
    goal: {
      kind: "firmsInDistrict",
      character: "industrial",
      target: 180,
      maxDisplacedShare: 0.2,
      text: {
        en: "Grow the old industrial quarter to 180 creative firms in 12 years, displacing at most 20% of its artists (Sheffield's quarter reached about 300 organisations in two decades).",
        zh: "12 年内让老工业区拥有 180 家创意企业，且被迫搬迁的艺术家不超过 20%（谢菲尔德的文化产业区用了约二十年发展到约 300 家机构）。",
      },
    },
  },
  {
    id: "global-city",
    title: { en: "Global City", zh: "全球都市" },
    summary: {
      en: "A world media capital: gateways, media groups and very high rents. The displacement cycle turns fast here.",
      zh: "一座世界传媒之都：门户、传媒集团和高昂的租金。这里的迁移循环转得很快。",
    },
    paper: "Section 3, first kind: London's Soho media cluster",
    size: 32,
    districts: 6,
    years: 12,
    characters: ["metropolitan", "metropolitan", "industrial", "university", "fringe", "metropolitan"],
    rentPressure: 1.3,
    budgetFactor: 1.3,
    gateways: 3,
    demand: { film: 1.3, publishing: 1.2, music: 1.2 },
    goal: {
      kind: "cityExports",
      target: 400,
      maxDisplacedShare: 0.35,
      text: {
        en: "Export 400 in creative goods in 12 years while keeping displacement under 35% of the city's creatives.",
        zh: "12 年内创意出口累计达到 400，同时被迫搬迁的创意人员不超过全市的 35%。",
      },
    },
  },
  {
    id: "policy-park",
    title: { en: "Policy Park", zh: "政策园区" },
    summary: {
      en: "Big budgets and new land. Parks fill only if they link to schools, firms and markets; otherwise they stay empty shells.",
      zh: "预算充足、土地崭新。园区只有和学校、企业、市场建立联系才会热闹起来，否则只是空壳。",
    },
    paper: "Section 3, third kind: government-led parks in Korea, Singapore, Hong Kong and Taiwan",
    size: 32,
    districts: 6,
    years: 12,
    characters: ["newzone", "newzone", "university", "metropolitan", "newzone", "fringe"],
    budgetFactor: 1.4,
    gateways: 2,
    startPolicies: ["exportSupport"],
    goal: {
      kind: "clusters",
      target: 4,
      maxDisplacedShare: 0.3,
      text: {
        en: "Form at least 4 creative clusters (5+ firms in real workspace each) within 12 years, displacing at most 30% of the city's creatives.",
        zh: "12 年内至少形成 4 个创意集群（每个在真正的工作空间里至少有 5 家企业），被迫搬迁的创意人员不超过全市的 30%。",
      },
    },
  },
  {
    id: "precinct",
    title: { en: "Creative Precinct", zh: "创意街区" },
    summary: {
      en: "A university and the city build a mixed-use precinct together: teaching, studios, housing and stages side by side.",
      zh: "大学与政府共建一个混合功能的创意街区：教学、工作室、住宅和剧场比邻而居。",
    },
    paper: "Section 4: the Queensland University of Technology creative industries precinct",
    size: 24,
    districts: 4,
    years: 10,
    characters: ["university", "newzone", "metropolitan", "fringe"],
    gateways: 1,
    goal: {
      kind: "cityCreatives",
      target: 1200,
      maxDisplacedShare: 0.3,
      text: {
        en: "Grow the city to 1,200 creatives in 10 years, displacing at most 30% of them.",
        zh: "10 年内让全市创意人员达到 1200 人，被迫搬迁的不超过 30%。",
      },
    },
  },
  {
    id: "painters-village",
    title: { en: "Painters' Village", zh: "画家村" },
    summary: {
      en: "Cheap villages at the city's edge. Start with local art making and crafts, then upgrade without losing the roots.",
      zh: "城市边缘的廉价村落。先发展本地艺术创作和手工艺，再逐步升级，而不丢掉本地根基。",
    },
    paper: "Section 5(6): Songzhuang painters' village, 798 and Kunming's Chuangku",
    size: 32,
    districts: 6,
    years: 12,
    characters: ["fringe", "fringe", "industrial", "metropolitan", "fringe", "university"],
    budgetFactor: 1.4,
    gateways: 1,
    demand: { visual: 1.4 },
    goal: {
      kind: "firmsInDistrict",
      character: "fringe",
      target: 70,
      maxDisplacedShare: 0.25,
      text: {
        en: "Grow the first village to 70 creative firms in 12 years, displacing at most 25% of its painters.",
        zh: "12 年内让第一个村落拥有 70 家创意企业，被迫搬迁的画家不超过 25%。",
      },
    },
  },
];

export const SCENARIOS: readonly Scenario[] = SCENARIO_DATA.map((s) => ScenarioSchema.parse(s));

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

export interface GameSettings {
  seed: number;
  /** Map side (MAP_SIZE_MIN..MAP_SIZE_MAX); defaults to the scenario's. */
  size?: number;
  /** Number of districts (DISTRICTS_MIN..DISTRICTS_MAX); defaults to the scenario's. */
  districts?: number;
  years?: number;
  districtNames?: string[];
}

/** One name per district up to the largest room (shared/limits.ts), each translated in the client's
 * catalogues (`districtName.<name>`): a lecture hall's 40 districts never share a name. */
export const DISTRICT_NAMES = [
  "North",
  "East",
  "South",
  "West",
  "Centre",
  "Harbour",
  "Hill",
  "Mill",
  "Bridge",
  "Garden",
  "Market",
  "Lake",
  "Quay",
  "Station",
  "Canal",
  "Foundry",
  "Orchard",
  "Clocktower",
  "Abbey",
  "Meadow",
  "Ferry",
  "Heath",
  "Valley",
  "Gate",
  "Square",
  "Ridge",
  "Spring",
  "Grove",
  "Common",
  "Pier",
  "Brook",
  "Castle",
  "Field",
  "Dock",
  "Crossing",
  "Depot",
  "Terrace",
  "Kiln",
  "Silo",
  "Forge",
];

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
