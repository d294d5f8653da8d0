// One test per action, covering every error code it can return. Input states are deep-frozen, so a
// rule that mutated its input would throw.
import { describe, expect, it } from "vitest";
import {
  type Action,
  type ActionResult,
  type Actor,
  applyAction,
  ERROR_CODES,
  type ErrorCode,
  type GameState,
  LAND_USES,
  parseAction,
  resolveYear,
  stateHash,
  tileXY,
} from "../../shared/index.js";
import { as, districtOf, must, smallCity, tilesOf } from "./helpers.js";

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

const seen = new Set<ErrorCode>();

/** Applies an action that must fail with `code`, and checks the state did not change. */
function refused(state: GameState, action: Action, actor: Actor, code: ErrorCode) {
  const before = stateHash(state);
  deepFreeze(state);
  const r = applyAction(state, action, actor);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.code).toBe(code);
  expect(stateHash(state)).toBe(before);
  seen.add(code);
}

function ok(state: GameState, action: Action, actor: Actor): Extract<ActionResult, { ok: true }> {
  deepFreeze(state);
  const r = applyAction(state, action, actor);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r;
}

const base = () => smallCity("steel-town", 21, 24, 4);
const withBudget = (s: GameState, d: number, budget: number): GameState => ({
  ...s,
  districts: s.districts.map((x) =>
    x.id === d ? { ...x, budget, ledger: { ...x.ledger, start: x.ledger.start + budget - x.budget } } : x,
  ),
});
const at = (s: GameState, i: number) => tileXY(s, i);
const otherTile = (s: GameState, d: number) =>
  s.tiles.findIndex((t) => t.district >= 0 && t.district !== d && t.terrain === "land");
const waterTile = (s: GameState) => s.tiles.findIndex((t) => t.terrain === "water");

describe("every action", () => {
  it("is refused after the last year (game_over), and unknown shapes are invalid_action", () => {
    const s = { ...base(), year: 12 };
    refused(s, { type: "setPolicy", policy: "festival", enabled: true }, as(0), "game_over");
    const bad = parseAction({ type: "placeAnchor", x: -1, y: 0, anchor: "museum" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe("invalid_action");
      expect(bad.error.params?.field).toBe("x");
      seen.add("invalid_action");
    }
    expect(parseAction({ type: "teleport" }).ok).toBe(false);
    expect(parseAction({ type: "build", x: 1, y: 1, use: "housing", extra: 1 }).ok).toBe(false);
  });

  it("needs a seated district (not_a_player) and host actions need the host (host_only)", () => {
    const s = base();
    refused(s, { type: "setPolicy", policy: "festival", enabled: true }, { kind: "host" }, "not_a_player");
    refused(s, { type: "setPolicy", policy: "festival", enabled: true }, as(9), "not_a_player");
    refused(s, { type: "injectEvent", event: "boom" }, as(0), "host_only");
  });
});

describe("placeAnchor", () => {
  it("builds on an empty or derelict tile of one's own district and charges the cost", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    const i = tilesOf(s, d, ["derelict"])[0];
    const r = ok(s, { type: "placeAnchor", ...at(s, i), anchor: "gallery" }, as(d));
    expect(r.state.tiles[i].use).toBe("gallery");
    expect(r.state.tiles[i].converted).toBe(true);
    expect(r.state.districts[d].budget).toBeCloseTo(s.districts[d].budget - LAND_USES.gallery.cost, 2);
    expect(r.cost).toBe(LAND_USES.gallery.cost);
    expect(r.events.some((e) => e.type === "built")).toBe(true);
  });
  it("refuses out_of_bounds, not_your_tile, tile_water, tile_occupied, insufficient_budget", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    refused(s, { type: "placeAnchor", x: 30, y: 0, anchor: "museum" }, as(d), "out_of_bounds");
    refused(s, { type: "placeAnchor", ...at(s, otherTile(s, d)), anchor: "museum" }, as(d), "not_your_tile");
    refused(s, { type: "placeAnchor", ...at(s, waterTile(s)), anchor: "museum" }, as(d), "tile_water");
    refused(
      s,
      { type: "placeAnchor", ...at(s, tilesOf(s, d, ["housing"])[0]), anchor: "museum" },
      as(d),
      "tile_occupied",
    );
    refused(
      withBudget(s, d, 5),
      { type: "placeAnchor", ...at(s, tilesOf(s, d, ["derelict"])[0]), anchor: "museum" },
      as(d),
      "insufficient_budget",
    );
  });
});

