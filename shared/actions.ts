// Player and host actions: each a zod schema and a pure `applyAction` that returns the new state and
// its events, or a typed error code, never mutating the state it is given.
import { z } from "zod";
import { DISTRICTS_MAX, MAP_SIZE_MAX } from "./limits.js";
import {
  ANCHOR_KINDS,
  ACTIVE_FACTORY_JOB_LOSS,
  BUILDABLE,
  CHARACTERS,
  CITY_POLICY_KINDS,
  CONVERSION_DISCOUNT,
  CONVERSIONS,
  DEMOLISH_REFUND,
  DISTRICT_POLICY_KINDS,
  LAND_USES,
  LINK_BASE_COST,
  LINK_KINDS,
  LINK_TYPES,
  type LandUse,
  type LinkType,
  SECTORS,
} from "./kinds.js";
import {
  CITY_EVENTS,
  type District,
  type GameEvent,
  type GameState,
  type Link,
  LOG_LIMIT,
  type Proposal,
  type Tile,
} from "./state.js";
import { copyTile, firmTotal, inBounds, money, notePlacement, tileIndex } from "./state.js";

const coord = z
  .number()
  .int()
  .min(0)
  .max(MAP_SIZE_MAX - 1);
const point = z.object({ x: coord, y: coord }).strict();

export const ActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("placeAnchor"), x: coord, y: coord, anchor: z.enum(ANCHOR_KINDS) }).strict(),
  z.object({ type: z.literal("convertFactory"), x: coord, y: coord, to: z.enum(CONVERSIONS) }).strict(),
  z.object({ type: z.literal("build"), x: coord, y: coord, use: z.enum(BUILDABLE) }).strict(),
  z.object({ type: z.literal("demolish"), x: coord, y: coord }).strict(),
  z
    .object({
      type: z.literal("forgeLink"),
      from: point,
      to: point,
      kind: z.enum(LINK_KINDS as [LinkType, ...LinkType[]]),
    })
    .strict(),
  z.object({ type: z.literal("cutLink"), link: z.number().int().min(1) }).strict(),
  z
    .object({
      type: z.literal("setPolicy"),
      policy: z.enum(DISTRICT_POLICY_KINDS as [string, ...string[]]),
      enabled: z.boolean(),
    })
    .strict(),
  z.object({ type: z.literal("protectSpace"), x: coord, y: coord, protect: z.boolean() }).strict(),
  z
    .object({
      type: z.literal("voteCityPolicy"),
      policy: z.enum(CITY_POLICY_KINDS as [string, ...string[]]),
      vote: z.boolean(),
    })
    .strict(),
  z
    .object({
      type: z.literal("proposeDeal"),
      to: z
        .number()
        .int()
        .min(0)
        .max(DISTRICTS_MAX - 1),
      /** Positive: the proposer gives; negative: the proposer asks. */
      amount: z.number().finite().min(-1000).max(1000),
    })
    .strict(),
  z
    .object({ type: z.literal("respondProposal"), proposal: z.number().int().min(1), accept: z.boolean() })
    .strict(),
  z.object({ type: z.literal("injectEvent"), event: z.enum(CITY_EVENTS) }).strict(),
  /** The mayor (the instructor) sets a city policy; it holds until the districts' vote changes majority. */
  z
    .object({
      type: z.literal("decreeCityPolicy"),
      policy: z.enum(CITY_POLICY_KINDS as [string, ...string[]]),
      enabled: z.boolean(),
    })
    .strict(),
]);
export type Action = z.infer<typeof ActionSchema>;

/** Who acts: a district's players, or the host (instructor). */
export type Actor = { kind: "district"; district: number } | { kind: "host" };

