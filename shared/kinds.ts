// The game's kinds as data tables: sectors, land uses (anchors included), link types, policies and
// district characters. Adding a kind is one row here; unions and lists (the anchors, the public and
// the large institutions) are derived from the tables' columns.

export const SECTORS = ["visual", "design", "film", "music", "publishing", "digital"] as const;
export type Sector = (typeof SECTORS)[number];

/** Yearly world demand for each sector at the start of a game (1 = normal), and the weight of the
 * sector among firms born where no anchor seeds it: art starts anywhere; film and TV and high-end
 * digital need capital and distribution, so they start mostly near media groups, gateways, research
 * or incubators; and the yearly volatility of its world demand (paper section 1(2), section 3,
 * lesson 6 of section 5). */
export const SECTOR_BASE: Record<
  Sector,
  { revenue: number; demand: number; birth: number; volatility: number }
> = {
  visual: { revenue: 1.0, demand: 1.0, birth: 0.35, volatility: 0.06 },
  design: { revenue: 1.2, demand: 1.0, birth: 0.1, volatility: 0.06 },
  film: { revenue: 1.4, demand: 1.1, birth: 0.05, volatility: 0.08 },
  music: { revenue: 1.1, demand: 0.9, birth: 0.1, volatility: 0.06 },
  publishing: { revenue: 1.2, demand: 0.9, birth: 0.1, volatility: 0.06 },
  // High-end digital: the best paid, and the most volatile (bad years come; lesson 6).
  digital: { revenue: 1.5, demand: 1.2, birth: 0.04, volatility: 0.18 },
};

export const TERRAINS = ["land", "water", "park"] as const;
export type Terrain = (typeof TERRAINS)[number];

/** Groups used for the community (mixed-use) measure: the paper's section 2, "community". */
export const USE_GROUPS = ["living", "trade", "leisure", "green", "work", "culture"] as const;
export type UseGroup = (typeof USE_GROUPS)[number];

export type Institution = "public" | "firm" | "venue" | "agency";

interface UseRow {
  /** Build or placement cost, in budget units (k). */
  cost: number;
  /** Yearly upkeep paid by the district. */
  upkeep: number;
  /** How many creatives can work or live on the tile. */
  creatives: number;
  /** How many firms the tile can hold. */
  firms: number;
  /** How many links can start or end on the tile. */
  links: number;
  /** Radius (tiles) within which the use attracts creatives and seeds firms. */
  radius: number;
  /** Sectors seeded by the use (empty: none). */
  seeds: readonly Sector[];
  group: UseGroup | null;
  anchor: boolean;
  /** What kind of institution the use is (paper section 5(2)), or null: "public" (museums, galleries,
   * universities, research institutes, theatres), "firm" (a media group), "venue" (an exhibition
   * centre, a trade venue) or "agency" (an incubator, a public agency). All but agencies are large. */
  institution: Institution | null;
  /** Yearly tax base of the tile for its district. */
  tax: number;
  /** Starting rent of this use (per creative per year). */
  rent: number;
}

