// Small cities built by hand for the cluster classifier (issue 10, item 3): one per formation path ×
// internal structure, and the cases the first classifier got wrong. Each city is a founding map and,
// for the cases that turn on history, a later map of the same place. The expected label and the
// reason for it sit beside each city. Shared by the classifier test and scripts/classifier-table.ts.
import {
  type Character,
  createGame,
  type DistrictPolicy,
  type FormationPath,
  type GameState,
  type InternalStructure,
  type LandUse,
  type LinkType,
  scenarioById,
  type Tile,
} from "../../shared/index.js";

const USE: Record<string, LandUse> = {
  ".": "empty",
  S: "studio",
  D: "derelict",
  F: "factory",
  H: "housing",
  C: "commerce",
  L: "leisure",
  U: "university",
  R: "research",
  M: "museum",
  G: "gallery",
  T: "theatre",
  X: "media",
  I: "incubator",
  E: "exhibition",
  W: "gateway",
};

export interface MapSpec {
  /** Rows of tokens: a use letter, then the firm count, "*" if the tile was a factory, "!" if it is
   * protected affordable space. Example: "S3*" is a converted studio holding 3 firms. */
  rows: string[];
  character: Character;
  policies?: DistrictPolicy[];
  /** Links as [kind, [x, y] of the hub end, [x, y] of the other end]. */
  links?: [LinkType, [number, number], [number, number]][];
}

export interface CityCase {
  name: string;
  founded: MapSpec;
  /** The same place some years later (for the cases that turn on history). */
  later?: MapSpec;
  /** The label expected for the cluster holding the tile at `probe`, or null: no cluster there. */
  expect: { path: FormationPath; structure: InternalStructure } | null;
  probe: [number, number];
  why: string;
}

const base = createGame(scenarioById("steel-town")!, { seed: 1, size: 16, districts: 2 });

/** A one-district city from a map spec (gateways belong to the city, not the district). */
export function buildCity(spec: MapSpec, year: number): GameState {
  const cells = spec.rows.map((r) => r.trim().split(/\s+/));
  const height = cells.length;
  const width = Math.max(...cells.map((r) => r.length));
  const tiles: Tile[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const token = cells[y][x] ?? ".";
      const use = USE[token[0]];
      if (!use) throw new Error(`unknown tile ${token}`);
      const firms = Number.parseInt(token.slice(1), 10) || 0;
      tiles.push({
        terrain: "land",
        use,
        district: use === "gateway" ? -1 : 0,
        rent: 4,
        creatives: firms * 3,
        firms: [firms, 0, 0, 0, 0, 0],
        buzz: 0.2,
        heritage: use === "derelict" ? 0.5 : 0,
        protected: token.includes("!"),
        converted: token.includes("*"),
        pay: 5,
      });
    }
  }
  const d = base.districts[0];
  const policies = Object.fromEntries(
    Object.keys(d.policies).map((p) => [p, (spec.policies ?? []).includes(p as DistrictPolicy)]),
  ) as GameState["districts"][number]["policies"];
  const links = (spec.links ?? []).map(([kind, [ax, ay], [bx, by]], k) => ({
    id: k + 1,
    kind,
    a: ay * width + ax,
    b: by * width + bx,
    owner: 0,
    year,
  }));
  return {
    ...base,
    width,
    height,
    year,
    tiles,
    links,
    nextId: links.length + 1,
    districts: [{ ...d, character: spec.character, policies }],
    history: [],
    chronicle: undefined,
  };
}

