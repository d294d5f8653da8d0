// Bots: districts played by the computer through the same actions as people (no special powers).
// Each strategy is one of the paper's recipes for a creative quarter; "hard" bots choose sites and
// links by what the rules reward and keep a budget reserve, "easy" ones pick at random and overspend.
// Every candidate action is tried on a scratch state with `applyAction`, so the plan a bot returns is
// accepted by the rules when it is applied in order to the same state.
import {
  type Action,
  type Actor,
  applyAction,
  linkCost,
  linkDegree,
  linkEndpointsValid,
  placementCost,
} from "./actions.js";
import {
  type AnchorKind,
  CITY_POLICIES,
  CITY_POLICY_KINDS,
  type CityPolicy,
  DISTRICT_POLICIES,
  DISTRICT_POLICY_KINDS,
  type DistrictPolicy,
  LAND_USES,
  LINK_TYPES,
  type LandUse,
  type LinkType,
  USE_GROUPS,
} from "./kinds.js";
import { effectiveRent } from "./economy.js";
import { attraction, basePay, neighbourhood, protectionCost, RADIUS } from "./resolve.js";
import { Rng, seedRng } from "./rng.js";
import { newSession, run as runSession, type SessionCommandBody, type SessionOutput } from "./session.js";
import { firmTotal, type GameEvent, type GameState, type Proposal, type Tile } from "./state.js";

/** The five strategies of DESIGN.md's balance study: each follows one idea of the paper. */
export const BOT_STRATEGIES = [
  "laissezFaire",
  "anchorFirst",
  "linkageFirst",
  "policyHeavy",
  "globalFirst",
] as const;
/** Every bot program: the five, and a goal-minded one that works for the room's shared goal,
 * combining what the paper recommends (linkage and anchors to grow, protection against displacement). */
export const ALL_BOT_STRATEGIES = [...BOT_STRATEGIES, "cooperative"] as const;
export type BotStrategy = (typeof ALL_BOT_STRATEGIES)[number];
export const BOT_LEVELS = ["easy", "hard"] as const;
export type BotLevel = (typeof BOT_LEVELS)[number];

/** Most actions a bot takes in one planning phase. */
export const BOT_MAX_ACTIONS: Record<BotLevel, number> = { easy: 3, hard: 10 };
/** Longest own link a bot considers (tiles, Manhattan), besides global links to gateways. */
const LINK_REACH = 8;
/** Global links beyond this many add no global access (economy.globalAccess caps at four). */
const USEFUL_GLOBAL_LINKS = 4;

/** Working context of one planning phase: a scratch state that every accepted action advances. */
interface Plan {
  state: GameState;
  d: number;
  level: BotLevel;
  strategy: BotStrategy;
  rng: Rng;
  actions: Action[];
  max: number;
  /** Budget the bot will not spend below (hard bots only). */
  reserve: number;
  /** Money promised by cross-district link proposals, paid if the other district accepts. */
  promised: number;
  /** Attraction and neighbourhood of the state at the start of the phase (good enough for ranking). */
  att: Float64Array;
  nbCreatives: Float64Array;
  nbAnchors: Float64Array;
}

const hard = (p: Plan) => p.level === "hard";
const full = (p: Plan) => p.actions.length >= p.max;
const budgetOf = (p: Plan) => p.state.districts[p.d].budget - p.promised;

/** Tries an action on the scratch state; keeps it if the rules accept it and the reserve holds. */
function attempt(p: Plan, action: Action, promise = 0): boolean {
  if (full(p)) return false;
  const r = applyAction(p.state, action, { kind: "district", district: p.d });
  if (!r.ok) return false;
  const after = r.state.districts[p.d].budget - p.promised - promise;
  if ((r.cost > 0 || promise > 0) && after < p.reserve) return false;
  p.state = r.state;
  p.promised += promise;
  p.actions.push(action);
  return true;
}

/** Mixes the caller's seed with the state so each year and district draws a fresh sequence. */
function mixSeed(state: GameState, district: number, strategy: BotStrategy, level: BotLevel, seed: number) {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(state.seed | 0, 0x85ebca6b);
  h = Math.imul(h ^ (state.year + 1), 0xc2b2ae35) ^ Math.imul(district + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (ALL_BOT_STRATEGIES.indexOf(strategy) + 1), 0x165667b1) ^ (level === "hard" ? 0x5bd1 : 0);
  return h >>> 0;
}

/** Yearly budget change the district can expect: taxes and revenue share minus upkeep and subsidies. */
export function expectedNet(state: GameState, district: number): number {
  let credit = 0;
  let debit = 0;
  for (const t of state.tiles) {
    if (t.district !== district || t.terrain !== "land") continue;
    const row = LAND_USES[t.use];
    credit += row.tax;
    debit += row.upkeep;
    if (t.protected) debit += protectionCost(t);
  }
  for (const l of state.links) if (l.owner === district) debit += LINK_TYPES[l.kind].upkeep;
  const d = state.districts[district];
  for (const p of DISTRICT_POLICY_KINDS) if (d.policies[p]) debit += DISTRICT_POLICIES[p].upkeep;
  for (const p of CITY_POLICY_KINDS)
    if (state.cityPolicies[p]) debit += CITY_POLICIES[p].upkeep / state.districts.length;
  let last: { output: number; exports: number } | undefined;
  for (const h of state.history) if (h.district === district) last = h;
  if (last) credit += 0.12 * last.output + 0.06 * last.exports;
  return credit - debit;
}