/** Every land use of DESIGN.md. The anchor institutions carry `anchor: true`. */
export const LAND_USES = {
  empty: row({ cost: 0, creatives: 0, firms: 0, links: 0, group: null, rent: 2 }),
  housing: row({ cost: 12, creatives: 12, firms: 1, links: 1, group: "living", tax: 0.15, rent: 5 }),
  // Shops with offices above: the metropolis's creative floorspace, for firms whose staff commute.
  commerce: row({ cost: 18, creatives: 2, firms: 4, links: 3, group: "trade", tax: 0.5, rent: 9 }),
  leisure: row({ cost: 14, creatives: 6, firms: 2, links: 2, group: "leisure", tax: 0.3, rent: 6 }),
  park: row({ cost: 8, upkeep: 0.4, creatives: 0, firms: 0, links: 0, group: "green", rent: 0 }),
  factory: row({ cost: 0, creatives: 2, firms: 1, links: 3, group: "work", tax: 0.4, rent: 3 }),
  derelict: row({ cost: 0, creatives: 10, firms: 1, links: 0, group: null, rent: 1.5 }),
  studio: row({ cost: 10, creatives: 30, firms: 6, links: 4, group: "work", tax: 0.1, rent: 3 }),
  heritage: row({ cost: 0, upkeep: 0.3, creatives: 2, firms: 1, links: 3, group: "culture", rent: 4 }),
  // A port, airport or exhibition hub: draws the sectors sold through world distribution.
  gateway: row({
    cost: 0,
    creatives: 0,
    firms: 0,
    links: 40,
    group: "trade",
    rent: 10,
    seeds: ["film", "music", "publishing"],
  }),
  university: anchor({
    institution: "public",
    cost: 80,
    upkeep: 4,
    creatives: 30,
    firms: 4,
    links: 8,
    radius: 4,
    seeds: ["digital", "design"],
  }),
  research: anchor({
    institution: "public",
    cost: 60,
    upkeep: 3,
    creatives: 15,
    firms: 3,
    links: 6,
    radius: 3,
    seeds: ["digital"],
  }),
  museum: anchor({
    institution: "public",
    cost: 50,
    upkeep: 3,
    creatives: 6,
    firms: 2,
    links: 6,
    radius: 3,
    seeds: ["visual"],
  }),
  gallery: anchor({
    institution: "public",
    cost: 30,
    upkeep: 1.5,
    creatives: 8,
    firms: 3,
    links: 5,
    radius: 3,
    seeds: ["visual"],
  }),
  theatre: anchor({
    institution: "public",
    cost: 40,
    upkeep: 2.5,
    creatives: 12,
    firms: 3,
    links: 5,
    radius: 3,
    seeds: ["music"],
  }),
  media: anchor({
    institution: "firm",
    cost: 70,
    upkeep: 3,
    creatives: 20,
    firms: 10,
    links: 10,
    radius: 3,
    // A media group cross-sells content: film and TV, music, publishing and advertising.
    seeds: ["film", "music", "publishing"],
  }),
  incubator: anchor({
    institution: "agency",
    cost: 35,
    upkeep: 2,
    creatives: 25,
    firms: 10,
    links: 8,
    radius: 2,
    seeds: [...SECTORS],
  }),
  exhibition: anchor({
    institution: "venue",
    cost: 55,
    upkeep: 2.5,
    creatives: 4,
    firms: 4,
    links: 8,
    radius: 3,
    seeds: ["design", "visual"],
  }),
} as const satisfies Record<string, UseRow>;

export type LandUse = keyof typeof LAND_USES;
export const LAND_USE_KINDS = Object.keys(LAND_USES) as LandUse[];

type AnchorRow = UseRow & { anchor: true };
/** The anchor institutions: the rows with `anchor: true`, in table order. */
export type AnchorKind = { [K in LandUse]: (typeof LAND_USES)[K] extends AnchorRow ? K : never }[LandUse];
export const ANCHOR_KINDS = LAND_USE_KINDS.filter((k) => LAND_USES[k].anchor) as [
  AnchorKind,
  ...AnchorKind[],
];

/** Uses a player may build with the plain "build" action (paper section 2: community). */
export const BUILDABLE = ["housing", "leisure", "park", "commerce"] as const satisfies readonly LandUse[];
export type Buildable = (typeof BUILDABLE)[number];

/** What a factory can become (paper section 3: revival of old industrial areas). */
export const CONVERSIONS = [
  "studio",
  "leisure",
  "incubator",
  "housing",
] as const satisfies readonly LandUse[];
export type Conversion = (typeof CONVERSIONS)[number];

/** Converting costs this share of the new use's cost (the shell already stands). */
export const CONVERSION_DISCOUNT = 0.5;
/** Converting an active factory loses this many traditional jobs' worth of budget at once. */
export const ACTIVE_FACTORY_JOB_LOSS = 6;
/** Share of the build cost refunded by demolition. */
export const DEMOLISH_REFUND = 0.3;

/** Sectors a media group distributes worldwide (paper section 3, London: film and TV, music,
 * advertising): their exports from a district with a media HQ rest on its reach, not on local roots. */