describe("convertFactory", () => {
  it("turns a derelict factory into a studio; an active factory costs jobs too", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    const der = tilesOf(s, d, ["derelict"])[0];
    const fac = tilesOf(s, d, ["factory"])[0];
    const a = ok(s, { type: "convertFactory", ...at(s, der), to: "studio" }, as(d));
    const b = ok(s, { type: "convertFactory", ...at(s, fac), to: "studio" }, as(d));
    expect(a.state.tiles[der].use).toBe("studio");
    expect(a.state.tiles[der].converted).toBe(true);
    expect(b.cost).toBeGreaterThan(a.cost);
  });
  it("refuses not_a_factory, insufficient_budget and the tile errors", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    refused(
      s,
      { type: "convertFactory", ...at(s, tilesOf(s, d, ["housing"])[0]), to: "studio" },
      as(d),
      "not_a_factory",
    );
    refused(
      withBudget(s, d, 1),
      { type: "convertFactory", ...at(s, tilesOf(s, d, ["derelict"])[0]), to: "incubator" },
      as(d),
      "insufficient_budget",
    );
    refused(s, { type: "convertFactory", ...at(s, otherTile(s, d)), to: "studio" }, as(d), "not_your_tile");
  });
});

describe("build", () => {
  it("builds a community use on empty land", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    const i = tilesOf(s, d, ["empty"])[0];
    const r = ok(s, { type: "build", ...at(s, i), use: "park" }, as(d));
    expect(r.state.tiles[i].use).toBe("park");
    expect(s.tiles[i].use).toBe("empty");
  });
  it("refuses tile_occupied and insufficient_budget", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    refused(
      s,
      { type: "build", ...at(s, tilesOf(s, d, ["derelict"])[0]), use: "park" },
      as(d),
      "tile_occupied",
    );
    refused(
      withBudget(s, d, 0),
      { type: "build", ...at(s, tilesOf(s, d, ["empty"])[0]), use: "commerce" },
      as(d),
      "insufficient_budget",
    );
  });
});

describe("demolish", () => {
  it("clears a tile with a partial refund, evicting its creatives to move at resolution", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    const i = tilesOf(s, d, ["housing"]).find((k) => s.tiles[k].creatives > 0)!;
    const r = ok(s, { type: "demolish", ...at(s, i) }, as(d));
    expect(r.state.tiles[i].use).toBe("empty");
    expect(r.state.tiles[i].creatives).toBe(0);
    expect(r.state.evicted).toEqual([{ tile: i, count: s.tiles[i].creatives }]);
    expect(r.state.districts[d].budget).toBeGreaterThan(s.districts[d].budget);
  });
  it("refuses nothing_to_demolish and heritage_protected", () => {
    let s = base();
    const d = districtOf(s, "industrial");
    refused(s, { type: "demolish", ...at(s, tilesOf(s, d, ["empty"])[0]) }, as(d), "nothing_to_demolish");
    const heritage = s.tiles.findIndex((t) => t.use === "heritage" && t.district >= 0);
    const hd = s.tiles[heritage].district;
    s = must(s, { type: "setPolicy", policy: "heritageProtection", enabled: true }, as(hd));
    refused(s, { type: "demolish", ...at(s, heritage) }, as(hd), "heritage_protected");
  });
});