/** A hard bot keeps enough to cover a few years of deficit, and a buffer that shrinks as the game ends. */
function reserveFor(state: GameState, district: number, level: BotLevel): number {
  if (level === "easy") return 0;
  const left = state.years - state.year;
  const net = expectedNet(state, district);
  const deficit = net < 0 ? -net * Math.min(3, left) : 0;
  const buffer = left > 2 ? 12 : 0;
  return deficit + buffer;
}

// ---------------------------------------------------------------------------------------------
// Choosing tiles.

function ownTiles(p: Plan, uses: readonly LandUse[]): number[] {
  const out: number[] = [];
  const { tiles } = p.state;
  for (let i = 0; i < tiles.length; i++) {
    const t = tiles[i];
    if (t.district === p.d && t.terrain === "land" && uses.includes(t.use)) out.push(i);
  }
  return out;
}

/** Orders candidates: hard bots by score (ties by index), easy bots at random. */
function rank(p: Plan, candidates: number[], score: (i: number) => number): number[] {
  if (!hard(p)) {
    const c = candidates.slice();
    for (let k = c.length - 1; k > 0; k--) {
      const j = p.rng.int(k + 1);
      [c[k], c[j]] = [c[j], c[k]];
    }
    return c;
  }
  const scored = candidates.map((i) => ({ i, s: score(i) }));
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return scored.map((x) => x.i);
}

const xy = (p: Plan, i: number) => ({ x: i % p.state.width, y: Math.floor(i / p.state.width) });

/** Where creative workspace pays: attractive, near creatives and anchors, cheap enough for artists. */
function workspaceScore(p: Plan, i: number): number {
  const t = p.state.tiles[i];
  const pay = basePay(p.state.districts[p.d]);
  const att = Number.isFinite(p.att[i]) ? p.att[i] : 0;
  return (
    att + p.nbCreatives[i] / 200 + 0.3 * Math.min(2, p.nbAnchors[i]) - (0.6 * t.rent) / pay + 0.2 * t.heritage
  );
}

/** How many of the six use groups are missing around a tile (what a new use would add to the mix). */
function missingGroups(p: Plan, i: number): Set<string> {
  const { width, height, tiles } = p.state;
  const present = new Set<string>();
  const { x, y } = xy(p, i);
  for (let dy = -RADIUS; dy <= RADIUS; dy++) {
    for (let dx = -RADIUS; dx <= RADIUS; dx++) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const g = LAND_USES[tiles[ny * width + nx].use].group;
      if (g) present.add(g);
    }
  }
  return new Set(USE_GROUPS.filter((g) => !present.has(g)));
}

// ---------------------------------------------------------------------------------------------
// Steps: each tries to add up to `n` actions of one kind.

/** Converts derelict (and, if allowed, active) factories into studios or incubators. */
function convertFactories(p: Plan, n: number, opts: { active?: boolean; to?: "studio" | "incubator" } = {}) {
  const uses: LandUse[] = opts.active ? ["derelict", "factory"] : ["derelict"];
  const to = opts.to ?? "studio";
  let done = 0;
  const order = rank(p, ownTiles(p, uses), (i) => {
    const t = p.state.tiles[i];
    return workspaceScore(p, i) - (t.use === "factory" ? 1 : 0);
  });
  for (const i of order) {
    if (done >= n || full(p)) break;
    if (attempt(p, { type: "convertFactory", ...xy(p, i), to })) done++;
  }
  return done;
}

/** Builds on empty land; hard bots fill the use groups missing nearby (community, mixed use). */
function buildUses(
  p: Plan,
  n: number,
  uses: readonly ("housing" | "leisure" | "park" | "commerce")[],
  anyUse = false,
) {
  let done = 0;
  const empties = ownTiles(p, ["empty"]);
  const order = rank(p, empties, (i) => workspaceScore(p, i) + 0.5 * missingGroups(p, i).size);
  for (const i of order) {
    if (done >= n || full(p)) break;
    let choice: (typeof uses)[number] = uses[p.rng.int(uses.length)];
    if (hard(p)) {
      const missing = missingGroups(p, i);
      const fill = uses.find((u) => {
        const g = LAND_USES[u].group;
        return g !== null && missing.has(g);
      });
      if (!fill && !anyUse) continue;
      choice = fill ?? uses[0];
    }
    if (attempt(p, { type: "build", ...xy(p, i), use: choice })) done++;
  }
  return done;
}