export const MEDIA_SECTORS: readonly Sector[] = ["film", "music", "publishing"];
/** Distinctiveness a media HQ's distribution lends its district's media sectors at least. */
export const MEDIA_REACH = 0.6;

/** Uses that count as creative workspace for links and clusters. */
export const CREATIVE_USES: readonly LandUse[] = ["studio", "incubator", ...ANCHOR_KINDS];

/** Public cultural institutions (paper section 5(2)): the rows whose institution is "public". */
export const PUBLIC_INSTITUTION_USES: readonly LandUse[] = LAND_USE_KINDS.filter(
  (k) => LAND_USES[k].institution === "public",
);
/** Large cultural institutions, for-profit or not: every institution but a public agency. */
export const LARGE_INSTITUTION_USES: readonly LandUse[] = LAND_USE_KINDS.filter((k) => {
  const i = LAND_USES[k].institution;
  return i !== null && i !== "agency";
});

function row(
  r: Partial<Omit<UseRow, "anchor">> & Pick<UseRow, "creatives" | "firms" | "links" | "group">,
): UseRow & { anchor: false } {
  return useRowOf({
    cost: 0,
    upkeep: 0,
    radius: 0,
    seeds: [],
    tax: 0,
    rent: 4,
    institution: null,
    ...r,
    anchor: false as const,
  });
}
function anchor(
  r: Pick<UseRow, "cost" | "upkeep" | "creatives" | "firms" | "links" | "radius" | "seeds"> & {
    institution: Institution;
  },
): AnchorRow {
  return useRowOf({ ...r, group: "culture", anchor: true as const, tax: 0, rent: 6 });
}
/** Every row with its fields in one order, so that the hot loops read them from one object shape. */
function useRowOf<R extends UseRow>(r: R): R {
  return {
    cost: r.cost,
    upkeep: r.upkeep,
    creatives: r.creatives,
    firms: r.firms,
    links: r.links,
    radius: r.radius,
    seeds: r.seeds,
    group: r.group,
    anchor: r.anchor,
    institution: r.institution,
    tax: r.tax,
    rent: r.rent,
  } as R;
}

// ---------------------------------------------------------------------------------------------
// Links: the heart of the game (paper section 2, "linkage").

export type EndpointRule = (use: LandUse, firms: number) => boolean;
const isWorkspace: EndpointRule = (use, firms) => use === "studio" || use === "incubator" || firms > 0;
const isCreative: EndpointRule = (use, firms) => CREATIVE_USES.includes(use) || firms > 0;

export const LINK_TYPES = {
  research: {
    a: (use: LandUse) => use === "university" || use === "research",
    b: isWorkspace,
    costPerTile: 1.5,
    upkeep: 0.8,
  },
  heritage: {
    a: (use: LandUse) => use === "museum" || use === "gallery" || use === "heritage",
    b: isWorkspace,
    costPerTile: 1,
    upkeep: 0.5,
  },
  valueAdd: {
    a: isWorkspace,
    b: (use: LandUse) => use === "factory" || use === "commerce",
    costPerTile: 1,
    upkeep: 0.5,
  },
  incubation: {
    a: (use: LandUse) => use === "incubator",
    b: (use: LandUse, firms: number) => use === "studio" || (firms > 0 && use !== "incubator"),
    costPerTile: 1,
    upkeep: 0.6,
  },
  global: {
    a: isCreative,
    b: (use: LandUse) => use === "gateway" || use === "media",
    costPerTile: 0.6,
    upkeep: 1.2,
  },
} as const;
export type LinkType = keyof typeof LINK_TYPES;
export const LINK_KINDS = Object.keys(LINK_TYPES) as LinkType[];
/** Fixed part of a link's cost, paid whatever its length. */
export const LINK_BASE_COST = 4;

// ---------------------------------------------------------------------------------------------
// Policies (paper section 5).

