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
      "6b591fc3adc3b2fa/2c6c9974368fb1d5",
      "585d5b4f35128703/294341ef0932675d",
      "7bc5e88dffc699c6/43cc75644c050225",
      "1f05686af4d530b0/eaa1eca04a52db0e",
      "4d227c85f1faec96/4beb1ac5d51fac8b",
      "2318f272a51ccc9a/cbddcb2736576943",
      "54cba01515b397f0/321ea229ad2ca47c",
      "5736d731db63d0c2/076c077a2fa1c05f",
      "99083218ca02af19/11dcfe7cf071f989",
      "33d91a2026ec9dad/58d2d29c95dff397",
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
      "74452babe2bae052/380679048458b6b0",
      "a8eb50711145341b/0800a1cdf4814257",
      "c95ab9c76075923c/9a62cc651d3a4819",
      "a39bf1463e227ca9/c16fba8776221c87",
      "6f702b7b55dcffda/33a1a76825c80c10",
      "c361c614f0d1ff1e/9c9f742660a3216a",
      "90dac43fd3587d39/5ee7b8d27748de84",
      "c2c9217724ff536f/2965f69155d16687",
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
      "228838551639d0ee/1ca03bd904a72fc2",
      "1252eca89c16bb6c/be564b6f4c6cb613",
      "7ea9bbbdc225addb/f1ff9436032df74a",
      "8e3631d2af61e2cc/b8fe761d0b65ea25",
      "648c8734eef9c297/382144ae8d7ea6d7",
      "62ea6583d89b915d/b975912071ab5b77",
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
      "8dfc816452ccd1cd/0816207c2fc46542",
      "2404f1583f5b04e1/e6ef28a3597be0e8",
      "fbb55e8dc4447615/e435327e1e7095d2",
      "3f0f2a08134656cc/0912bc058d31789f",
      "41b3920922d61ad4/e2cc1dda96952e21",
      "73793fd9eb79d200/2e08466410e9d9c2",
      "cfdfad93a0c0f606/998213426e4ee7a3",
      "231147e8cd9e747a/04a752993a132ea5",
      "fd1fcc728e9ef934/806c195ac59826d7",
      "ea1f9fecd292e542/4c08d49b97b5ee01",
      "4d7f4e7a20492e6d/f2885767252cdf1b",
      "08da4faf7e0014b7/61a8e8b8b1af0a92",
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
      "76caa6367be6a8f3/186c13596a49bd05",
      "78b6baba5610edb2/de10dcdf6d032340",
      "bb64bf860d95e7c2/0fb1241b4926349c",
      "7cd399385450b944/2718d0610c4d2719",
      "c59a585acd93ee6f/97b5fcb61e600b4c",
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
      "f7fb216eea8c2ad6/1e00cc0818ed2537",
      "6d52aecd1333a9d3/35f0546e6a7cfab2",
      "7199c2960d17ede0/150af33d938bf463",
      "1ca7ff82c0079f9f/f43d2fc679da848c",
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
