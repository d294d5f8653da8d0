// A room's year end runs in the year pool while the room goes on answering: held in "resolving" by a
// test hook (the worker's answer waits for the test), the room answers a ping, a chat line, a host's
// pause and a student's action at once, then reports the year once released. A year that comes back
// after the session moved on is dropped, and a room closed mid-resolution is saved as it was when the
// year end began (its log replays to its state). CQ_YEAR_WORKERS=0 keeps the synchronous path.
import type { ColyseusTestServer } from "@colyseus/testing";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { type CityRoom, roomConfig } from "../../server/city-room.js";
import { snapshotStore } from "../../server/storage.js";
import { rereadYearWorkers, yearEndHooks, yearPool } from "../../server/year-end.js";
import { stateHash } from "../../shared/hash.js";
import { replaySession } from "../../shared/replay.js";
import { bootServer, createRoom, joinRoom, type Player } from "./helpers.js";

let colyseus: ColyseusTestServer;
let url: string;

beforeAll(async () => {
  ({ colyseus, url } = await bootServer());
  roomConfig.rateLimit = { burst: 10_000, perSecond: 10_000, strikeBurst: 10_000, strikesPerSecond: 10_000 };
});
afterEach(() => {
  yearEndHooks.beforeAnswer = null;
});
afterAll(async () => {
  await colyseus.cleanup();
  await colyseus.shutdown();
});

const settings = {
  planningSeconds: 600,
  reportSeconds: 120,
  rounds: 3,
  bots: false,
  size: 24 as const,
  seed: 4242,
  startCountdown: 0,
};

/** Holds every year end after its worker answered, until `release()`; `held` counts the years held. */
function holdYears() {
  const gate: { held: number; release: () => void } = { held: 0, release: () => undefined };
  const released = new Promise<void>((r) => {
    gate.release = r;
  });
  yearEndHooks.beforeAnswer = () => {
    gate.held++;
    return released;
  };
  return gate;
}

/** A room in its first planning phase with a host and a student, the student's action taken. */
async function planning(): Promise<{ host: Player; ann: Player; room: CityRoom; code: string }> {
  const host = await createRoom(url, { nickname: "Teacher", settings });
  const code = host.room.roomId;
  const room = colyseus.getRoomById(code) as unknown as CityRoom;
  const ann = await joinRoom(url, code, { nickname: "Ann" });
  await host.roundTrip({ type: "host.start" });
  await ann.waitState((v) => v.phase === "planning" && v.year === 0);
  await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "festival", enabled: true } });
  expect(ann.errors()).toEqual([]);
  return { host, ann, room, code };
}

it("answers a ping, a chat line, a host's pause and an action while its year resolves, then reports the year", async () => {
  const { host, ann, room } = await planning();
  const doneBefore = yearPool()!.stats().done;
  const gate = holdYears();
  await host.roundTrip({ type: "host.endPlanning" });
  // The worker has answered (the year ran there); the room has not been given the year yet.
  await expect.poll(() => gate.held, { timeout: 60_000 }).toBe(1);
  expect(yearPool()!.stats().done).toBe(doneBefore + 1);
  expect(room.gameSession.phase).toBe("resolving");
  await host.waitState((v) => v.phase === "resolving");

  const hostErrors = host.errors().length;
  const annErrors = ann.errors().length;
  // A ping is answered (roundTrip waits for its pong), a chat line reaches the other player, the host's
  // pause and the student's action get the session's refusals, all while the year is still held.
  await host.roundTrip({ type: "chat", text: "the year is being counted" });
  await ann.waitMessage<{ text: string }>("chat", (m) => m.text === "the year is being counted");
  await host.roundTrip({ type: "host.pause" });
  expect(host.errors().slice(hostErrors)).toEqual([
    expect.objectContaining({ code: "wrong_phase", params: { phase: "resolving" } }),
  ]);
  await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
  expect(ann.errors().slice(annErrors)).toEqual([
    expect.objectContaining({ code: "not_planning", params: { phase: "resolving" } }),
  ]);
  expect(room.gameSession.phase).toBe("resolving");
  expect(host.messages("yearReport")).toEqual([]);
  expect(room.gameState.year).toBe(0);

  gate.release();
  const report = await host.waitMessage<{ year: number }>("yearReport");
  expect(report.year).toBe(1);
  await ann.waitState((v) => v.phase === "report" && v.year === 1);
  expect(room.gameSession.log.at(-1)).toEqual({ kind: "resolve" });
  await host.room.leave();
  await ann.room.leave();
});

