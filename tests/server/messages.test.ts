// Both ends of the wire agree, and the room runs the shared session:
// - every message the server sends parses with its schema in shared/protocol.ts (ServerMessageSchemas);
// - a room of bots ends with the hash the balance harness's game (playBotGame) and the replay of the
//   room's saved log through the session give, for the same seed and commands, its years resolved in
//   the year pool's worker threads.
import { expect, it } from "vitest";
import type { CityRoom } from "../../server/city-room.js";
import { snapshotStore } from "../../server/storage.js";
import { yearPool } from "../../server/year-end.js";
import { playBotGame, roomBotSeats } from "../../shared/bots.js";
import { stateHash } from "../../shared/hash.js";
import { parseServerMessage, SERVER_MESSAGES, ServerMessageSchema } from "../../shared/protocol.js";
import { replaySession } from "../../shared/replay.js";
import { createGame, scenarioById } from "../../shared/scenario.js";
import { createRoom, joinRoom, type Player, heldClocks, serverForFile } from "./helpers.js";

const server = serverForFile();

const settings = heldClocks({
  rounds: 2,
  size: 24,
  districts: 4,
  bots: true,
  seed: 777,
  startCountdown: 0,
} as const);

it("a room of bots ends with the hash of the balance harness's game and of its saved log's replay; every message parses", async () => {
  const host = await createRoom(server.url, { nickname: "Teacher", settings });
  const code = host.room.roomId;
  const room = server.colyseus.getRoomById(code) as unknown as CityRoom;
  const projector = await joinRoom(server.url, code, { projector: true });
  await host.roundTrip({ type: "chat", text: "hello" });
  await host.roundTrip({ type: "nonsense" });
  // The room's years resolve in the process's year pool (worker threads), not on the main thread.
  const pool = yearPool();
  expect(pool).not.toBeNull();
  const doneBefore = pool!.stats().done;
  await host.roundTrip({ type: "host.start" });
  for (let year = 0; year < settings.rounds; year++) {
    await host.waitState((s) => s.phase === "planning" && s.year === year);
    await host.roundTrip({ type: "host.endPlanning" });
    await host.waitState((s) => s.year === year + 1);
    if (year + 1 < settings.rounds) await host.roundTrip({ type: "host.endPlanning" });
  }
  await host.waitState((s) => s.phase === "ended");
  expect(pool!.stats().done - doneBefore).toBe(settings.rounds);
  expect(pool!.stats().fellBack).toBe(0);
  // A student who joins the ended room is told who they are and gets the history (and a seat secret).
  const late = await joinRoom(server.url, code, { nickname: "Late" });
  await late.roundTrip();

  // The same seed and commands: a room whose every district is a bot, and the harness's bot game.
  const scenario = scenarioById(room.gameState.scenario)!;
  const start = createGame(scenario, { seed: settings.seed, size: 24, districts: 4, years: 2 });
  const seats = start.districts.map((d) => roomBotSeats("easy", "mixed")(d.id));
  const hash = stateHash(room.gameState);
  expect(room.gameState.year).toBe(2);
  expect(stateHash(playBotGame(start, seats, settings.seed).state)).toBe(hash);
  // The saved snapshot's log, replayed through the session, ends in the room's state.
  const snap = (await snapshotStore().load(code))!;
  expect(snap.log.length).toBeGreaterThan(2);
  const replayed = replaySession({
    scenario: scenario.id,
    settings: { seed: settings.seed, size: 24, districts: 4, years: 2 },
    log: snap.log,
  });
  expect(stateHash(replayed.game)).toBe(hash);
  expect(stateHash(snap.state)).toBe(hash);

  const all: Player[] = [host, projector, late];
  const seen = new Set<string>();
  for (const p of all)
    for (const r of p.received) {
      seen.add(r.type);
      expect({ type: r.type, parsed: parseServerMessage(r.type, r.message) }).toEqual({
        type: r.type,
        parsed: { ok: true },
      });
    }
  for (const t of ["you", "history", "hostToken", "seat", "chat", "error", "pong", "events", "yearReport"])
    expect(seen).toContain(t);
  expect(Object.keys(SERVER_MESSAGES)).toEqual(expect.arrayContaining([...seen]));
});

it("a schema refuses a payload that does not fit its name", () => {
  expect(parseServerMessage("you", { playerId: "p", district: "0" })).toEqual({
    ok: false,
    field: "district",
  });
  expect(parseServerMessage("kicked", { reason: "bored" })).toMatchObject({ ok: false });
  expect(parseServerMessage("nope", {})).toEqual({ ok: false, field: "(type)" });
  // The same schemas as one union of { type, payload }.
  expect(ServerMessageSchema.safeParse({ type: "pong", payload: { t: 1, serverTime: 2 } }).success).toBe(
    true,
  );
  expect(ServerMessageSchema.safeParse({ type: "pong", payload: { t: "1", serverTime: 2 } }).success).toBe(
    false,
  );
});
