// Property test: random action sequences (legal and illegal) on random seeds and scenarios, with the
// invariants checked after every action and every year.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ANCHOR_KINDS,
  type Action,
  type Actor,
  applyAction,
  BUILDABLE,
  CITY_EVENTS,
  CITY_POLICY_KINDS,
  CONVERSIONS,
  createGame,
  DISTRICT_POLICY_KINDS,
  type GameState,
  LAND_USE_KINDS,
  LAND_USES,
  LINK_KINDS,
  linkStillValid,
  resolveYear,
  SCENARIOS,
  tileXY,
} from "../../shared/index.js";

const pick = <T>(xs: readonly T[], k: number): T => xs[Math.abs(k) % xs.length];

/** An intent of integers, turned into a concrete action against the current state: mostly aimed at
 * the actor's own tiles (so many are legal), sometimes anywhere (so many are not). */
type Intent = [kind: number, actor: number, a: number, b: number, c: number, wild: boolean];

function toAction(s: GameState, [kind, actorN, a, b, c, wild]: Intent): { action: Action; actor: Actor } {
  const host = actorN % 17 === 0;
  const d = Math.abs(actorN) % (s.districts.length + (wild ? 1 : 0));
  const actor: Actor = host ? { kind: "host" } : { kind: "district", district: d };
  const own = s.tiles.flatMap((t, i) => (t.district === d ? [i] : []));
  const tile = (k: number) => (wild || own.length === 0 ? Math.abs(k) % s.tiles.length : pick(own, k));
  const xy = (k: number) => tileXY(s, tile(k));
  const any = (k: number) => tileXY(s, Math.abs(k) % s.tiles.length);
  switch (Math.abs(kind) % 12) {
    case 0:
      return { actor, action: { type: "placeAnchor", ...xy(a), anchor: pick(ANCHOR_KINDS, b) } };
    case 1:
      return { actor, action: { type: "convertFactory", ...xy(a), to: pick(CONVERSIONS, b) } };
    case 2:
      return { actor, action: { type: "build", ...xy(a), use: pick(BUILDABLE, b) } };
    case 3:
      return { actor, action: { type: "demolish", ...xy(a) } };
    case 4:
      return {
        actor,
        action: {
          type: "forgeLink",
          from: xy(a),
          to: c % 3 === 0 ? any(b) : xy(b),
          kind: pick(LINK_KINDS, c),
        },
      };
    case 5:
      return {
        actor,
        action: {
          type: "cutLink",
          link: s.links.length && !wild ? pick(s.links, a).id : 1 + (Math.abs(a) % 50),
        },
      };
    case 6:
      return {
        actor,
        action: { type: "setPolicy", policy: pick(DISTRICT_POLICY_KINDS, a), enabled: b % 2 === 0 },
      };
    case 7:
      return { actor, action: { type: "protectSpace", ...xy(a), protect: b % 2 === 0 } };
    case 8:
      return {
        actor,
        action: { type: "voteCityPolicy", policy: pick(CITY_POLICY_KINDS, a), vote: b % 2 === 0 },
      };
    case 9:
      return { actor, action: { type: "proposeDeal", to: Math.abs(a) % 12, amount: (b % 80) - 20 } };
    case 10:
      return {
        actor: { kind: "district", district: s.proposals.length ? pick(s.proposals, a).to : d },
        action: {
          type: "respondProposal",
          proposal: s.proposals.length ? pick(s.proposals, a).id : 1 + (Math.abs(a) % 9),
          accept: b % 3 !== 0,
        },
      };
    case 11:
      if (b % 2 === 0)
        return {
          actor,
          action: { type: "decreeCityPolicy", policy: pick(CITY_POLICY_KINDS, a), enabled: b % 4 === 0 },
        };
      return { actor, action: { type: "injectEvent", event: pick(CITY_EVENTS, a) } };
    default:
      return { actor, action: { type: "injectEvent", event: pick(CITY_EVENTS, a) } };
  }
}

