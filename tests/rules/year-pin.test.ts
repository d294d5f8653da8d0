// Pins the exact outcome of resolveYear on seeded games (several scenarios, map sizes and years, with
// seeded actions between the years): the state hash after each year and the hash of each year's
// events. The figures were computed before the structure-of-arrays rewrite of resolveYear, so the
// rewrite provably resolves the same years. A deliberate change to the rules (a new lever, a retuned
// constant) changes them: recompute with `CQ_PRINT_PINS=1 npx vitest run tests/rules/year-pin.test.ts`
// and say so in the commit.
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
  LINK_KINDS,
  Rng,
  resolveYear,
  scenarioById,
  stateHash,
  tileXY,
} from "../../shared/index.js";

/** A seeded action: mostly a district's move on its own tiles, sometimes the host's. */
function seededAction(s: GameState, rng: Rng): { action: Action; actor: Actor } {
  const district = rng.int(s.districts.length);
  const actor: Actor = { kind: "district", district };
  const own: number[] = [];
  for (let i = 0; i < s.tiles.length; i++) if (s.tiles[i].district === district) own.push(i);
  const xy = () => tileXY(s, own[rng.int(own.length)]);
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
  switch (rng.int(11)) {
    case 0:
      return { actor, action: { type: "placeAnchor", ...xy(), anchor: pick(ANCHOR_KINDS) } };
    case 1:
    case 2:
      return { actor, action: { type: "convertFactory", ...xy(), to: pick(CONVERSIONS) } };
    case 3:
      return { actor, action: { type: "build", ...xy(), use: pick(BUILDABLE) } };
    case 4:
    case 5:
      return {
        actor,
        action: {
          type: "forgeLink",
          from: xy(),
          to: tileXY(s, rng.int(s.tiles.length)),
          kind: pick(LINK_KINDS),
        },
      };
    case 6:
      return {
        actor,
        action: { type: "setPolicy", policy: pick(DISTRICT_POLICY_KINDS), enabled: rng.next() < 0.7 },
      };
    case 7:
      return { actor, action: { type: "protectSpace", ...xy(), protect: rng.next() < 0.8 } };
    case 8:
      return {
        actor,
        action: { type: "voteCityPolicy", policy: pick(CITY_POLICY_KINDS), vote: rng.next() < 0.6 },
      };
    case 9:
      return rng.next() < 0.5
        ? { actor: { kind: "host" }, action: { type: "injectEvent", event: pick(CITY_EVENTS) } }
        : { actor, action: { type: "demolish", ...xy() } };
    default:
      return {
        actor,
        action: { type: "proposeDeal", to: rng.int(s.districts.length), amount: rng.int(40) - 20 },
      };
  }
}

interface Game {
  scenario: string;
  seed: number;
  size: number;
  districts: number;
  years: number;
  actionsPerYear: number;
}

/** Plays the game and returns, per year, the state hash and the hash of that year's events. */
function pins(g: Game): string[] {
  const sc = scenarioById(g.scenario);
  if (!sc) throw new Error(`no scenario ${g.scenario}`);
  let s = createGame(sc, { seed: g.seed, size: g.size, districts: g.districts, years: g.years });
  const rng = new Rng([g.seed, 17, 29, 31]);
  const out: string[] = [];
  for (let y = 0; y < g.years; y++) {
    for (let k = 0; k < g.actionsPerYear; k++) {
      const { action, actor } = seededAction(s, rng);
      const r = applyAction(s, action, actor);
      if (r.ok) s = r.state;
    }
    const before = stateHash(s);
    const r = resolveYear(s);
    // Pure: the year never changes the state it was given (tiles share parts between years).
    expect(stateHash(s)).toBe(before);
    s = r.state;
    out.push(`${stateHash(s)}/${stateHash(r.events)}`);
  }
  return out;
}

