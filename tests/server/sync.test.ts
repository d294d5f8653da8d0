// The Schema writer (server/sync.ts): what a client decodes from the first full state and the patches
// after actions and years (years as they come back from the year pool: every tile a new object) is the
// plain mirror of the rules' state, tile for tile.
import { Decoder, Encoder } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { RoomState } from "../../server/schema.js";
import { type RoomFacts, StateWriter } from "../../server/sync.js";
import { applyAction, createGame, resolveYear, scenarioById } from "../../shared/index.js";
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

describe("the state writer", () => {
  it("a client decodes the mirror's tiles after actions and after years from a worker", () => {
    let game = createGame(scenarioById("steel-town")!, { seed: 11, size: 32, districts: 6, years: 8 });
    const schema = new RoomState();
    const writer = new StateWriter(schema);
    writer.sync(game, facts);
    const encoder = new Encoder(schema);
    const client = new RoomState();
    const decoder = new Decoder(client);
    decoder.decode(encoder.encodeAll());
    encoder.discardChanges();
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
      writer.sync(game, facts);
      decoder.decode(encoder.encode());
      encoder.discardChanges();
      expect(decodedTiles(client)).toEqual(mirrorTiles(game));
      // A year as the pool returns it: a structured clone, every tile a new object.
      game = structuredClone(resolveYear(game).state);
      writer.sync(game, facts);
      const patch = encoder.encode();
      patched += patch.length;
      decoder.decode(patch);
      encoder.discardChanges();
      expect(decodedTiles(client)).toEqual(mirrorTiles(game));
    }
    expect(patched).toBeGreaterThan(0);
  });
});