describe("forgeLink and cutLink", () => {
  function campus() {
    let s = base();
    const d = districtOf(s, "industrial");
    const [a, b, c, e, f] = tilesOf(s, d, ["derelict", "factory"]);
    s = must(s, { type: "placeAnchor", ...at(s, a), anchor: "incubator" }, as(d));
    for (const k of [b, c, e, f]) s = must(s, { type: "convertFactory", ...at(s, k), to: "studio" }, as(d));
    return { s, d, inc: a, studios: [b, c, e, f] };
  }
  it("links an incubator to a studio for a cost by length, and cuts it again", () => {
    const { s, d, inc, studios } = campus();
    const r = ok(
      s,
      { type: "forgeLink", from: at(s, inc), to: at(s, studios[0]), kind: "incubation" },
      as(d),
    );
    expect(r.state.links).toHaveLength(1);
    expect(r.cost).toBeGreaterThan(0);
    const id = r.state.links[0].id;
    const c = ok(r.state, { type: "cutLink", link: id }, as(d));
    expect(c.state.links).toHaveLength(0);
  });
  it("refuses link_endpoints, link_same_tile, link_exists, link_capacity, tile_water, out_of_bounds", () => {
    const { s, d, inc, studios } = campus();
    refused(
      s,
      { type: "forgeLink", from: at(s, studios[0]), to: at(s, studios[1]), kind: "research" },
      as(d),
      "link_endpoints",
    );
    refused(
      s,
      { type: "forgeLink", from: at(s, inc), to: at(s, inc), kind: "incubation" },
      as(d),
      "link_same_tile",
    );
    refused(
      s,
      { type: "forgeLink", from: at(s, inc), to: at(s, waterTile(s)), kind: "incubation" },
      as(d),
      "tile_water",
    );
    refused(
      s,
      { type: "forgeLink", from: at(s, inc), to: { x: 40, y: 1 }, kind: "incubation" },
      as(d),
      "out_of_bounds",
    );
    const once = must(
      s,
      { type: "forgeLink", from: at(s, inc), to: at(s, studios[0]), kind: "incubation" },
      as(d),
    );
    refused(
      once,
      { type: "forgeLink", from: at(s, inc), to: at(s, studios[0]), kind: "incubation" },
      as(d),
      "link_exists",
    );
    // A studio holds 4 links: incubation (above), a global link, then value-add links to factories.
    const gateway = s.tiles.findIndex((t) => t.use === "gateway");
    let full = must(
      once,
      { type: "forgeLink", from: at(s, studios[0]), to: at(s, gateway), kind: "global" },
      as(d),
    );
    for (const f of tilesOf(full, d, ["factory"])) {
      if (full.links.filter((l) => l.a === studios[0] || l.b === studios[0]).length >= LAND_USES.studio.links)
        break;
      full = must(
        full,
        { type: "forgeLink", from: at(s, studios[0]), to: at(s, f), kind: "valueAdd" },
        as(d),
      );
    }
    expect(full.links.filter((l) => l.a === studios[0] || l.b === studios[0]).length).toBe(
      LAND_USES.studio.links,
    );
    const museum = tilesOf(full, d, ["empty", "derelict"])[0];
    const withMuseum = must(full, { type: "placeAnchor", ...at(s, museum), anchor: "museum" }, as(d));
    refused(
      withMuseum,
      { type: "forgeLink", from: at(s, museum), to: at(s, studios[0]), kind: "heritage" },
      as(d),
      "link_capacity",
    );
  });
  it("refuses insufficient_budget, no_such_link and not_link_owner", () => {
    const { s, d, inc, studios } = campus();
    refused(
      withBudget(s, d, 1),
      { type: "forgeLink", from: at(s, inc), to: at(s, studios[0]), kind: "incubation" },
      as(d),
      "insufficient_budget",
    );
    refused(s, { type: "cutLink", link: 999 }, as(d), "no_such_link");
    const linked = must(
      s,
      { type: "forgeLink", from: at(s, inc), to: at(s, studios[0]), kind: "incubation" },
      as(d),
    );
    const other = (d + 1) % s.districts.length;
    refused(linked, { type: "cutLink", link: linked.links[0].id }, as(other), "not_link_owner");
  });
  it("a link into another district becomes a proposal that the other district accepts", () => {
    let s = base();
    const d = districtOf(s, "university");
    const uni = tilesOf(s, d, ["university"])[0];
    const ind = districtOf(s, "industrial");
    const der = tilesOf(s, ind, ["derelict"])[0];
    s = must(s, { type: "convertFactory", ...at(s, der), to: "studio" }, as(ind));
    const p = ok(s, { type: "forgeLink", from: at(s, uni), to: at(s, der), kind: "research" }, as(d));
    expect(p.state.links).toHaveLength(0);
    expect(p.state.proposals).toHaveLength(1);
    expect(p.cost).toBe(0);
    refused(
      p.state,
      { type: "respondProposal", proposal: p.state.proposals[0].id, accept: true },
      as(d),
      "not_proposal_target",
    );
    const acc = ok(
      p.state,
      { type: "respondProposal", proposal: p.state.proposals[0].id, accept: true },
      as(ind),
    );
    expect(acc.state.links).toHaveLength(1);
    expect(acc.state.links[0].owner).toBe(d);
    expect(acc.state.proposals).toHaveLength(0);
    expect(acc.state.districts[d].budget).toBeLessThan(s.districts[d].budget);
  });
});