const GAMES: (Game & { expected: string[] })[] = [
  {
    scenario: "steel-town",
    seed: 7,
    size: 24,
    districts: 4,
    years: 10,
    actionsPerYear: 30,
    expected: [
      "79141fe5ce51be5c/2c6c9974368fb1d5",
      "f993b702ced547e0/125c098fb63693a5",
      "eec2b106ee963b59/dba0b1a018a2064c",
      "99e525f6f7aad194/cd9d40596c0ff851",
      "c964cf50f41ad0df/520cb6febaf0f0fc",
      "0378dffbec4650be/6fc3f69c0db1b4c6",
      "e8ef466372302436/c4fce889a4e5ce00",
      "29c78534b0f7e0ea/166db783be8a15af",
      "cc5b509e0d0dcab8/29e1419f086f4d02",
      "5e3c8494ca458695/80104de363a0baa3",
    ],
  },
  {
    scenario: "global-city",
    seed: 11,
    size: 32,
    districts: 6,
    years: 8,
    actionsPerYear: 40,
    expected: [
      "9c1741c0322a590a/380679048458b6b0",
      "4e2d4e57ed147dc0/0800a1cdf4814257",
      "cbfacef6fab78a69/9a62cc651d3a4819",
      "5b59e3973d522d20/4e9d4ad45a1232df",
      "874b0b613f0c0cc2/3e1e4fe8eb3bc85a",
      "0307b4b52924e9d0/42b569ca699dabda",
      "49a9e8f9a919d06d/e426fa39b5eacac6",
      "bd81abf6c373aab7/1147c9283fc92f47",
    ],
  },
  {
    scenario: "policy-park",
    seed: 3,
    size: 40,
    districts: 8,
    years: 6,
    actionsPerYear: 40,
    expected: [
      "83b3425129a6affe/8f56635007cfd66c",
      "e5b88dbb19f9f5c7/7c40012c70605651",
      "e14d9cc74d25b1dc/bd82f9cd55fb46e0",
      "d5cf3f65e144c439/4cc7812424a3b1ca",
      "24e3cd31194e3c42/5d29bccbc529eeb3",
      "7b96da024c7f9378/913051ab6dc66e26",
    ],
  },
  {
    scenario: "precinct",
    seed: 5,
    size: 16,
    districts: 2,
    years: 12,
    actionsPerYear: 20,
    expected: [
      "b7aa2db24e20823f/0816207c2fc46542",
      "2753d6cc1d52a330/e6ef28a3597be0e8",
      "76cdacdf45f00320/225a6d445bfa05b1",
      "aa952b62f5b664ae/c6d1d3bf9c3953ea",
      "a17d6779778e7ba3/8f40f14b1c013e8d",
      "0c729f085e5e60e3/66877fc4a5248eb3",
      "22ad55c8062045c3/b593c522bc5911ba",
      "311d0fc9fe26fe4f/27020c46d926e38a",
      "2d41e1c4e0917178/2f840df4b9707a6b",
      "b8a0e2a4c9571ca4/fbd804f6f6ae0a4a",
      "444dc0fe0d09c4c3/3085e4198b0b3a26",
      "2844bf1204b8a5f2/9f4edc4a2625dd93",
    ],
  },
  {
    scenario: "painters-village",
    seed: 99,
    size: 64,
    districts: 12,
    years: 5,
    actionsPerYear: 80,
    expected: [
      "072dfa7adaf0941d/988f89b2c3b48331",
      "30088ecb6cc69d16/3b2fc1e9d41ad4b6",
      "dcf31e22cdb7d098/1e0a6d67102b43c7",
      "f1fbb04bf42fe44f/f96aae9cebd041c4",
      "40a351ebe8432276/30b4fd7715fcfbc2",
    ],
  },
  {
    scenario: "steel-town",
    seed: 42,
    size: 64,
    districts: 12,
    years: 4,
    actionsPerYear: 60,
    expected: [
      "6922798215e87f55/d872465f6a457d58",
      "0a85ff92170a0bb3/87014ec5435e87bb",
      "2317fe8d0d014a46/43869874a6c79bfa",
      "db12b22d13f3d87f/83bceb4496f0a5ad",
    ],
  },
];

describe("resolveYear's outcome is pinned", () => {
  for (const g of GAMES) {
    it(`${g.scenario} ${g.size}×${g.size}, ${g.districts} districts, seed ${g.seed}, ${g.years} years`, () => {
      const got = pins(g);
      if (process.env.CQ_PRINT_PINS) console.log(JSON.stringify({ ...g, expected: got }));
      expect(got).toEqual(g.expected);
    });
  }
});
