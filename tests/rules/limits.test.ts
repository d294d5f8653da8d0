// The room's size limits live in shared/limits.ts: the settings, action and scenario schemas, the
// rules' city generator and the server's seating all follow them (a lecture hall: 128×128, 40
// districts, teams of 10).
import { describe, expect, it } from "vitest";
import { autoSeat, type Seated } from "../../server/seating.js";
import {
  ActionSchema,
  createGame,
  DISTRICTS_MAX,
  LECTURE_HALL,
  MAP_SIZE_MAX,
  MAP_SIZES,
  parseScenario,
  ROOM_CLIENTS_MAX,
  SCENARIOS,
  scenarioById,
  SEATS_MAX,
  TEAM_SIZE_MAX,
} from "../../shared/index.js";
import { RoomSettingsSchema } from "../../shared/protocol.js";

describe("limits", () => {
  it("are those of a lecture hall at most", () => {
    expect(MAP_SIZE_MAX).toBe(128);
    expect(DISTRICTS_MAX).toBe(40);
    expect(TEAM_SIZE_MAX).toBe(10);
    expect(MAP_SIZES.at(-1)).toBe(MAP_SIZE_MAX);
    expect(LECTURE_HALL).toEqual({ size: MAP_SIZE_MAX, districts: DISTRICTS_MAX, teamSize: TEAM_SIZE_MAX });
    expect(ROOM_CLIENTS_MAX).toBeGreaterThan(SEATS_MAX);
  });

  it("bound the room settings", () => {
    const ok = RoomSettingsSchema.safeParse({ scenario: "steel-town", ...LECTURE_HALL });
    expect(ok.success).toBe(true);
    for (const bad of [{ size: 129 }, { size: 100 }, { districts: 41 }, { districts: 1 }, { teamSize: 11 }]) {
      expect(RoomSettingsSchema.safeParse({ scenario: "steel-town", ...bad }).success).toBe(false);
    }
  });

  it("bound action coordinates and deal partners by the largest city", () => {
    const at = (x: number) => ActionSchema.safeParse({ type: "demolish", x, y: 0 }).success;
    expect(at(MAP_SIZE_MAX - 1)).toBe(true);
    expect(at(MAP_SIZE_MAX)).toBe(false);
    const deal = (to: number) => ActionSchema.safeParse({ type: "proposeDeal", to, amount: 5 }).success;
    expect(deal(DISTRICTS_MAX - 1)).toBe(true);
    expect(deal(DISTRICTS_MAX)).toBe(false);
  });

  it("let a scenario file ask for the largest city", () => {
    const data = JSON.parse(JSON.stringify(SCENARIOS[0]));
    const r = parseScenario(JSON.stringify({ ...data, id: "hall", size: 128, districts: 40 }));
    expect(r.ok).toBe(true);
    const over = parseScenario(JSON.stringify({ ...data, id: "hall", size: 129 }));
    expect(over.ok).toBe(false);
  });

  it("make a 128×128 city of 40 districts, each with land", () => {
    const s = createGame(scenarioById("steel-town")!, { seed: 3, ...LECTURE_HALL });
    expect(s.width).toBe(128);
    expect(s.tiles.length).toBe(128 * 128);
    expect(s.districts.length).toBe(40);
    const tilesBy = new Array(40).fill(0);
    for (const t of s.tiles) if (t.district >= 0) tilesBy[t.district]++;
    expect(Math.min(...tilesBy)).toBeGreaterThan(100);
  });

  it("seat 40 teams of 10, evenly, then no more", () => {
    const seated: Seated[] = [];
    for (let k = 0; k < SEATS_MAX; k++) {
      const d = autoSeat(seated, DISTRICTS_MAX, TEAM_SIZE_MAX);
      // Teams fill evenly: the k-th student goes to district k mod 40.
      expect(d).toBe(k % DISTRICTS_MAX);
      seated.push({ district: d, isProjector: false, isBot: false });
    }
    expect(autoSeat(seated, DISTRICTS_MAX, TEAM_SIZE_MAX)).toBe(-1);
  });
});