describe("setPolicy, protectSpace and voteCityPolicy", () => {
  it("toggles a district policy; affordable studios protect the district's studios", () => {
    let s = base();
    const d = districtOf(s, "industrial");
    const i = tilesOf(s, d, ["derelict"])[0];
    s = must(s, { type: "convertFactory", ...at(s, i), to: "studio" }, as(d));
    const r = ok(s, { type: "setPolicy", policy: "affordableStudios", enabled: true }, as(d));
    expect(r.state.districts[d].policies.affordableStudios).toBe(true);
    expect(r.state.tiles[i].protected).toBe(true);
    refused(
      r.state,
      { type: "setPolicy", policy: "affordableStudios", enabled: true },
      as(d),
      "policy_unchanged",
    );
  });
  it("protects chosen spaces only where it makes sense", () => {
    const s = base();
    const d = districtOf(s, "industrial");
    const h = tilesOf(s, d, ["housing"])[0];
    const r = ok(s, { type: "protectSpace", ...at(s, h), protect: true }, as(d));
    expect(r.state.tiles[h].protected).toBe(true);
    refused(r.state, { type: "protectSpace", ...at(s, h), protect: true }, as(d), "policy_unchanged");
    refused(
      s,
      { type: "protectSpace", ...at(s, tilesOf(s, d, ["empty"])[0]), protect: true },
      as(d),
      "not_protectable",
    );
  });
  it("affordable studios also cover studios and incubators made after it was switched on", () => {
    // Issue 10: switched on before converting, the policy used to protect none of the new studios.
    let s = base();
    const d = districtOf(s, "industrial");
    s = must(s, { type: "setPolicy", policy: "affordableStudios", enabled: true }, as(d));
    const [a, b] = tilesOf(s, d, ["derelict"]);
    s = must(s, { type: "convertFactory", ...at(s, a), to: "studio" }, as(d));
    s = must(s, { type: "convertFactory", ...at(s, b), to: "incubator" }, as(d));
    expect(s.tiles[a].protected).toBe(true);
    expect(s.tiles[b].protected).toBe(true);
    // Housing is not workspace: converting to it stays unprotected.
    const c = tilesOf(s, d, ["derelict", "factory"])[0];
    s = must(s, { type: "convertFactory", ...at(s, c), to: "housing" }, as(d));
    expect(s.tiles[c].protected).toBe(false);
    // Without the policy a new studio is not protected.
    const other = base();
    const o = tilesOf(other, d, ["derelict"])[0];
    expect(
      must(other, { type: "convertFactory", ...at(other, o), to: "studio" }, as(d)).tiles[o].protected,
    ).toBe(false);
  });
  it("a district in debt may not switch a policy or a protection on, but may switch them off", () => {
    let s = base();
    const d = districtOf(s, "industrial");
    const h = tilesOf(s, d, ["housing"])[0];
    s = must(s, { type: "setPolicy", policy: "festival", enabled: true }, as(d));
    s = must(s, { type: "protectSpace", ...at(s, h), protect: true }, as(d));
    const broke: GameState = {
      ...s,
      districts: s.districts.map((x) => (x.id === d ? { ...x, budget: -5 } : x)),
    };
    refused(broke, { type: "setPolicy", policy: "talent", enabled: true }, as(d), "in_debt");
    const h2 = tilesOf(s, d, ["housing"])[1];
    refused(broke, { type: "protectSpace", ...at(s, h2), protect: true }, as(d), "in_debt");
    ok(broke, { type: "setPolicy", policy: "festival", enabled: false }, as(d));
    ok(broke, { type: "protectSpace", ...at(s, h), protect: false }, as(d));
  });
  it("enables a city policy when a majority of districts vote for it", () => {
    let s = base();
    s = must(s, { type: "voteCityPolicy", policy: "ipProtection", vote: true }, as(0));
    s = must(s, { type: "voteCityPolicy", policy: "ipProtection", vote: true }, as(1));
    expect(s.cityPolicies.ipProtection).toBe(false); // 2 of 4 is not a majority
    const r = ok(s, { type: "voteCityPolicy", policy: "ipProtection", vote: true }, as(2));
    expect(r.state.cityPolicies.ipProtection).toBe(true);
    expect(r.events.some((e) => e.type === "cityPolicy")).toBe(true);
    refused(
      r.state,
      { type: "voteCityPolicy", policy: "ipProtection", vote: true },
      as(2),
      "policy_unchanged",
    );
  });
});

