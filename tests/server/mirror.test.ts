// Round trip of the plain mirror layout the Colyseus Schema holds: fromMirror(toMirror(s)) keeps
// everything the client needs for previews.
import { describe, expect, it } from "vitest";
import { applyAction, createGame, resolveYear, SCENARIOS, scenarioById } from "../../shared/index.js";
import { CHUNK_SIZE, chunkOf, fromMirror, toMirror } from "../../shared/mirror.js";
import type { GameState } from "../../shared/state.js";

function playedState(scenarioId: string, size: number): GameState {
  const scenario = scenarioById(scenarioId)!;
  let s = createGame(scenario, { seed: 7, size, districts: 4, years: 6 });
  const apply = (action: Parameters<typeof applyAction>[1], district: number) => {
    const r = applyAction(s, action, { kind: "district", district });
    if (r.ok) s = r.state;
  };
  apply({ type: "setPolicy", policy: "festival", enabled: true }, 0);
  apply({ type: "voteCityPolicy", policy: "ipProtection", vote: true }, 1);
  apply({ type: "voteCityPolicy", policy: "placeMarketing", vote: false }, 2);
  s = resolveYear(s).state;
  apply({ type: "proposeDeal", to: 2, amount: 5 }, 1);
  // A link and a link proposal written directly: the mirror does not judge validity.
  s = {
    ...s,
    links: [
      ...s.links,
      { id: s.nextId, kind: s.links[0]?.kind ?? "research", a: 3, b: 40, owner: 0, year: 1 },
    ],
    proposals: [
      ...s.proposals,
      { id: s.nextId + 1, kind: "link", from: 0, to: 3, link: { kind: "research", a: 5, b: 70 }, year: 1 },
    ],
    nextId: s.nextId + 2,
  } as GameState;
  return s;
}

describe("mirror", () => {
  for (const [scenario, size] of [
    [SCENARIOS[0].id, 24],
    [SCENARIOS[1 % SCENARIOS.length].id, 32],
    [SCENARIOS[2 % SCENARIOS.length].id, 48],
  ] as const) {
    it(`round-trips ${scenario} at ${size}×${size}`, () => {
      const s = playedState(scenario, size);
      const m = toMirror(s);
      const back = fromMirror(JSON.parse(JSON.stringify(m)));
      expect(back.tiles).toEqual(s.tiles);
      expect(back.districts).toEqual(s.districts);
      expect(back.links).toEqual(s.links);
      expect(back.proposals).toEqual(s.proposals);
      expect(back.proposals.length).toBeGreaterThanOrEqual(2);
      expect(back.year).toBe(s.year);
      expect(back.years).toBe(s.years);
      expect(back.cityPolicies).toEqual(s.cityPolicies);
      expect(back.nextId).toBe(s.nextId);
      expect(back.market).toEqual(s.market);
      expect(back.goal).toEqual(s.goal);
      expect(back.goalProgress).toEqual(s.goalProgress);
      expect(back.rentPressure).toBe(s.rentPressure);
    });
  }

  it("chunks the map 16×16 in row-major order with clipped edges", () => {
    const s = playedState(SCENARIOS[0].id, 24);
    const m = toMirror(s);
    expect(m.chunks.map((c) => [c.cx, c.cy, c.w, c.h])).toEqual([
      [0, 0, 16, 16],
      [1, 0, 8, 16],
      [0, 1, 16, 8],
      [1, 1, 8, 8],
    ]);
    for (const i of [0, 15, 16, 23, 24 * 16, 24 * 24 - 1]) {
      const { chunk, inner } = chunkOf(24, 24, i);
      expect(m.chunks[chunk].tiles[inner].use).toBe(s.tiles[i].use);
      expect(m.chunks[chunk].tiles[inner].creatives).toBe(s.tiles[i].creatives);
    }
    expect(CHUNK_SIZE).toBe(16);
  });

  it("a mirrored state accepts the same actions as the original (previews)", () => {
    const s = playedState(SCENARIOS[0].id, 32);
    const back = fromMirror(toMirror(s));
    const action = { type: "setPolicy", policy: "talent", enabled: true } as const;
    const a = applyAction(s, action, { kind: "district", district: 1 });
    const b = applyAction(back, action, { kind: "district", district: 1 });
    expect(a.ok).toBe(b.ok);
    if (a.ok && b.ok) expect(b.state.districts).toEqual(a.state.districts);
  });
});