function checkInvariants(s: GameState, where: string) {
  const fail = (msg: string) => {
    throw new Error(`${where}: ${msg}`);
  };
  let present = 0;
  const degree = new Map<number, number>();
  for (const l of s.links) {
    degree.set(l.a, (degree.get(l.a) ?? 0) + 1);
    degree.set(l.b, (degree.get(l.b) ?? 0) + 1);
  }
  s.tiles.forEach((t, i) => {
    if (!LAND_USE_KINDS.includes(t.use)) fail(`tile ${i} has unknown use ${t.use}`);
    if (t.terrain === "water" && (t.use !== "empty" || t.district !== -1)) fail(`water tile ${i} is used`);
    for (const [k, v] of Object.entries({
      rent: t.rent,
      creatives: t.creatives,
      buzz: t.buzz,
      heritage: t.heritage,
      pay: t.pay,
    })) {
      if (!Number.isFinite(v) || v < 0) fail(`tile ${i} ${k}=${v}`);
    }
    if (!Number.isInteger(t.creatives)) fail(`tile ${i} has fractional creatives`);
    // The wire carries rent as uint16 cents and buzz and heritage as uint16 thousandths.
    if (t.rent > 200 || t.buzz > 1 || t.heritage > 1)
      fail(`tile ${i} out of wire range: ${t.rent} ${t.buzz} ${t.heritage}`);
    if (t.creatives > LAND_USES[t.use].creatives) fail(`tile ${i} over capacity: ${t.creatives}`);
    const firms = t.firms.reduce((a, b) => a + b, 0);
    if (t.firms.some((f) => !Number.isInteger(f) || f < 0)) fail(`tile ${i} firms ${t.firms}`);
    if (firms > LAND_USES[t.use].firms) fail(`tile ${i} has ${firms} firms over capacity`);
    if ((degree.get(i) ?? 0) > LAND_USES[t.use].links) fail(`tile ${i} has too many links`);
    present += t.creatives;
  });
  for (const d of s.districts) {
    if (!Number.isFinite(d.budget)) fail(`district ${d.id} budget ${d.budget}`);
    const ledger = d.ledger.start + d.ledger.credits - d.ledger.debits;
    if (Math.abs(ledger - d.budget) > 0.05) fail(`district ${d.id} budget ${d.budget} != ledger ${ledger}`);
    if (d.displacedTotal < 0 || !Number.isFinite(d.distinctiveness)) fail(`district ${d.id} counters`);
  }
  const pending = s.evicted.reduce((a, e) => a + e.count, 0);
  const { initial, arrived, left } = s.creativesLedger;
  if (present + pending + left !== initial + arrived) {
    fail(`creatives not conserved: ${present} + ${pending} + ${left} != ${initial} + ${arrived}`);
  }
  const ids = new Set<number>();
  for (const l of s.links) {
    if (ids.has(l.id)) fail(`duplicate link id ${l.id}`);
    ids.add(l.id);
    if (!s.tiles[l.a] || !s.tiles[l.b]) fail(`link ${l.id} points off the map`);
    if (!linkStillValid(s, l)) fail(`link ${l.id} points at a dead entity`);
    if (l.owner < 0 || l.owner >= s.districts.length) fail(`link ${l.id} owner`);
    if (l.id >= s.nextId) fail(`link id ${l.id} >= nextId`);
  }
  for (const p of s.proposals) {
    if (p.from === p.to || p.to >= s.districts.length || p.from >= s.districts.length)
      fail(`proposal ${p.id} districts`);
  }
}

describe("random play keeps the invariants", () => {
  it("holds over 1,000 random action sequences on random seeds", () => {
    let actions = 0;
    let accepted = 0;
    let years = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: SCENARIOS.length - 1 }),
        fc.integer({ min: 2, max: 5 }),
        fc.array(
          fc.oneof(
            {
              weight: 12,
              arbitrary: fc.tuple(
                fc.integer(),
                fc.integer(),
                fc.integer(),
                fc.integer(),
                fc.integer(),
                fc.boolean(),
              ),
            },
            { weight: 1, arbitrary: fc.constant("year" as const) },
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (seed, sc, districts, steps) => {
          let s = createGame(SCENARIOS[sc], { seed, size: 16, districts });
          checkInvariants(s, "start");
          for (const step of steps) {
            if (step === "year") {
              if (s.year >= s.years) continue;
              s = resolveYear(s).state;
              years++;
              checkInvariants(s, `after year ${s.year}`);
              continue;
            }
            const { action, actor } = toAction(s, step as Intent);
            const r = applyAction(s, action, actor);
            actions++;
            if (r.ok) {
              accepted++;
              s = r.state;
            }
            checkInvariants(s, `after ${action.type}`);
          }
          // End every sequence with two years so actions meet resolution.
          for (let k = 0; k < 2 && s.year < s.years; k++) {
            s = resolveYear(s).state;
            years++;
            checkInvariants(s, `after final year ${s.year}`);
          }
        },
      ),
      { numRuns: 1000, seed: 20261124 },
    );
    // The generator must reach both branches: many legal and many illegal actions.
    expect(accepted).toBeGreaterThan(actions * 0.15);
    expect(actions - accepted).toBeGreaterThan(actions * 0.15);
    expect(years).toBeGreaterThan(2000);
  });
});