describe("deals", () => {
  it("a budget transfer is proposed, then accepted or declined", () => {
    const s = base();
    const p = ok(s, { type: "proposeDeal", to: 1, amount: 25 }, as(0));
    const id = p.state.proposals[0].id;
    const acc = ok(p.state, { type: "respondProposal", proposal: id, accept: true }, as(1));
    expect(acc.state.districts[0].budget).toBeCloseTo(s.districts[0].budget - 25, 2);
    expect(acc.state.districts[1].budget).toBeCloseTo(s.districts[1].budget + 25, 2);
    const dec = ok(p.state, { type: "respondProposal", proposal: id, accept: false }, as(1));
    expect(dec.state.districts[0].budget).toBe(s.districts[0].budget);
    expect(dec.state.proposals).toHaveLength(0);
    const ask = ok(s, { type: "proposeDeal", to: 1, amount: -10 }, as(0));
    const paid = ok(
      ask.state,
      { type: "respondProposal", proposal: ask.state.proposals[0].id, accept: true },
      as(1),
    );
    expect(paid.state.districts[0].budget).toBeCloseTo(s.districts[0].budget + 10, 2);
  });
  it("refuses no_such_district, deal_self, deal_amount, insufficient_budget, too_many_proposals, no_such_proposal", () => {
    const s = base();
    refused(s, { type: "proposeDeal", to: 7, amount: 5 }, as(0), "no_such_district");
    refused(s, { type: "proposeDeal", to: 0, amount: 5 }, as(0), "deal_self");
    refused(s, { type: "proposeDeal", to: 1, amount: 0 }, as(0), "deal_amount");
    refused(s, { type: "proposeDeal", to: 1, amount: 999 }, as(0), "insufficient_budget");
    let many = s;
    for (let k = 0; k < 12; k++) many = must(many, { type: "proposeDeal", to: 1, amount: 1 }, as(0));
    refused(many, { type: "proposeDeal", to: 1, amount: 1 }, as(0), "too_many_proposals");
    refused(s, { type: "respondProposal", proposal: 42, accept: true }, as(1), "no_such_proposal");
    // Accepting a transfer the payer can no longer afford is refused and changes nothing.
    const p = must(s, { type: "proposeDeal", to: 1, amount: -50 }, as(0));
    refused(
      withBudget(p, 1, 10),
      { type: "respondProposal", proposal: p.proposals[0].id, accept: true },
      as(1),
      "insufficient_budget",
    );
  });
});