export const CITY_CASES: CityCase[] = [
  {
    name: "revival, small firms",
    founded: { character: "industrial", rows: ["S3* S3* S3* S2*", ". . . ."] },
    probe: [0, 0],
    expect: { path: "industrialRevival", structure: "smeSpontaneous" },
    why: "artists' firms in four converted factories of an old industrial district, nothing else",
  },
  {
    name: "revival, led by a museum",
    founded: {
      character: "industrial",
      rows: ["S2* S2* S2* M1", ". . . ."],
      links: [
        ["heritage", [3, 0], [0, 0]],
        ["heritage", [3, 0], [1, 0]],
      ],
    },
    probe: [0, 0],
    expect: { path: "industrialRevival", structure: "institutionLed" },
    why: "converted factories found it; the museum is present and holds its links",
  },
  {
    name: "revival, led by an incubator",
    founded: {
      character: "industrial",
      rows: ["S2* S2* S2* I1", ". . . ."],
      links: [
        ["incubation", [3, 0], [0, 0]],
        ["incubation", [3, 0], [1, 0]],
      ],
    },
    probe: [0, 0],
    expect: { path: "industrialRevival", structure: "publicAgencyLed" },
    why: "three converted factories outweigh one incubator for the path (4 against 2); the incubator holds the links",
  },
  {
    name: "metropolitan, led by a media group",
    founded: {
      character: "metropolitan",
      rows: ["X4 S2 S2 W0", ". . . ."],
      links: [["global", [0, 0], [3, 0]]],
    },
    probe: [0, 0],
    expect: { path: "metropolitan", structure: "institutionLed" },
    why: "a media HQ by a gateway with a global link in the core; the media group is the large institution",
  },
  {
    name: "metropolitan, small firms by the gateway",
    founded: {
      character: "metropolitan",
      rows: ["S3 S3 S3 S3", ". . W0 ."],
      links: [
        ["global", [0, 0], [2, 1]],
        ["global", [1, 0], [2, 1]],
      ],
    },
    probe: [0, 0],
    expect: { path: "metropolitan", structure: "smeSpontaneous" },
    why: "studios next to a gateway in the core with their own global links (Bristol-like small firms)",
  },
  {
    name: "metropolitan, led by an incubator",
    founded: {
      character: "metropolitan",
      rows: ["I1 S2 S2 S1", ". W0 . ."],
      links: [
        ["incubation", [0, 0], [1, 0]],
        ["incubation", [0, 0], [2, 0]],
        ["incubation", [0, 0], [3, 0]],
        ["global", [2, 0], [1, 1]],
      ],
    },
    probe: [0, 0],
    expect: { path: "metropolitan", structure: "publicAgencyLed" },
    why: "gateway, a global link and the core district (5) outweigh one incubator (2); the incubator holds most links",
  },
  {
    name: "policy park, led by incubators",
    founded: {
      character: "newzone",
      policies: ["exportSupport"],
      rows: ["I1 S2 S2 I1", ". . . ."],
      links: [
        ["incubation", [0, 0], [1, 0]],
        ["incubation", [3, 0], [2, 0]],
      ],
    },
    probe: [0, 0],
    expect: { path: "policyLed", structure: "publicAgencyLed" },
    why: "two incubators, export support and a new development zone: a park built by policy; the incubators hold the links",
  },
  {
    name: "policy-led precinct around a university",
    founded: {
      character: "newzone",
      policies: ["talent", "exportSupport"],
      rows: ["U2 S2 S2 .", ". . . ."],
      links: [["research", [0, 0], [1, 0]]],
    },
    probe: [0, 0],
    expect: { path: "policyLed", structure: "institutionLed" },
    why: "talent and export programmes in a new zone (QUT-like co-development); the university leads",
  },
  {
    name: "policy-led, small firms",
    founded: {
      character: "newzone",
      policies: ["talent", "exportSupport"],
      rows: ["S3 S3 S3 S3", ". . . ."],
    },
    probe: [0, 0],
    expect: { path: "policyLed", structure: "smeSpontaneous" },
    why: "the zone's steering policies were there when it formed; only small firms are in it",
  },
  {
    name: "a painters' village",
    founded: { character: "fringe", rows: ["S3 S3 S2 .", ". . . ."] },
    probe: [0, 0],
    expect: { path: "none", structure: "smeSpontaneous" },
    why: "studios that are not converted factories, in a village with no gateway, media or policy: no path's marks",
  },
  {
    name: "a university precinct in the metropolis, no links yet",
    founded: { character: "metropolitan", rows: ["U3 S2 S1 .", ". . . ."] },
    probe: [0, 0],
    expect: { path: "none", structure: "institutionLed" },
    why: "the core district alone is not the metropolitan path (no media, gateway or global link); the university is present, links or not",
  },
  {
    name: "theatre and shops in the metropolis",
    founded: { character: "metropolitan", rows: ["T2 L2 C2 .", ". . . ."] },
    probe: [0, 0],
    expect: { path: "none", structure: "institutionLed" },
    why: "no path's marks (not converted, no incubator, no media or gateway); the theatre is the institution present",
  },
  {
    name: "converted works by a gateway, with global links",
    founded: {
      character: "industrial",
      rows: ["S3* S3* S3* .", ". W0 . ."],
      links: [
        ["global", [0, 0], [1, 1]],
        ["global", [2, 0], [1, 1]],
      ],
    },
    probe: [0, 0],
    expect: { path: "mixed", structure: "smeSpontaneous" },
    why: "revival (3 converted + industrial = 4) and metropolitan (gateway 2 + 2 links = 4) marks at once",
  },
  {
    name: "a revival quarter that later links to the world market",
    founded: { character: "industrial", rows: ["S3* S3* S3* .", ". . . ."] },
    later: {
      character: "industrial",
      rows: ["S3* S3* S3* X2", ". . . W0"],
      links: [
        ["global", [0, 0], [3, 1]],
        ["global", [1, 0], [3, 1]],
        ["global", [2, 0], [3, 1]],
      ],
    },
    probe: [0, 0],
    expect: { path: "industrialRevival", structure: "smeSpontaneous" },
    why: "it formed in converted factories; today's media HQ and global links do not rewrite its founding",
  },
  {
    name: "a revival quarter that later protects its studios",
    founded: { character: "industrial", rows: ["S3* S3* S3* .", ". . . ."] },
    later: {
      character: "industrial",
      policies: ["affordableStudios", "heritageProtection"],
      rows: ["S3*! S3*! S3*! .", ". . . ."],
    },
    probe: [0, 0],
    expect: { path: "industrialRevival", structure: "smeSpontaneous" },
    why: "anti-displacement policy came later and is protective, not park-building",
  },
  {
    name: "a village that protected its studios from the start",
    founded: {
      character: "fringe",
      policies: ["affordableStudios", "heritageProtection"],
      rows: ["S3! S3! S3! .", ". . . ."],
    },
    probe: [0, 0],
    expect: { path: "none", structure: "smeSpontaneous" },
    why: "protective policy at founding is not the policy-led path: the studios grew on their own",
  },
  {
    name: "a metropolitan cluster that later converts factories",
    founded: {
      character: "metropolitan",
      rows: ["X3 S2 . .", "W0 . . ."],
      links: [["global", [0, 0], [0, 1]]],
    },
    later: {
      character: "metropolitan",
      rows: ["X3 S2 S2* S2*", "W0 . S2* ."],
      links: [["global", [0, 0], [0, 1]]],
    },
    probe: [3, 0],
    expect: { path: "metropolitan", structure: "institutionLed" },
    why: "it formed around a media HQ by a gateway; converted works that joined later do not rewrite its founding; the HQ (4, and 1 for its link) outweighs eight small firms (1.6)",
  },
  {
    name: "two clusters that grew together",
    founded: {
      character: "industrial",
      rows: ["S3* S3* . I2 I2", ". . . S2 ."],
      links: [["incubation", [3, 0], [3, 1]]],
    },
    later: {
      character: "industrial",
      rows: ["S3* S3* S3 I2 I2", ". . . S2 ."],
      links: [["incubation", [3, 0], [3, 1]]],
    },
    probe: [0, 0],
    expect: { path: "mixed", structure: "publicAgencyLed" },
    why: "a revival founding (2 converted + industrial district = 3) merged with an incubator park's (2 incubators = 4): neither is 1.5 times the other; the two incubators lead",
  },
  {
    name: "six homes with a firm each",
    founded: { character: "industrial", rows: ["H1 H1 H1", "H1 H1 H1"] },
    probe: [0, 0],
    expect: null,
    why: "homes are not workspace: six firms in people's homes make a street, not a cluster",
  },
  {
    name: "homes and one studio with one firm",
    founded: { character: "industrial", rows: ["H1 H1 H1 S1", "H1 H1 . ."] },
    probe: [3, 0],
    expect: null,
    why: "one firm in real workspace; the five in homes do not count toward the five",
  },
  {
    name: "a university with no links beside many small firms",
    founded: { character: "university", rows: ["U1 S3 S3 S3", ". . . ."] },
    probe: [0, 0],
    expect: { path: "none", structure: "institutionLed" },
    why: "no path's marks; the university is present though it holds no link, and weighs 4 against nine small firms' 1.8",
  },
];