export const DISTRICT_POLICIES = {
  /** Caps rent on protected workspace; the district pays the difference. */
  affordableStudios: { upkeep: 1 },
  /** Raises creatives' income (skills) and the birth of design and digital firms. */
  artsEducation: { upkeep: 4 },
  /** Tolerance and events: attracts creatives and raises buzz. */
  festival: { upkeep: 5 },
  /** Brings talent from outside the city each year. */
  talent: { upkeep: 6 },
  /** Slows rent growth on old fabric and keeps heritage from decaying. */
  heritageProtection: { upkeep: 3 },
  /** Raises exports of the district's firms. */
  exportSupport: { upkeep: 5 },
  /** Shared services and a development fund (lesson 3): the district's clustered firms fail less
   * (shared/levers.ts). */
  sharedServices: { upkeep: 4 },
  /** International exchange (lesson 1): exhibitions and training from abroad add global access and
   * attraction (shared/levers.ts). */
  internationalExchange: { upkeep: 4 },
  /** IP transfer inside a cluster (lesson 5): linked sectors earn from each other's works, fully
   * with city IP protection (shared/levers.ts). */
  ipTransfer: { upkeep: 2 },
} as const;
export type DistrictPolicy = keyof typeof DISTRICT_POLICIES;
export const DISTRICT_POLICY_KINDS = Object.keys(DISTRICT_POLICIES) as DistrictPolicy[];

export const CITY_POLICIES = {
  /** Small creators keep a larger share of what their originality earns. */
  ipProtection: { upkeep: 6 },
  /** The city is marketed worldwide: global access for every district. */
  placeMarketing: { upkeep: 8 },
} as const;
export type CityPolicy = keyof typeof CITY_POLICIES;
export const CITY_POLICY_KINDS = Object.keys(CITY_POLICIES) as CityPolicy[];

// ---------------------------------------------------------------------------------------------
// District characters (paper section 3: three formation paths; sections 4 and 5(6)).

export interface CharacterRow {
  /** Land-use weights for the generated map of a district of this character. */
  mix: Partial<Record<LandUse, number>>;
  /** Anchors placed once at the district's centre area. */
  anchors: readonly LandUse[];
  /** Starting budget. */
  budget: number;
  /** Starting rent multiplier. */
  rentFactor: number;
  /** Starting creatives per creative-capable tile (share of capacity). */
  occupancy: number;
  /** Heritage level of old fabric (0..1). */
  heritage: number;
  /** Rent growth multiplier: a policy bonus in the new development zone. */
  policyBonus: number;
}

export const CHARACTERS = {
  metropolitan: {
    mix: { commerce: 5, housing: 4, leisure: 2, park: 1, empty: 1 },
    anchors: ["media", "theatre"],
    budget: 220,
    rentFactor: 1.3,
    occupancy: 0.5,
    heritage: 0.2,
    policyBonus: 0,
  },
  industrial: {
    mix: { derelict: 5, factory: 3, housing: 3, empty: 2, heritage: 1 },
    anchors: [],
    budget: 160,
    rentFactor: 0.7,
    occupancy: 0.15,
    heritage: 0.6,
    policyBonus: 0,
  },
  university: {
    mix: { housing: 5, park: 1, leisure: 1, commerce: 1, empty: 2 },
    anchors: ["university", "research"],
    budget: 180,
    rentFactor: 1.1,
    occupancy: 0.35,
    heritage: 0.3,
    policyBonus: 0,
  },
  newzone: {
    mix: { empty: 8, housing: 1, commerce: 1 },
    anchors: [],
    budget: 320,
    rentFactor: 0.9,
    occupancy: 0.1,
    heritage: 0,
    policyBonus: 0.2,
  },
  fringe: {
    mix: { housing: 4, empty: 4, park: 2, heritage: 1 },
    anchors: [],
    budget: 120,
    rentFactor: 0.5,
    occupancy: 0.3,
    heritage: 0.4,
    policyBonus: 0,
  },
} as const satisfies Record<string, CharacterRow>;
export type Character = keyof typeof CHARACTERS;
export const CHARACTER_KINDS = Object.keys(CHARACTERS) as Character[];