it("saves a year from the pool with the state's JSON made in the worker: the stored snapshot is the room's game, and its log replays to it", async () => {
  const { host, ann, room, code } = await planning();
  await host.roundTrip({ type: "host.endPlanning" });
  await host.waitMessage<{ year: number }>("yearReport");
  // The report, then the second planning phase with an action, then its year end.
  await host.roundTrip({ type: "host.endPlanning" });
  await ann.waitState((v) => v.phase === "planning" && v.year === 1);
  await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
  expect(ann.errors()).toEqual([]);
  await host.roundTrip({ type: "host.endPlanning" });
  await expect.poll(() => room.gameState.year, { timeout: 60_000 }).toBe(2);
  const game = room.gameState;
  await snapshotStore().flush();
  // Read from the database, not the queue.
  const stored = (await snapshotStore().backing.load(code))!;
  expect(stored.state.year).toBe(2);
  expect(stateHash(stored.state)).toBe(stateHash(game));
  expect(stored.log.filter((e) => e.kind === "resolve").length).toBe(2);
  const replayed = replaySession({
    scenario: game.scenario,
    settings: { seed: settings.seed, size: settings.size, districts: game.districts.length, years: 3 },
    log: stored.log,
  });
  expect(stateHash(replayed.game)).toBe(stateHash(game));
  await host.room.leave();
  await ann.room.leave();
});

it("drops a year that comes back after the host ended the game", async () => {
  const { host, ann, room } = await planning();
  const gate = holdYears();
  await host.roundTrip({ type: "host.endPlanning" });
  await expect.poll(() => gate.held, { timeout: 60_000 }).toBe(1);
  const game = room.gameState;
  await host.roundTrip({ type: "host.endGame" });
  await host.waitState((v) => v.phase === "ended");
  gate.release();
  // Flush the held continuation: a ping after the release is answered after it ran.
  await new Promise<void>((r) => setImmediate(r));
  await host.roundTrip();
  expect(room.gameSession.phase).toBe("ended");
  expect(room.gameState).toBe(game);
  expect(host.messages("yearReport")).toEqual([]);
  expect(room.gameSession.log.some((e) => e.kind === "resolve")).toBe(false);
  await host.room.leave();
  await ann.room.leave();
});

it("a room closed while its year resolves is saved with the planning state and its log, which replays to it", async () => {
  const { host, room, code } = await planning();
  const gate = holdYears();
  await host.roundTrip({ type: "host.endPlanning" });
  await expect.poll(() => gate.held, { timeout: 60_000 }).toBe(1);
  const game = room.gameState;
  await room.disconnect();
  gate.release();
  await new Promise<void>((r) => setImmediate(r));
  const snap = (await snapshotStore().load(code))!;
  expect(snap.ended).toBe(false);
  expect(snap.state.year).toBe(0);
  expect(stateHash(snap.state)).toBe(stateHash(game));
  expect(snap.log.some((e) => e.kind === "resolve")).toBe(false);
  expect(snap.log.some((e) => e.kind === "action" && e.action.type === "setPolicy")).toBe(true);
  const replayed = replaySession({
    scenario: game.scenario,
    settings: { seed: settings.seed, size: settings.size, districts: game.districts.length, years: 3 },
    log: snap.log,
  });
  expect(stateHash(replayed.game)).toBe(stateHash(game));
  // Nothing waits in the queue: closing the room wrote its snapshot.
  expect(snapshotStore().queue.pending).toBe(0);
});

it("with CQ_YEAR_WORKERS=0 resolves the year on the main thread, at once", async () => {
  const { host, ann, room } = await planning();
  const before = yearPool()?.stats().done ?? 0;
  const gate = holdYears();
  process.env.CQ_YEAR_WORKERS = "0";
  rereadYearWorkers();
  try {
    expect(yearPool()).toBeNull();
    await host.roundTrip({ type: "host.endPlanning" });
    // Resolved in the handler itself: the ping after it already finds the report.
    expect(room.gameSession.phase).toBe("report");
    expect(host.messages<{ year: number }>("yearReport").map((r) => r.year)).toEqual([1]);
  } finally {
    delete process.env.CQ_YEAR_WORKERS;
    rereadYearWorkers();
  }
  expect(gate.held).toBe(0);
  expect(yearPool()!.stats().done).toBe(before);
  await host.room.leave();
  await ann.room.leave();
});