function owned(p: Plan, use: LandUse): number {
  let k = 0;
  for (const t of p.state.tiles) if (t.district === p.d && t.use === use) k++;
  return k;
}

/** Places anchor institutions as nuclei, on derelict or empty land near creatives. */
function placeAnchors(p: Plan, n: number, prefs: readonly AnchorKind[]) {
  let done = 0;
  for (let k = 0; k < n && !full(p); k++) {
    // Hard bots diversify (scope): the first preferred kind they lack; easy bots pick at random.
    const affordable = prefs.filter((a) => placementCost(p.state, p.d, a) <= budgetOf(p) - p.reserve);
    if (affordable.length === 0) break;
    let kind = affordable[p.rng.int(affordable.length)];
    if (hard(p)) kind = affordable.find((a) => owned(p, a) === 0) ?? affordable[0];
    const sites = rank(p, ownTiles(p, ["derelict", "empty"]), (i) => {
      const t = p.state.tiles[i];
      return workspaceScore(p, i) + (t.use === "derelict" ? 0.3 : 0) - 0.4 * Math.max(0, p.nbAnchors[i] - 2);
    });
    let placed = false;
    for (const i of sites.slice(0, 6)) {
      if (attempt(p, { type: "placeAnchor", ...xy(p, i), anchor: kind })) {
        placed = true;
        break;
      }
    }
    if (!placed) break;
    done++;
  }
  return done;
}

interface LinkCandidate {
  from: number;
  to: number;
  kind: LinkType;
  value: number;
}

/** What a link is worth to a bot: firms and creatives it touches, per unit of cost. */
function linkValue(p: Plan, kind: LinkType, a: number, b: number, degree: Int32Array): number {
  const ta = p.state.tiles[a];
  const tb = p.state.tiles[b];
  const touch = (t: Tile, i: number) =>
    ((t.district === p.d ? 1 : 0.3) * (1 + 2 * firmTotal(t) + t.creatives / 10)) / (1 + 0.5 * degree[i]);
  const cost = linkCost(p.state, kind, a, b) + 3 * LINK_TYPES[kind].upkeep;
  return (touch(ta, a) + touch(tb, b)) / cost;
}

/** Candidate links of the given kinds starting on the district's own tiles. */
function linkCandidates(p: Plan, kinds: readonly LinkType[], crossDistrict: boolean): LinkCandidate[] {
  const { tiles, width } = p.state;
  const out: LinkCandidate[] = [];
  // Degrees and existing links once per call, not once per candidate.
  const degree = new Int32Array(tiles.length);
  const existing = new Set<string>();
  for (const l of p.state.links) {
    degree[l.a]++;
    degree[l.b]++;
    existing.add(`${l.kind}:${Math.min(l.a, l.b)}:${Math.max(l.a, l.b)}`);
  }
  const spare = (i: number) => LAND_USES[tiles[i].use].links - degree[i];
  // The tiles that can be an end of each kind, with a free link slot, where this district may link.
  const ends = kinds.map((kind) => {
    const rule = LINK_TYPES[kind];
    const list: number[] = [];
    for (let i = 0; i < tiles.length; i++) {
      const t = tiles[i];
      if (t.terrain !== "land" || spare(i) <= 0) continue;
      if (t.district !== p.d && t.district >= 0 && !crossDistrict) continue;
      // Global links go to gateways and media HQs anywhere; other links stay within reach.
      if (kind === "global" && t.use !== "gateway" && t.use !== "media") continue;
      const f = firmTotal(t);
      if (rule.a(t.use, f) || rule.b(t.use, f)) list.push(i);
    }
    return list;
  });
  for (let a = 0; a < tiles.length; a++) {
    const ta = tiles[a];
    if (ta.district !== p.d || ta.terrain !== "land" || spare(a) <= 0) continue;
    const ax = a % width;
    const ay = Math.floor(a / width);
    const fa = firmTotal(ta);
    kinds.forEach((kind, k) => {
      const rule = LINK_TYPES[kind];
      if (!rule.a(ta.use, fa) && !rule.b(ta.use, fa)) return;
      for (const b of ends[k]) {
        if (b === a) continue;
        const tb = tiles[b];
        if (kind === "global") {
          if (tb.use !== "gateway" && tb.use !== "media") continue;
        } else if (Math.abs((b % width) - ax) + Math.abs(Math.floor(b / width) - ay) > LINK_REACH) continue;
        if (!linkEndpointsValid(kind, ta, tb)) continue;
        if (existing.has(`${kind}:${Math.min(a, b)}:${Math.max(a, b)}`)) continue;
        out.push({ from: a, to: b, kind, value: linkValue(p, kind, a, b, degree) });
      }
    });
  }
  return out;
}