export const ERROR_CODES = [
  "invalid_action",
  "game_over",
  "host_only",
  "not_a_player",
  "out_of_bounds",
  "not_your_tile",
  "tile_water",
  "tile_occupied",
  "not_a_factory",
  "nothing_to_demolish",
  "heritage_protected",
  "insufficient_budget",
  "link_endpoints",
  "link_same_tile",
  "link_exists",
  "link_capacity",
  "no_such_link",
  "not_link_owner",
  "policy_unchanged",
  "not_protectable",
  "no_such_district",
  "deal_self",
  "deal_amount",
  "too_many_proposals",
  "no_such_proposal",
  "not_proposal_target",
  "event_queue_full",
  "in_debt",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface RuleError {
  code: ErrorCode;
  params?: Record<string, string | number>;
}

export type ActionResult =
  | { ok: true; state: GameState; events: GameEvent[]; cost: number }
  | { ok: false; error: RuleError };

const fail = (code: ErrorCode, params?: Record<string, string | number>): ActionResult => ({
  ok: false,
  error: params ? { code, params } : { code },
});

export const MAX_OPEN_PROPOSALS = 12;
export const MAX_QUEUED_EVENTS = 3;

/** Parses unknown input as an action; the error names the bad field. */
export function parseAction(input: unknown): { ok: true; action: Action } | { ok: false; error: RuleError } {
  const r = ActionSchema.safeParse(input);
  if (r.success) return { ok: true, action: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: { code: "invalid_action", params: { field: issue.path.join(".") || "type" } } };
}

/** A copy-on-write view of the state: only what an action touches is copied. */
class Draft {
  readonly next: GameState;
  readonly events: GameEvent[] = [];
  private copiedTiles = new Set<number>();
  private copiedDistricts = new Set<number>();
  constructor(state: GameState) {
    this.next = {
      ...state,
      // The tile list is copied at the first tile the action changes (`tile`): an action that changes
      // none (a policy, a vote, a deal) keeps the list itself, so readers can skip the tiles.
      tiles: state.tiles,
      districts: state.districts.slice(),
      links: state.links.slice(),
      proposals: state.proposals.slice(),
      log: state.log.slice(),
      evicted: state.evicted.slice(),
      creativesLedger: { ...state.creativesLedger },
    };
  }
  tile(i: number): Tile {
    if (!this.copiedTiles.has(i)) {
      if (this.copiedTiles.size === 0) this.next.tiles = this.next.tiles.slice();
      const t = this.next.tiles[i];
      this.next.tiles[i] = copyTile(t);
      this.copiedTiles.add(i);
    }
    return this.next.tiles[i];
  }
  district(d: number): District {
    if (!this.copiedDistricts.has(d)) {
      const x = this.next.districts[d];
      this.next.districts[d] = {
        ...x,
        ledger: { ...x.ledger },
        policies: { ...x.policies },
        votes: { ...x.votes },
        score: { ...x.score },
      };
      this.copiedDistricts.add(d);
    }
    return this.next.districts[d];
  }
  spend(d: number, amount: number) {
    const x = this.district(d);
    x.budget = money(x.budget - amount);
    x.ledger.debits = money(x.ledger.debits + amount);
  }
  earn(d: number, amount: number) {
    const x = this.district(d);
    x.budget = money(x.budget + amount);
    x.ledger.credits = money(x.ledger.credits + amount);
  }
  emit(e: GameEvent) {
    this.events.push(e);
    this.next.log.push(e);
    if (this.next.log.length > LOG_LIMIT) this.next.log.splice(0, this.next.log.length - LOG_LIMIT);
  }
  /** Changes a tile's use; creatives and firms over the new capacity are evicted or closed. */
  setUse(i: number, use: LandUse) {
    const t = this.tile(i);
    t.use = use;
    const cap = LAND_USES[use].creatives;
    if (t.creatives > cap) {
      const over = t.creatives - cap;
      t.creatives = cap;
      this.next.evicted.push({ tile: i, count: over });
    }
    let fcap = LAND_USES[use].firms;
    for (let s = 0; s < t.firms.length; s++) {
      const keep = Math.min(t.firms[s], fcap);
      fcap -= keep;
      t.firms[s] = keep;
    }
  }
  /** Removes links at tile i that are no longer valid, or beyond the tile's link capacity. */
  cutLinksAt(i: number, actor: number) {
    const keep: Link[] = [];
    let degree = 0;
    const cap = LAND_USES[this.next.tiles[i].use].links;
    for (const l of this.next.links) {
      const here = l.a === i || l.b === i;
      if (here && (!linkStillValid(this.next, l) || degree >= cap)) {
        this.emit({ type: "linkCut", year: this.next.year, link: l.id, district: actor });
        continue;
      }
      if (here) degree++;
      keep.push(l);
    }
    this.next.links = keep;
  }
  result(cost: number): ActionResult {
    return { ok: true, state: this.next, events: this.events, cost: money(cost) };
  }
}

export function linkEndpointsValid(kind: LinkType, a: Tile, b: Tile): boolean {
  const rule = LINK_TYPES[kind];
  const fa = firmTotal(a);
  const fb = firmTotal(b);
  return (rule.a(a.use, fa) && rule.b(b.use, fb)) || (rule.a(b.use, fb) && rule.b(a.use, fa));
}

/** Whether a tile's use can be one end of a link of this kind (either end of its endpoint table). */
export function linkEndFits(kind: LinkType, t: Tile): boolean {
  const rule = LINK_TYPES[kind];
  const f = firmTotal(t);
  return rule.a(t.use, f) || rule.b(t.use, f);
}

/**
 * Why tile `from` cannot start a link of `kind` for the actor, or null: the actor's own land tile, a
 * use the link type accepts at one of its ends, and a free link slot. `forgeLink` checks its source
 * with this, and the client's legality queries ask it (shared/queries.ts).
 */
export function linkSourceError(
  state: GameState,
  actor: Actor,
  from: number,
  kind: LinkType,
): RuleError | null {
  if (state.year >= state.years) return { code: "game_over" };
  if (actor.kind !== "district") return { code: "not_a_player" };
  if (!Number.isInteger(from) || from < 0 || from >= state.tiles.length) return { code: "out_of_bounds" };
  const own = ownTile(state, actor.district, from % state.width, Math.floor(from / state.width));
  if ("error" in own) return own.error.ok ? null : own.error.error;
  const t = state.tiles[from];
  if (!linkEndFits(kind, t)) return { code: "link_endpoints", params: { kind } };
  if (linkDegree(state, from) >= LAND_USES[t.use].links)
    return { code: "link_capacity", params: { use: t.use } };
  return null;
}

export function linkStillValid(state: GameState, l: Link): boolean {
  const a = state.tiles[l.a];
  const b = state.tiles[l.b];
  return a.terrain === "land" && b.terrain === "land" && linkEndpointsValid(l.kind, a, b);
}

export function linkCost(state: GameState, kind: LinkType, a: number, b: number): number {
  const dx = Math.abs((a % state.width) - (b % state.width));
  const dy = Math.abs(Math.floor(a / state.width) - Math.floor(b / state.width));
  return money(LINK_BASE_COST + LINK_TYPES[kind].costPerTile * (dx + dy));
}

export function linkDegree(state: GameState, i: number): number {
  let n = 0;
  for (const l of state.links) if (l.a === i || l.b === i) n++;
  return n;
}

/** Cost of a new anchor or conversion in a district (the new development zone's policy bonus). */
export function placementCost(state: GameState, district: number, use: LandUse, conversion = false): number {
  const bonus = CHARACTERS[state.districts[district].character].policyBonus;
  const base = LAND_USES[use].cost * (conversion ? CONVERSION_DISCOUNT : 1);
  return money(base * (1 - bonus));
}

/** Checks a link's endpoints and capacities; returns an error code or null. */
function checkLink(state: GameState, kind: LinkType, a: number, b: number): RuleError | null {
  if (a === b) return { code: "link_same_tile" };
  const ta = state.tiles[a];
  const tb = state.tiles[b];
  if (ta.terrain !== "land" || tb.terrain !== "land") return { code: "tile_water" };
  if (!linkEndpointsValid(kind, ta, tb)) return { code: "link_endpoints", params: { kind } };
  for (const l of state.links) {
    if (l.kind === kind && ((l.a === a && l.b === b) || (l.a === b && l.b === a)))
      return { code: "link_exists" };
  }
  if (linkDegree(state, a) >= LAND_USES[ta.use].links)
    return { code: "link_capacity", params: { use: ta.use } };
  if (linkDegree(state, b) >= LAND_USES[tb.use].links)
    return { code: "link_capacity", params: { use: tb.use } };
  return null;
}

function ownTile(
  state: GameState,
  district: number,
  x: number,
  y: number,
): { i: number } | { error: ActionResult } {
  if (!inBounds(state, x, y)) return { error: fail("out_of_bounds", { x, y }) };
  const i = tileIndex(state, x, y);
  const t = state.tiles[i];
  if (t.terrain === "water") return { error: fail("tile_water", { x, y }) };
  if (t.district !== district) return { error: fail("not_your_tile", { x, y }) };
  return { i };
}

/** Applies one action for an actor. Never mutates `state`. */
export function applyAction(state: GameState, action: Action, actor: Actor): ActionResult {
  if (state.year >= state.years) return fail("game_over");
  const year = state.year;
  if (action.type === "injectEvent") {
    if (actor.kind !== "host") return fail("host_only");
    if (state.queuedEvents.length >= MAX_QUEUED_EVENTS) return fail("event_queue_full");
    const dr = new Draft(state);
    dr.next.queuedEvents = [...state.queuedEvents, action.event];
    return dr.result(0);
  }
  if (action.type === "decreeCityPolicy") {
    if (actor.kind !== "host") return fail("host_only");
    const policy = action.policy as keyof GameState["cityPolicies"];
    if (state.cityPolicies[policy] === action.enabled) return fail("policy_unchanged");
    const dr = new Draft(state);
    dr.next.cityPolicies = { ...state.cityPolicies, [policy]: action.enabled };
    dr.emit({ type: "cityPolicy", year, policy, enabled: action.enabled });
    return dr.result(0);
  }
  if (actor.kind !== "district") return fail("not_a_player");
  const d = actor.district;
  if (!Number.isInteger(d) || d < 0 || d >= state.districts.length) return fail("not_a_player");
  const budget = state.districts[d].budget;

  switch (action.type) {
    case "placeAnchor": {
      const own = ownTile(state, d, action.x, action.y);
      if ("error" in own) return own.error;
      const t = state.tiles[own.i];
      if (t.use !== "empty" && t.use !== "derelict") return fail("tile_occupied", { use: t.use });
      const cost = placementCost(state, d, action.anchor);
      if (budget < cost) return fail("insufficient_budget", { cost, budget });
      const dr = new Draft(state);
      dr.spend(d, cost);
      if (t.use === "derelict") dr.tile(own.i).converted = true;
      dr.setUse(own.i, action.anchor);
      dr.next.chronicle = notePlacement(state.chronicle, {
        tile: own.i,
        use: action.anchor,
        district: d,
        year,
      });
      coverByAffordableStudios(dr, d, own.i);
      dr.emit({ type: "built", year, tile: own.i, use: action.anchor, district: d });
      return dr.result(cost);
    }
    case "convertFactory": {
      const own = ownTile(state, d, action.x, action.y);
      if ("error" in own) return own.error;
      const t = state.tiles[own.i];
      if (t.use !== "factory" && t.use !== "derelict") return fail("not_a_factory", { use: t.use });
      const cost = money(
        placementCost(state, d, action.to, true) + (t.use === "factory" ? ACTIVE_FACTORY_JOB_LOSS : 0),
      );
      if (budget < cost) return fail("insufficient_budget", { cost, budget });
      const dr = new Draft(state);
      dr.spend(d, cost);
      dr.cutLinksAt(own.i, d); // value-add links to an active factory end with it
      const nt = dr.tile(own.i);
      nt.converted = true;
      // A refitted building lets at the going rate for its new use in this district.
      nt.rent = Math.max(
        nt.rent,
        money(LAND_USES[action.to].rent * CHARACTERS[state.districts[d].character].rentFactor),
      );
      dr.setUse(own.i, action.to);
      coverByAffordableStudios(dr, d, own.i);
      dr.cutLinksAt(own.i, d);
      dr.next.chronicle = notePlacement(state.chronicle, { tile: own.i, use: action.to, district: d, year });
      dr.emit({ type: "built", year, tile: own.i, use: action.to, district: d });
      return dr.result(cost);
    }
    case "build": {
      const own = ownTile(state, d, action.x, action.y);
      if ("error" in own) return own.error;
      const t = state.tiles[own.i];
      if (t.use !== "empty") return fail("tile_occupied", { use: t.use });
      const cost = placementCost(state, d, action.use);
      if (budget < cost) return fail("insufficient_budget", { cost, budget });
      const dr = new Draft(state);
      dr.spend(d, cost);
      dr.setUse(own.i, action.use);
      dr.next.chronicle = notePlacement(state.chronicle, { tile: own.i, use: action.use, district: d, year });
      dr.emit({ type: "built", year, tile: own.i, use: action.use, district: d });
      return dr.result(cost);
    }
    case "demolish": {
      const own = ownTile(state, d, action.x, action.y);
      if ("error" in own) return own.error;
      const t = state.tiles[own.i];
      if (t.use === "empty" || t.use === "gateway") return fail("nothing_to_demolish");
      if (t.use === "heritage" && state.districts[d].policies.heritageProtection)
        return fail("heritage_protected");
      const refund = money(LAND_USES[t.use].cost * DEMOLISH_REFUND);
      const dr = new Draft(state);
      if (refund > 0) dr.earn(d, refund);
      const closed = firmTotal(t);
      dr.setUse(own.i, "empty");
      const nt = dr.tile(own.i);
      nt.protected = false;
      if (t.use === "heritage") nt.heritage = Math.min(nt.heritage, 0.2);
      dr.cutLinksAt(own.i, d);
      if (closed > 0) {
        t.firms.forEach((f, s) => {
          if (f > 0) dr.emit({ type: "firmsClosed", year, tile: own.i, sector: sectorAt(s), count: f });
        });
      }
      dr.emit({ type: "demolished", year, tile: own.i, district: d });
      return dr.result(-refund);
    }
    case "forgeLink": {
      const own = ownTile(state, d, action.from.x, action.from.y);
      if ("error" in own) return own.error;
      const source = linkSourceError(state, actor, own.i, action.kind);
      if (source) return { ok: false, error: source };
      if (!inBounds(state, action.to.x, action.to.y)) return fail("out_of_bounds", action.to);
      const b = tileIndex(state, action.to.x, action.to.y);
      const err = checkLink(state, action.kind, own.i, b);
      if (err) return { ok: false, error: err };
      const cost = linkCost(state, action.kind, own.i, b);
      if (budget < cost) return fail("insufficient_budget", { cost, budget });
      const other = state.tiles[b].district;
      const dr = new Draft(state);
      if (other >= 0 && other !== d) {
        // A link into another district needs its consent: it becomes a proposal.
        if (state.proposals.filter((p) => p.from === d).length >= MAX_OPEN_PROPOSALS)
          return fail("too_many_proposals");
        const id = dr.next.nextId++;
        dr.next.proposals.push({
          id,
          kind: "link",
          from: d,
          to: other,
          link: { kind: action.kind, a: own.i, b },
          year,
        });
        dr.emit({ type: "proposal", year, proposal: id, from: d, to: other });
        return dr.result(0);
      }
      const id = dr.next.nextId++;
      dr.spend(d, cost);
      dr.next.links.push({ id, kind: action.kind, a: own.i, b, owner: d, year });
      dr.emit({ type: "linkForged", year, link: id, district: d });
      return dr.result(cost);
    }
    case "cutLink": {
      const l = state.links.find((x) => x.id === action.link);
      if (!l) return fail("no_such_link", { link: action.link });
      const da = state.tiles[l.a].district;
      const db = state.tiles[l.b].district;
      if (l.owner !== d && da !== d && db !== d) return fail("not_link_owner");
      const dr = new Draft(state);
      dr.next.links = dr.next.links.filter((x) => x.id !== l.id);
      dr.emit({ type: "linkCut", year, link: l.id, district: d });
      return dr.result(0);
    }
    case "setPolicy": {
      const policy = action.policy as keyof District["policies"];
      if (state.districts[d].policies[policy] === action.enabled) return fail("policy_unchanged");
      // A district in debt cannot take on new yearly costs (its policies lapsed for that reason).
      if (action.enabled && budget < 0) return fail("in_debt", { budget });
      const dr = new Draft(state);
      dr.district(d).policies[policy] = action.enabled;
      if (policy === "affordableStudios") {
        for (let i = 0; i < state.tiles.length; i++) {
          const t = state.tiles[i];
          if (t.district !== d) continue;
          const want = action.enabled ? t.protected || AFFORDABLE_USES.includes(t.use) : false;
          if (t.protected !== want) dr.tile(i).protected = want;
        }
      }
      dr.emit({ type: "policy", year, district: d, policy, enabled: action.enabled });
      return dr.result(0);
    }
    case "protectSpace": {
      const own = ownTile(state, d, action.x, action.y);
      if ("error" in own) return own.error;
      const t = state.tiles[own.i];
      if (!["studio", "incubator", "derelict", "housing"].includes(t.use))
        return fail("not_protectable", { use: t.use });
      if (t.protected === action.protect) return fail("policy_unchanged");
      if (action.protect && budget < 0) return fail("in_debt", { budget });
      const dr = new Draft(state);
      dr.tile(own.i).protected = action.protect;
      return dr.result(0);
    }
    case "voteCityPolicy": {
      const policy = action.policy as keyof GameState["cityPolicies"];
      if (state.districts[d].votes[policy] === action.vote) return fail("policy_unchanged");
      const dr = new Draft(state);
      const n = state.districts.length;
      const majorityBefore = state.districts.filter((x) => x.votes[policy] === true).length * 2 > n;
      dr.district(d).votes[policy] = action.vote;
      const yes = dr.next.districts.filter((x) => x.votes[policy] === true).length;
      const enabled = yes * 2 > n;
      // The policy follows the vote when its majority changes (a mayor's decree or the scenario's
      // starting policies hold until then).
      if (enabled !== majorityBefore && enabled !== state.cityPolicies[policy]) {
        dr.next.cityPolicies = { ...state.cityPolicies, [policy]: enabled };
        dr.emit({ type: "cityPolicy", year, policy, enabled });
      }
      return dr.result(0);
    }
    case "proposeDeal": {
      if (action.to >= state.districts.length) return fail("no_such_district", { district: action.to });
      if (action.to === d) return fail("deal_self");
      const amount = money(action.amount);
      if (amount === 0) return fail("deal_amount");
      if (amount > 0 && budget < amount) return fail("insufficient_budget", { cost: amount, budget });
      if (state.proposals.filter((p) => p.from === d).length >= MAX_OPEN_PROPOSALS)
        return fail("too_many_proposals");
      const dr = new Draft(state);
      const id = dr.next.nextId++;
      dr.next.proposals.push({ id, kind: "deal", from: d, to: action.to, amount, year });
      dr.emit({ type: "proposal", year, proposal: id, from: d, to: action.to });
      return dr.result(0);
    }
    case "respondProposal": {
      const p = state.proposals.find((x) => x.id === action.proposal);
      if (!p) return fail("no_such_proposal", { proposal: action.proposal });
      if (p.to !== d) return fail("not_proposal_target");
      const dr = new Draft(state);
      dr.next.proposals = dr.next.proposals.filter((x) => x.id !== p.id);
      if (action.accept) {
        const err = acceptProposal(dr, p);
        if (err) return { ok: false, error: err };
      }
      dr.emit({ type: "proposalClosed", year, proposal: p.id, accepted: action.accept });
      return dr.result(0);
    }
  }
}

/** Workspace the affordable-studios policy covers: studios and incubators, also those made later. */
export const AFFORDABLE_USES: readonly LandUse[] = ["studio", "incubator"];

/** A studio or incubator made while the district's affordable-studios policy is on is protected too. */
function coverByAffordableStudios(dr: Draft, d: number, i: number) {
  const t = dr.next.tiles[i];
  if (dr.next.districts[d].policies.affordableStudios && AFFORDABLE_USES.includes(t.use) && !t.protected)
    dr.tile(i).protected = true;
}

function acceptProposal(dr: Draft, p: Proposal): RuleError | null {
  const state = dr.next;
  if (p.kind === "deal") {
    const payer = p.amount > 0 ? p.from : p.to;
    const payee = p.amount > 0 ? p.to : p.from;
    const amount = Math.abs(p.amount);
    if (state.districts[payer].budget < amount)
      return { code: "insufficient_budget", params: { cost: amount, budget: state.districts[payer].budget } };
    dr.spend(payer, amount);
    dr.earn(payee, amount);
    return null;
  }
  const { kind, a, b } = p.link;
  if (state.tiles[a].district !== p.from) return { code: "not_your_tile" };
  const err = checkLink(state, kind, a, b);
  if (err) return err;
  const cost = linkCost(state, kind, a, b);
  if (state.districts[p.from].budget < cost)
    return { code: "insufficient_budget", params: { cost, budget: state.districts[p.from].budget } };
  dr.spend(p.from, cost);
  const id = state.nextId++;
  state.links.push({ id, kind, a, b, owner: p.from, year: state.year });
  dr.emit({ type: "linkForged", year: state.year, link: id, district: p.from });
  return null;
}

function sectorAt(s: number) {
  return SECTORS[s];
}