describe("decreeCityPolicy (the mayor: host)", () => {
  it("sets a city policy at once; districts cannot decree; an unchanged policy is refused", () => {
    const s = base();
    refused(s, { type: "decreeCityPolicy", policy: "ipProtection", enabled: true }, as(0), "host_only");
    const r = ok(s, { type: "decreeCityPolicy", policy: "ipProtection", enabled: true }, { kind: "host" });
    expect(r.state.cityPolicies.ipProtection).toBe(true);
    expect(r.events).toEqual([{ type: "cityPolicy", year: 0, policy: "ipProtection", enabled: true }]);
    refused(
      r.state,
      { type: "decreeCityPolicy", policy: "ipProtection", enabled: true },
      { kind: "host" },
      "policy_unchanged",
    );
  });
  it("holds until the districts' vote changes its majority", () => {
    let s = ok(
      base(),
      { type: "decreeCityPolicy", policy: "ipProtection", enabled: true },
      { kind: "host" },
    ).state;
    const n = s.districts.length;
    // A vote against, still a minority either way: the decree holds.
    s = ok(s, { type: "voteCityPolicy", policy: "ipProtection", vote: false }, as(0)).state;
    expect(s.cityPolicies.ipProtection).toBe(true);
    // Votes for it, up to a majority, then one against that breaks the majority: the vote decides.
    for (let d = 1; d <= Math.floor(n / 2) + 1; d++)
      s = ok(s, { type: "voteCityPolicy", policy: "ipProtection", vote: true }, as(d)).state;
    expect(s.cityPolicies.ipProtection).toBe(true);
    s = ok(s, { type: "voteCityPolicy", policy: "ipProtection", vote: false }, as(1)).state;
    s = ok(s, { type: "voteCityPolicy", policy: "ipProtection", vote: false }, as(2)).state;
    expect(s.districts.filter((d) => d.votes.ipProtection === true).length * 2 > n).toBe(false);
    expect(s.cityPolicies.ipProtection).toBe(false);
  });
});

describe("injectEvent (host)", () => {
  it("queues a city event for the next resolution, at most three", () => {
    let s = base();
    for (const e of ["boom", "festival", "recession"] as const)
      s = ok(s, { type: "injectEvent", event: e }, { kind: "host" }).state;
    expect(s.queuedEvents).toEqual(["boom", "festival", "recession"]);
    refused(s, { type: "injectEvent", event: "boom" }, { kind: "host" }, "event_queue_full");
  });
  it("every queued event happens at the next resolution, and the queue empties", () => {
    let s = base();
    s = ok(s, { type: "injectEvent", event: "recession" }, { kind: "host" }).state;
    s = ok(s, { type: "injectEvent", event: "mediaGiant" }, { kind: "host" }).state;
    const media = s.tiles.filter((t) => t.use === "media").length;
    const r = resolveYear(s);
    const happened = r.events.flatMap((e) => (e.type === "cityEvent" ? [e.event] : []));
    expect(happened).toEqual(["recession", "mediaGiant"]);
    expect(r.state.queuedEvents).toEqual([]);
    expect(r.state.market.event).toBe("recession");
    expect(r.state.tiles.filter((t) => t.use === "media").length).toBe(media + 1);
  });
});

describe("error codes", () => {
  it("every error code is exercised by a test above", () => {
    expect([...ERROR_CODES].filter((c) => !seen.has(c))).toEqual([]);
  });
});
