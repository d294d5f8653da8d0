// The Schema writer (server/sync.ts): what a client decodes from the first full state and the patches
// after actions and years (years as they come back from the year pool: every tile a new object) is the
// plain mirror of the rules' state, tile for tile.
import { Decoder, Encoder } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { RoomState } from "../../server/schema.js";
import { type RoomFacts, StateWriter } from "../../server/sync.js";
import { playBotsTurn } from "../../shared/bots.js";
import { applyAction, createGame, resolveYear, scenarioById } from "../../shared/index.js";
import { DISTRICT_POLICY_KINDS } from "../../shared/kinds.js";
import { toMirror } from "../../shared/mirror.js";
import type { GameState } from "../../shared/state.js";

const facts: RoomFacts = {
  code: "ABCDEF",
  phase: "planning",
  paused: false,
  phaseEndsAt: 0,
  remainingMs: 0,
  chatEnabled: true,
  chatMuted: false,
  botsEnabled: true,
  botStrategy: "mixed",
  scenarioText: "",
  players: [],
  seatCounts: [],
};

/** The tiles of a state as the mirror lays them out (chunk by chunk), pay as float32 (its wire type). */
const mirrorTiles = (g: GameState) =>
  toMirror(g).chunks.map((c) => c.tiles.map((t) => ({ ...t, pay: Math.fround(t.pay) })));
const decodedTiles = (s: RoomState) =>
  (s.toJSON() as { chunks: { tiles: { pay: number }[] }[] }).chunks.map((c) =>
    c.tiles.map((t) => ({ ...t, pay: Math.fround(t.pay) })),
  );

/** A writer over a new room state, synced with `game`, and a client that decoded its first full state;
 * `push` syncs a later game (and room facts), hands the patch to the client, and returns its length. */
function wire(game: GameState, roomFacts: RoomFacts = facts) {
  const schema = new RoomState();
  const writer = new StateWriter(schema);
  writer.sync(game, roomFacts);
  const encoder = new Encoder(schema);
  const client = new RoomState();
  const decoder = new Decoder(client);
  decoder.decode(encoder.encodeAll());
  encoder.discardChanges();
  const push = (next: GameState, nextFacts: RoomFacts = facts): number => {
    writer.sync(next, nextFacts);
    const patch = encoder.encode();
    decoder.decode(patch);
    encoder.discardChanges();
    return patch.length;
  };
  return { schema, client, push };
}