/** Forges up to n links of the given kinds (cross-district ones become proposals). */
function forgeLinks(p: Plan, n: number, kinds: readonly LinkType[], crossDistrict = false) {
  let done = 0;
  while (done < n && !full(p)) {
    const cands = linkCandidates(p, kinds, crossDistrict);
    if (cands.length === 0) break;
    let pick: LinkCandidate;
    if (hard(p)) {
      // The best value; ties to the lowest tiles, then the earlier kind.
      pick = cands[0];
      for (const c of cands) {
        if (c.value > pick.value || (c.value === pick.value && (c.from - pick.from || c.to - pick.to) < 0))
          pick = c;
      }
    } else pick = cands[p.rng.int(cands.length)];
    const other = p.state.tiles[pick.to].district;
    const cross = other >= 0 && other !== p.d;
    const promise = cross ? linkCost(p.state, pick.kind, pick.from, pick.to) : 0;
    const ok = attempt(
      p,
      { type: "forgeLink", from: xy(p, pick.from), to: xy(p, pick.to), kind: pick.kind },
      promise,
    );
    if (!ok) break;
    done++;
  }
  return done;
}

function globalLinks(p: Plan): number {
  let k = 0;
  for (const l of p.state.links) {
    if (l.kind !== "global") continue;
    if (p.state.tiles[l.a].district === p.d || p.state.tiles[l.b].district === p.d) k++;
  }
  return k;
}

/** Turns a district policy on if its upkeep fits (hard bots check the yearly budget). */
function enablePolicy(p: Plan, policy: DistrictPolicy): boolean {
  if (p.state.districts[p.d].policies[policy] || full(p)) return false;
  if (hard(p)) {
    const left = p.state.years - p.state.year;
    const net = expectedNet(p.state, p.d) - DISTRICT_POLICIES[policy].upkeep;
    if (budgetOf(p) + net * left < 0) return false;
  }
  return attempt(p, { type: "setPolicy", policy, enabled: true });
}

/** Hard bots switch off their dearest optional policy when the money will run out within two years. */
function trimPolicies(p: Plan, keep: readonly DistrictPolicy[]) {
  if (!hard(p)) return;
  const d = p.state.districts[p.d];
  if (budgetOf(p) + 2 * expectedNet(p.state, p.d) >= 0) return;
  const on = DISTRICT_POLICY_KINDS.filter((x) => d.policies[x] && !keep.includes(x));
  on.sort((a, b) => DISTRICT_POLICIES[b].upkeep - DISTRICT_POLICIES[a].upkeep);
  if (on.length > 0) attempt(p, { type: "setPolicy", policy: on[0], enabled: false });
}

function vote(p: Plan, policy: CityPolicy, yes: boolean) {
  if (p.state.districts[p.d].votes[policy] === yes) return;
  attempt(p, { type: "voteCityPolicy", policy, vote: yes });
}

