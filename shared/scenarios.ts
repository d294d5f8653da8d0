// The scenario format (zod: instructors can write their own; errors name the bad field), the five
// scenarios of DESIGN.md, the room's game settings and the district names. Plain data and parsing:
// the start page reads it without the city generator (`createGame` in scenario.ts, which re-exports
// all of this), so the cluster detection and the year's rules stay out of its bundle.
import { z } from "zod";
import {
  CHARACTER_KINDS,
  CITY_POLICY_KINDS,
  type Character,
  type CityPolicy,
  DISTRICT_POLICY_KINDS,
  type DistrictPolicy,
  SECTORS,
} from "./kinds.js";
import { DISTRICTS_MAX, DISTRICTS_MIN, MAP_SIZE_MAX, MAP_SIZE_MIN } from "./limits.js";

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