describe("the state writer", () => {
  it("a client decodes the mirror's tiles after actions and after years from a worker", () => {
    let game = createGame(scenarioById("steel-town")!, { seed: 11, size: 32, districts: 6, years: 8 });
    const { client, push } = wire(game);
    expect(decodedTiles(client)).toEqual(mirrorTiles(game));

    let patched = 0;
    for (let year = 0; year < 3; year++) {
      // An action: one tile changes (same objects elsewhere).
      const empty = game.tiles.findIndex((t) => t.district === 0 && t.use === "empty");
      const r = applyAction(
        game,
        { type: "build", x: empty % game.width, y: Math.floor(empty / game.width), use: "park" },
        { kind: "district", district: 0 },
      );
      if (r.ok) game = r.state;
      push(game);
      expect(decodedTiles(client)).toEqual(mirrorTiles(game));
      // A year as the pool returns it: a structured clone, every tile a new object.
      game = structuredClone(resolveYear(game).state);
      patched += push(game);
      expect(decodedTiles(client)).toEqual(mirrorTiles(game));
    }
    expect(patched).toBeGreaterThan(0);
  });

  it("an action that changes no tile keeps the rules' tile list (the writer skips the tiles); one that builds gets a new list, written", () => {
    let game = createGame(scenarioById("steel-town")!, { seed: 5, size: 32, districts: 4, years: 8 });
    const { client, push } = wire(game);
    const actor = { kind: "district", district: 1 } as const;
    const sync = () => {
      push(game);
      expect(decodedTiles(client)).toEqual(mirrorTiles(game));
      expect(client.districts.at(1)?.policies).toBe(toMirror(game).districts[1].policies);
    };
    for (const policy of DISTRICT_POLICY_KINDS.slice(0, 3)) {
      const r = applyAction(game, { type: "setPolicy", policy, enabled: true }, actor);
      if (!r.ok) throw new Error(`setPolicy ${policy}: ${r.error.code}`);
      expect(r.state.tiles).toBe(game.tiles);
      game = r.state;
      sync();
    }
    const empty = game.tiles.findIndex((t) => t.district === 1 && t.use === "empty");
    const before = game.tiles;
    const r = applyAction(
      game,
      { type: "build", x: empty % game.width, y: Math.floor(empty / game.width), use: "park" },
      actor,
    );
    if (!r.ok) throw new Error(`build: ${r.error.code}`);
    expect(r.state.tiles).not.toBe(before);
    expect(before[empty].use).toBe("empty");
    game = r.state;
    sync();
    expect(game.tiles[empty].use).toBe("park");
  });

  it("districts, links, proposals and players decode as the mirror after actions, years, seat and player changes", () => {
    let game = createGame(scenarioById("steel-town")!, { seed: 5, size: 32, districts: 6, years: 8 });
    const player = (id: string, district: number, connected: boolean) => ({
      id,
      nickname: `P ${id}`,
      district,
      connected,
      isHost: id === "a",
      isBot: false,
      isProjector: false,
    });
    let roomFacts: RoomFacts = {
      ...facts,
      players: [player("a", 0, true), player("b", 1, true)],
      seatCounts: [1, 1, 0, 0, 0, 0],
    };
    const { schema, client, push } = wire(game, roomFacts);
    const step = () => {
      push(game, roomFacts);
      const m = toMirror(game);
      const json = client.toJSON() as {
        districts: unknown[];
        links: unknown[];
        proposals: unknown[];
        players: Record<string, unknown>;
        chronicle: string;
      };
      expect(json.districts).toEqual(
        game.districts.map((d, i) => ({ ...m.districts[i], seatCount: roomFacts.seatCounts[d.id] ?? 0 })),
      );
      expect(json.links).toEqual(m.links);
      expect(json.proposals).toEqual(m.proposals);
      expect(json.chronicle).toEqual(m.chronicle);
      // The head, as the writer holds it (exact values, before the wire's number types).
      expect({
        scenario: schema.scenario,
        year: schema.year,
        nextId: schema.nextId,
        event: schema.event,
        demand: [...schema.demand],
        cityPolicies: schema.cityPolicies,
        goalValue: schema.goalValue,
        goalDisplacedShare: schema.goalDisplacedShare,
        goalMet: schema.goalMet,
        goalFailed: schema.goalFailed,
        queuedEvents: schema.queuedEvents,
        rentPressure: schema.rentPressure,
      }).toEqual({
        scenario: m.scenario,
        year: m.year,
        nextId: m.nextId,
        event: m.event,
        demand: m.demand,
        cityPolicies: m.cityPolicies,
        goalValue: m.goalValue,
        goalDisplacedShare: m.goalDisplacedShare,
        goalMet: m.goalMet,
        goalFailed: m.goalFailed,
        queuedEvents: m.queuedEvents ?? "",
        rentPressure: m.rentPressure ?? 1,
      });
      expect(json.players).toEqual(Object.fromEntries(roomFacts.players.map((p) => [p.id, p])));
      // The room's facts (written only when one changed).
      const { players: _p, seatCounts: _s, ...roomOnly } = roomFacts;
      const decoded = client as unknown as Record<string, unknown>;
      expect(Object.fromEntries(Object.keys(roomOnly).map((k) => [k, decoded[k]]))).toEqual(roomOnly);
    };
    const everyone = game.districts.map((d) => d.id);
    let actions = 0;
    for (let year = 0; year < 3; year++) {
      // The bots' actions one by one (policies, links, proposals, answers, builds), each synced.
      const turn = playBotsTurn(game, everyone, () => ({ strategy: "cooperative", level: "hard" }));
      for (const { actor, action } of turn.actions) {
        const r = applyAction(game, action, actor);
        if (!r.ok) continue;
        game = r.state;
        actions++;
        step();
      }
      // A seat fills, a player drops, another joins, one leaves.
      roomFacts = {
        ...roomFacts,
        players: [player("a", 0, year % 2 === 0), player(`c${year}`, 2, true)],
        seatCounts: [1, 0, 1, year, 0, 0],
      };
      step();
      // The clock and the host's switches move; then back to the values of before.
      const was = roomFacts;
      roomFacts = {
        ...roomFacts,
        phase: "report",
        paused: true,
        phaseEndsAt: 1_000 + year,
        remainingMs: 500 + year,
        chatMuted: true,
        botsEnabled: false,
        botStrategy: "cooperative",
        scenarioText: `{"year":${year}}`,
      };
      step();
      roomFacts = was;
      step();
      game = structuredClone(resolveYear(game).state);
      step();
    }
    expect(actions).toBeGreaterThan(10);
    expect(game.links.length + game.proposals.length).toBeGreaterThan(0);
  });
});