/** Protects lived-in workspace and housing whose rent is closing in on what its creatives earn. */
function protectSpaces(p: Plan, n: number, threshold = 0.45) {
  const pay = basePay(p.state.districts[p.d]);
  const cands = ownTiles(p, ["studio", "incubator", "derelict", "housing"]).filter((i) => {
    const t = p.state.tiles[i];
    if (t.protected || t.creatives === 0) return false;
    const earns = t.pay > 0 ? t.pay : pay;
    return hard(p) ? t.rent > threshold * earns || t.converted : true;
  });
  let done = 0;
  const order = rank(p, cands, (i) => {
    const t = p.state.tiles[i];
    const earns = t.pay > 0 ? t.pay : pay;
    return t.creatives * (t.rent / earns);
  });
  for (const i of order) {
    if (done >= n || full(p)) break;
    if (hard(p)) {
      // Protection costs its upkeep every year, and a subsidy once rent is above the cap (the rent of a
      // protected tile no longer climbs): the district must be able to keep paying to the end.
      const t = p.state.tiles[i];
      const cost = protectionCost(t);
      const years = p.state.years - p.state.year;
      if (budgetOf(p) + (expectedNet(p.state, p.d) - cost) * years < p.reserve) continue;
    }
    if (attempt(p, { type: "protectSpace", ...xy(p, i), protect: true })) done++;
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// The five strategies.

/** The institutions an anchor-first district founds, in order: in the metropolis, whose streets are
 * lined with offices, a media group's HQ comes first, since it draws film, music and advertising firms
 * to them (paper section 3, the first kind); elsewhere it comes last. */
function anchorPrefs(p: Plan, kinds: readonly AnchorKind[]): AnchorKind[] {
  const metropolis = p.state.districts[p.d].character === "metropolitan";
  if (hard(p) && metropolis && owned(p, "commerce") >= 6) return ["media", ...kinds];
  return [...kinds, "media"];
}

/** Money a hard bot would otherwise carry to the end of the game (where it scores nothing). */
const surplus = (p: Plan) => hard(p) && budgetOf(p) - p.reserve > 100;

const PROGRAMS: Record<BotStrategy, (p: Plan) => void> = {
  /** Market-led: convert every factory that pays, build freely, no protection, no city policies. */
  laissezFaire(p) {
    convertFactories(p, 3);
    buildUses(p, 2, ["commerce", "leisure", "housing"]);
    convertFactories(p, 1, { active: true });
    forgeLinks(p, 1, ["valueAdd"]);
    convertFactories(p, 2);
    buildUses(p, 2, ["housing", "commerce", "leisure"]);
    // The market builds wherever there is money: housing and shops on any free land.
    if (budgetOf(p) - p.reserve > 60) buildUses(p, 2, ["housing", "commerce"], true);
    if (surplus(p)) convertFactories(p, 2, { active: true });
    // Money the market cannot build with goes downstream: creative firms sell to shops and factories.
    if (surplus(p)) forgeLinks(p, 2, ["valueAdd"]);
  },
  /** Public institutions as nuclei, then studios around them. */
  anchorFirst(p) {
    placeAnchors(
      p,
      1,
      anchorPrefs(p, ["incubator", "gallery", "theatre", "museum", "research", "exhibition"]),
    );
    convertFactories(p, 2);
    forgeLinks(p, 1, ["incubation", "research", "heritage"]);
    if (p.state.year % 2 === 0)
      placeAnchors(
        p,
        1,
        anchorPrefs(p, ["gallery", "incubator", "theatre", "museum", "research", "exhibition"]),
      );
    buildUses(p, 1, ["leisure", "housing", "park"]);
    convertFactories(p, 2);
    // Public services and a fund for the firms the institutions gathered (lesson 3), and smooth IP
    // transfer between them (lesson 5).
    if (p.state.year >= 1) enablePolicy(p, "sharedServices");
    if (p.state.year >= 2) enablePolicy(p, "ipTransfer");
  },
  /** Internal linkage first: research, heritage, incubation and value-add links between what exists. */
  linkageFirst(p) {
    forgeLinks(p, 2, ["research", "heritage", "incubation", "valueAdd"]);
    if (owned(p, "incubator") === 0) placeAnchors(p, 1, ["incubator"]);
    convertFactories(p, 2);
    forgeLinks(p, 3, ["research", "heritage", "incubation", "valueAdd"]);
    if (p.state.year % 3 === 1) forgeLinks(p, 1, ["research", "heritage"], true);
    buildUses(p, 1, ["leisure", "housing", "commerce"]);
    convertFactories(p, 1);
  },
  /** Public policy: affordable studios, heritage protection, festivals, education; protects spaces. */
  policyHeavy(p) {
    trimPolicies(p, ["affordableStudios", "heritageProtection"]);
    enablePolicy(p, "affordableStudios");
    enablePolicy(p, "heritageProtection");
    protectSpaces(p, 5);
    // New studios are protected at once, while protection still costs nothing.
    if (convertFactories(p, 1) > 0) protectSpaces(p, 1);
    if (convertFactories(p, 1) > 0) protectSpaces(p, 1);
    enablePolicy(p, "festival");
    enablePolicy(p, "artsEducation");
    // An open, international culture: exhibitions and training from abroad (lesson 1).
    enablePolicy(p, "internationalExchange");
    vote(p, "ipProtection", true);
    buildUses(p, 1, ["park", "housing", "leisure"]);
    protectSpaces(p, 3);
  },
  /** Global linkage: links to gateways and media HQs, export support, place-marketing. */
  globalFirst(p) {
    vote(p, "placeMarketing", true);
    vote(p, "ipProtection", true);
    if (!hard(p) || globalLinks(p) < USEFUL_GLOBAL_LINKS) forgeLinks(p, 2, ["global"]);
    convertFactories(p, 2);
    enablePolicy(p, "exportSupport");
    // Exports need local roots too: a hard bot keeps one heritage link so its district does not homogenise.
    if (hard(p)) forgeLinks(p, 1, ["heritage"]);
    if (owned(p, "exhibition") === 0 && p.state.year >= 1) placeAnchors(p, 1, ["exhibition"]);
    // A media HQ gives global access and a global-link hub inside the district (no consent needed).
    if (hard(p) && owned(p, "media") === 0 && budgetOf(p) - p.reserve > 120) placeAnchors(p, 1, ["media"]);
    if (!hard(p) || globalLinks(p) < USEFUL_GLOBAL_LINKS) forgeLinks(p, 1, ["global"], true);
    convertFactories(p, 1);
    buildUses(p, 1, ["commerce", "leisure", "housing"]);
    // Spare money: a cultural venue that seeds firms (and can hold global links).
    if (surplus(p)) placeAnchors(p, 1, ["gallery", "exhibition", "theatre"]);
  },
  cooperative,
};

/** How far the shared goal is from being failed on displacement: the share still allowed (0..1). */
function displacementRoom(state: GameState): number {
  const g = state.goalProgress;
  const max = state.goal.maxDisplacedShare;
  return max > 0 ? Math.max(0, (max - g.displacedShare) / max) : 0;
}

/** Lifts protections, dearest first, while the district would otherwise fall into debt within two
 * years (debt would lift them all at once, and stop its policies too). */
function releaseProtections(p: Plan) {
  if (!hard(p)) return;
  const order = rank(
    p,
    ownTiles(p, ["studio", "incubator", "derelict", "housing", "leisure", "commerce", "heritage"]).filter(
      (i) => p.state.tiles[i].protected,
    ),
    (i) => protectionCost(p.state.tiles[i]),
  );
  for (const i of order) {
    if (full(p) || budgetOf(p) + 2 * expectedNet(p.state, p.d) >= 0) break;
    attempt(p, { type: "protectSpace", ...xy(p, i), protect: false });
  }
}

/** Works for the room's shared goal: keeps displacement under the goal's cap (protection, lifted
 * dearest first before the district would fall into debt), and grows what the goal counts with the
 * paper's recommendations, only as fast as the goal needs: linkage and an incubator for firms, global
 * links with local roots for exports, a protected, cultural, mixed place for creatives and clusters.
 * Districts that do not hold a district goal help pay for it. */
function cooperative(p: Plan) {
  const goal = p.state.goal;
  const progress = p.state.goalProgress;
  // Growth the goal still needs: none once the target is reached, little while well ahead of pace.
  const pace = goal.target * Math.min(1, (p.state.year + 1) / p.state.years);
  const reached = progress.value >= goal.target;
  const ahead = progress.value >= 1.3 * pace;
  const room = displacementRoom(p.state);
  trimPolicies(p, ["affordableStudios", "heritageProtection"]);
  releaseProtections(p);
  vote(p, "ipProtection", true);

  if (goal.kind === "firmsInDistrict" && goal.district === p.d) {
    // The district that must grow its firms: studios (protected at once, while that costs nothing),
    // an incubator, links where the firms are; it protects more as displacement nears the cap.
    enablePolicy(p, "affordableStudios");
    protectSpaces(p, room < 0.5 ? 6 : room < 0.8 ? 3 : 1, 0.35);
    if (!reached) {
      let studios = 0;
      for (let k = 0; k < 3; k++) {
        if (convertFactories(p, 1, { active: k > 0 }) === 0) continue;
        studios++;
        protectSpaces(p, 1);
      }
      // Without factories to convert (a village), workspace is built: incubators and galleries.
      if (owned(p, "incubator") === 0 || surplus(p) || studios === 0)
        placeAnchors(p, 1, ["incubator", "gallery"]);
      forgeLinks(p, 2, ["incubation", "research", "heritage", "valueAdd"]);
      enablePolicy(p, "artsEducation");
    }
    if (convertFactories(p, 1) > 0) protectSpaces(p, 1);
    return;
  }

  // Everyone else keeps artists in place as a policy-minded district does.
  enablePolicy(p, "affordableStudios");
  enablePolicy(p, "heritageProtection");
  protectSpaces(p, 6, 0.35);
  if (goal.kind === "firmsInDistrict") {
    // Another district's goal: help pay for it while it is short of money.
    const spare = budgetOf(p) - p.reserve - 30;
    const give = Math.floor(Math.min(40, 0.4 * spare));
    if (!reached && give >= 8 && p.state.districts[goal.district].budget < 100)
      attempt(p, { type: "proposeDeal", to: goal.district, amount: give }, give);
    forgeLinks(p, 1, ["incubation", "research", "heritage", "valueAdd"]);
  } else if (goal.kind === "cityExports" && !reached) {
    vote(p, "placeMarketing", true);
    if (globalLinks(p) < (ahead ? 1 : USEFUL_GLOBAL_LINKS)) forgeLinks(p, ahead ? 1 : 2, ["global"]);
    if (!ahead) enablePolicy(p, "exportSupport");
    forgeLinks(p, 1, ["heritage"]);
  } else if (goal.kind === "cityCreatives" && !ahead) {
    // Creatives come to a lively, mixed, cultural place.
    enablePolicy(p, "festival");
    enablePolicy(p, "artsEducation");
    buildUses(p, 1, ["housing", "park", "leisure"]);
  } else if (goal.kind === "clusters" && !ahead) {
    forgeLinks(p, 2, ["incubation", "research", "heritage", "valueAdd"]);
    if (owned(p, "incubator") === 0) placeAnchors(p, 1, ["incubator"]);
  }
  if (convertFactories(p, 1) > 0) protectSpaces(p, 1);
  buildUses(p, 1, ["park", "housing", "leisure"]);
  protectSpaces(p, 3);
}

/** The actions a bot wants this planning phase, in order; the caller applies each with applyAction and
 * skips rejected ones. Pure and deterministic in (state, district, strategy, level, seed). */
export function planBotTurn(
  state: GameState,
  district: number,
  strategy: BotStrategy,
  level: BotLevel,
  seed: number,
): Action[] {
  if (state.year >= state.years) return [];
  if (!Number.isInteger(district) || district < 0 || district >= state.districts.length) return [];
  const nb = neighbourhood(state);
  const p: Plan = {
    state,
    d: district,
    level,
    strategy,
    rng: new Rng(seedRng(mixSeed(state, district, strategy, level, seed))),
    actions: [],
    max: BOT_MAX_ACTIONS[level],
    reserve: reserveFor(state, district, level),
    promised: 0,
    att: attraction(state, nb),
    nbCreatives: nb.creatives,
    nbAnchors: nb.anchors,
  };
  PROGRAMS[strategy](p);
  return p.actions;
}

/** Whether a bot district accepts a proposal addressed to it. Links are accepted when the rules allow
 * them and they leave the bot's tile a free link slot (or it is a rich hub); deals are accepted when
 * they bring money, never when they only ask for it. */
export function botRespond(state: GameState, district: number, proposal: Proposal): boolean {
  if (proposal.to !== district || state.year >= state.years) return false;
  if (!state.proposals.some((x) => x.id === proposal.id)) return false;
  const tried = applyAction(
    state,
    { type: "respondProposal", proposal: proposal.id, accept: true },
    { kind: "district", district },
  );
  if (!tried.ok) return false;
  // Money given is taken; a request for money brings the bot nothing in return, so it is declined
  // (otherwise asking every bot for a share of its budget each year would pay better than playing).
  if (proposal.kind === "deal") return proposal.amount > 0;
  // A link into our district costs us nothing but uses one of our tile's link slots.
  const { a, b } = proposal.link;
  const mine = state.tiles[b].district === district ? b : a;
  const t = state.tiles[mine];
  const spare = LAND_USES[t.use].links - linkDegree(state, mine);
  return spare >= 2 || t.use === "media" || firmTotal(t) > 0;
}

// ---------------------------------------------------------------------------------------------
// Whole games played by bots: the balance harness and the tests use this; a solo-practice preview could.

export interface BotSeat {
  strategy: BotStrategy;
  level: BotLevel;
}

export interface BotDistrictResult {
  district: number;
  character: string;
  strategy: BotStrategy;
  level: BotLevel;
  score: number;
  /** Top score of the game (ties count for every district holding it). */
  won: boolean;
  creatives: number;
  /** Creatives at the end of the first year, and the most the district held at the end of any year. */
  firstYearCreatives: number;
  peakCreatives: number;
  firms: number;
  /** Summed over all years. */
  output: number;
  exports: number;
  displaced: number;
  /** Tile-years where a tile's rent passed what its creatives earned while they lived there. */
  rentOverPay: number;
  /** Displaced creatives who settled on another tile of the city (not those who left it). */
  resettled: number;
  planned: number;
  accepted: number;
}

export interface BotGameResult {
  scenario: string;
  seed: number;
  goalMet: boolean;
  goalValue: number;
  goalDisplacedShare: number;
  /** Cross-district proposals the bots made, and how many the addressed bot accepted. */
  proposals: { made: number; accepted: number };
  districts: BotDistrictResult[];
  state: GameState;
}

// ---------------------------------------------------------------------------------------------
// The bots' turn of a planning phase: the one loop the room (server/city-room.ts) and the balance
// harness both play, so the balance tables describe the game a class plays.

/** How a room's bots play: each district its own strategy, or all for the shared goal. */
export type BotMode = "mixed" | "cooperative";

/** The strategy a room gives a bot district. */
export function roomBotStrategy(district: number, mode: BotMode): BotStrategy {
  return mode === "cooperative" ? "cooperative" : BOT_STRATEGIES[district % BOT_STRATEGIES.length];
}

/** The seat of every bot district of a room playing at `level` in `mode`. */
export function roomBotSeats(level: BotLevel, mode: BotMode): (district: number) => BotSeat {
  return (district) => ({ strategy: roomBotStrategy(district, mode), level });
}

/** The seed of a bot district's plan this year: a function of the game's seed, the year and the
 * district only, so a room's action log replays exactly. */
export function botSeed(state: GameState, district: number): number {
  return (Math.imul(state.seed ^ 0x5bd1e995, 31) + state.year * 977 + district * 131) >>> 0;
}

export interface BotTurn {
  state: GameState;
  /** Every action the rules accepted, in order, with its actor (the room logs them for replay). */
  actions: { actor: Actor; action: Action }[];
  events: GameEvent[];
  /** Per district: actions planned and accepted; proposals to bots answered, and accepted. */
  planned: number[];
  accepted: number[];
  answered: number;
  agreed: number;
}

/** The bots' turn: each bot district in ascending order plans with `planBotTurn` (seeded by
 * `botSeed`) and applies its plan action by action, skipping what the rules refuse; then every open
 * proposal addressed to a bot district is answered by `botRespond`, oldest first. */
export function playBotsTurn(
  start: GameState,
  bots: readonly number[],
  seatOf: (district: number) => BotSeat,
): BotTurn {
  let state = start;
  const nd = state.districts.length;
  const turn: BotTurn = {
    state,
    actions: [],
    events: [],
    planned: new Array(nd).fill(0),
    accepted: new Array(nd).fill(0),
    answered: 0,
    agreed: 0,
  };
  const apply = (action: Action, actor: Actor): boolean => {
    const r = applyAction(state, action, actor);
    if (!r.ok) return false;
    state = r.state;
    turn.actions.push({ actor, action });
    turn.events.push(...r.events);
    return true;
  };
  const order = [...bots].sort((a, b) => a - b);
  for (const d of order) {
    const seat = seatOf(d);
    const plan = planBotTurn(state, d, seat.strategy, seat.level, botSeed(state, d));
    turn.planned[d] += plan.length;
    for (const action of plan) if (apply(action, { kind: "district", district: d })) turn.accepted[d]++;
  }
  const isBot = new Set(order);
  for (const p of state.proposals.slice()) {
    if (!isBot.has(p.to) || !state.proposals.some((x) => x.id === p.id)) continue;
    const accept = botRespond(state, p.to, p);
    if (apply({ type: "respondProposal", proposal: p.id, accept }, { kind: "district", district: p.to })) {
      turn.answered++;
      if (accept) turn.agreed++;
    }
  }
  turn.state = state;
  return turn;
}

/** Plays a whole game with a bot in every district, through the room's loop: the game session
 * (shared/session.ts) started with no countdown, its timer ticks ending each phase, every district a
 * bot. `seed` is recorded with the result; the bots' plans are seeded as in a room. */
export function playBotGame(start: GameState, seats: readonly BotSeat[], seed: number): BotGameResult {
  const nd = start.districts.length;
  const planned = new Array(nd).fill(0);
  const accepted = new Array(nd).fill(0);
  const rentOverPay = new Array(nd).fill(0);
  const resettled = new Array(nd).fill(0);
  const proposals = { made: 0, accepted: 0 };
  const everyone = start.districts.map((d) => d.id);
  let session = newSession(start, { timing: { startCountdown: 0 }, bots: { seats: [...seats] } });
  const command = (body: SessionCommandBody): SessionOutput[] => {
    const r = runSession(session, { ...body, at: 0, bots: everyone });
    if (!r.ok) return [];
    session = r.session;
    return r.outputs;
  };
  const phase = () => session.phase;
  let outputs = command({ type: "host", command: { type: "host.start" } });
  while (phase() === "planning") {
    for (const o of outputs) {
      if (o.kind !== "botTurn") continue;
      for (let d = 0; d < nd; d++) {
        planned[d] += o.turn.planned[d];
        accepted[d] += o.turn.accepted[d];
      }
      proposals.made += o.turn.answered;
      proposals.accepted += o.turn.agreed;
    }
    const played = session.game;
    for (const t of played.tiles) {
      if (t.district < 0 || t.creatives <= 0) continue;
      const pay = t.pay > 0 ? t.pay : basePay(played.districts[t.district]);
      if (effectiveRent(t) > pay) rentOverPay[t.district]++;
    }
    // The planning clock runs out: the year ends; then the report's clock runs out: the next planning.
    for (const o of command({ type: "tick" })) {
      if (o.kind !== "yearReport") continue;
      for (const e of o.events) {
        if (e.type !== "migration" || e.reason !== "displaced" || e.to < 0) continue;
        const from = session.game.tiles[e.from].district;
        if (from >= 0) resettled[from] += e.count;
      }
    }
    outputs = phase() === "report" ? command({ type: "tick" }) : [];
  }
  const state = session.game;
  const last = state.history.filter((h) => h.year === state.year);
  const top = Math.max(...state.districts.map((d) => d.score.total));
  const districts: BotDistrictResult[] = state.districts.map((d) => {
    let output = 0;
    let exports = 0;
    let first = -1;
    let peak = 0;
    for (const h of state.history) {
      if (h.district !== d.id) continue;
      output += h.output;
      exports += h.exports;
      if (first < 0) first = h.creatives;
      peak = Math.max(peak, h.creatives);
    }
    const row = last.find((h) => h.district === d.id);
    const seat = seats[d.id % seats.length];
    return {
      district: d.id,
      character: d.character,
      strategy: seat.strategy,
      level: seat.level,
      score: d.score.total,
      won: d.score.total === top,
      creatives: row?.creatives ?? 0,
      firstYearCreatives: Math.max(0, first),
      peakCreatives: peak,
      firms: row ? row.firms.reduce((a, b) => a + b, 0) : 0,
      output: Math.round(output),
      exports: Math.round(exports),
      displaced: d.displacedTotal,
      rentOverPay: rentOverPay[d.id],
      resettled: resettled[d.id],
      planned: planned[d.id],
      accepted: accepted[d.id],
    };
  });
  return {
    scenario: state.scenario,
    seed,
    goalMet: state.goalProgress.met,
    goalValue: state.goalProgress.value,
    goalDisplacedShare: state.goalProgress.displacedShare,
    proposals,
    districts,
    state,
  };
}
