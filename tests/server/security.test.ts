// The holes of issue 12, each by name: what a mischievous student (or a script) could do to a running
// server, and what stops it now. In-process server on a free port; limits are set per test through
// `limits` and the room clock is driven by the test where time matters.
import http from "node:http";
import type { ColyseusTestServer } from "@colyseus/testing";
import { matchMaker } from "@colyseus/core";
import { Client } from "colyseus.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { HTTP_TIMEOUTS } from "../../server/app.js";
import { type CityRoom, roomConfig } from "../../server/city-room.js";
import {
  badInputLog,
  joinFailures,
  LogThrottle,
  limits,
  matchmakeRequests,
  roomCounts,
  serverClock,
} from "../../server/limits.js";
import { DEFAULT_RATE_LIMIT } from "../../server/rate-limit.js";
import { hashToken } from "../../server/secrets.js";
import { pruneSnapshots, type RoomSnapshot, SnapshotStore, snapshotStore } from "../../server/storage.js";
import { SCENARIOS } from "../../shared/scenario.js";
import { bootServer, createRoom, generousLimits, joinError, joinRoom, Player } from "./helpers.js";

let colyseus: ColyseusTestServer;
let url: string;
let port: number;

const GENEROUS = { burst: 10_000, perSecond: 10_000, strikeBurst: 10_000, strikesPerSecond: 10_000 };
// startCountdown 0: the first planning clock starts at once (these test clients send no map-ready).
const baseSettings = {
  planningSeconds: 600,
  reportSeconds: 120,
  startCountdown: 0,
  rounds: 3,
  bots: false,
  size: 24 as const,
};

beforeAll(async () => {
  ({ colyseus, url, port } = await bootServer());
  roomConfig.rateLimit = GENEROUS;
});
afterEach(async () => {
  roomConfig.rateLimit = GENEROUS;
  serverClock.now = () => Date.now();
  joinFailures.clear();
  matchmakeRequests.clear();
  await generousLimits();
});
afterAll(async () => {
  await colyseus.cleanup();
  await colyseus.shutdown();
});

const roomOf = (code: string) => colyseus.getRoomById(code) as unknown as CityRoom;

/** Drives a room's clock by hand (its timers see this time, not the wall clock). */
function driveClock(room: CityRoom): (ms: number) => void {
  let now = room.clock.currentTime;
  (room.clock as unknown as { now: () => number }).now = () => now;
  return (ms) => {
    now += ms;
  };
}

/** A raw HTTP request; an unanswered one fails the test (the socket is given 5 s). */
function rawRequest(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, timeout: 5000 }, (res) => {
      let text = "";
      res.on("data", (d) => {
        text += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("timeout", () => {
      req.destroy();
      reject(new Error(`${method} ${path}: no answer`));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Plays a room to a saved snapshot (a year resolved, everyone gone); returns its code, token and seats. */
async function savedRoom() {
  const host = await createRoom(url, { nickname: "Ms Wu", settings: baseSettings });
  const { token, code } = await host.waitMessage<{ token: string; code: string }>("hostToken");
  const ann = await joinRoom(url, code, { nickname: "Ann" });
  const annSecret = ann.messages<{ secret: string }>("seat")[0].secret;
  await host.roundTrip({ type: "host.start" });
  await host.roundTrip({ type: "host.endPlanning" });
  await host.waitState((v) => v.year === 1);
  await ann.room.leave(true);
  await host.room.leave(true);
  await expect.poll(() => matchMaker.getLocalRoomById(code), { timeout: 10_000 }).toBeUndefined();
  return { code, token, annId: ann.me().playerId, annDistrict: ann.me().district, annSecret };
}

describe("hole 1: the host seat belongs to the host token", () => {
  it("a student who reaches a restored room before the teacher waits as a student; the teacher keeps their name", async () => {
    const { code, token, annId, annSecret } = await savedRoom();
    // The teacher's restore: the HTTP reservation is made, the socket not yet opened.
    const res = await fetch(`http://127.0.0.1:${port}/matchmake/create/city`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ nickname: "host", restore: { code, hostToken: token } }),
    });
    const reservation = await res.json();
    expect(reservation.error).toBeUndefined();
    // A student and a projector get in first.
    const kid = await joinRoom(url, code, { nickname: "kid" });
    expect(kid.me().isHost).toBe(false);
    expect(kid.messages("hostToken")).toHaveLength(0);
    await kid.roundTrip({ type: "host.endGame" });
    expect(kid.errors().at(-1)?.code).toBe("not_host");
    const projector = await joinRoom(url, code, { projector: true });
    expect(projector.me()).toMatchObject({ isHost: false, isProjector: true });
    // A projector with malformed options is refused with a code, never validation text.
    expect(await joinError(url, code, { projector: "yes" })).toBe("bad_message");
    const ann = await joinRoom(url, code, { nickname: "Ann", seatSecret: annSecret });
    expect(ann.me()).toMatchObject({ playerId: annId, isHost: false });
    // Now the teacher's socket: host, under the saved name (not "host").
    const teacher = new Player(await new Client(url).consumeSeatReservation(reservation));
    await teacher.waitMessage("you");
    expect(teacher.me().isHost).toBe(true);
    expect(teacher.messages<{ token: string }>("hostToken")[0].token).toBe(token);
    const v = await teacher.waitState((s) => Object.values(s.players).some((p) => p.isHost && p.connected));
    expect(
      Object.values(v.players)
        .filter((p) => p.isHost)
        .map((p) => p.nickname),
    ).toEqual(["Ms Wu"]);
    await teacher.roundTrip({ type: "host.pause" });
    expect(teacher.errors().at(-1)?.code).toBe("wrong_phase"); // served as host (lobby: nothing to pause)
    expect(roomOf(code).gameState.year).toBe(1);
  });
});

describe("hole 2: a seat belongs to its player", () => {
  it("a nickname alone never returns a seat with a secret; the host can give it back to a claim", async () => {
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const code = host.room.roomId;
    const alice = await joinRoom(url, code, { nickname: "Alice" });
    const bob = await joinRoom(url, code, { nickname: "Bob" });
    const secret = alice.messages<{ secret: string; playerId: string }>("seat")[0];
    expect(secret.playerId).toBe(alice.me().playerId);
    // The secret went to Alice only.
    for (const p of [host, bob]) expect(JSON.stringify(p.received)).not.toContain(secret.secret);
    await host.roundTrip({ type: "host.start" });
    const aliceId = alice.me().playerId;
    await alice.room.leave(false); // a dropped socket: her seat is held for her reconnection
    await host.waitState((v) => v.players[aliceId]?.connected === false);

    // Any case of the nickname: refused.
    expect(await joinError(url, code, { nickname: "alice" })).toBe("seat_locked");
    expect(await joinError(url, code, { nickname: "ALICE", seatSecret: "x".repeat(24) })).toBe("seat_locked");
    // A claim asks the host.
    const claim = "claim-from-another-laptop";
    const from = host.received.length;
    expect(await joinError(url, code, { nickname: "Alice", seatClaim: claim })).toBe("seat_approval_pending");
    const asked = await host.waitMessage<{ requests: { player: string; nickname: string }[] }>(
      "seatRequests",
      (m) => m.requests.length > 0,
      from,
    );
    expect(asked.requests).toEqual([{ player: aliceId, nickname: "Alice" }]);
    // A student cannot approve; another claim is not this one.
    await bob.roundTrip({ type: "host.approveSeat", player: aliceId });
    expect(bob.errors().at(-1)?.code).toBe("not_host");
    await host.roundTrip({ type: "host.approveSeat", player: aliceId });
    expect(host.errors()).toHaveLength(0);
    expect(await joinError(url, code, { nickname: "Alice", seatClaim: "someone-elses-claim" })).toBe(
      "seat_approval_pending",
    );
    // The other claim replaced the request: the host must approve again for it; the first claim is
    // now just pending again too.
    await host.roundTrip({ type: "host.approveSeat", player: aliceId });
    const back = await joinRoom(url, code, { nickname: "Alice", seatClaim: "someone-elses-claim" });
    expect(back.me().playerId).toBe(aliceId);
    const fresh = back.messages<{ secret: string }>("seat")[0].secret;
    expect(fresh).not.toBe(secret.secret);
    await back.room.leave(true);
    await host.waitState((v) => v.players[aliceId]?.connected === false);
    // The old secret no longer works; the new one does.
    expect(await joinError(url, code, { nickname: "Alice", seatSecret: secret.secret })).toBe("seat_locked");
    const again = await joinRoom(url, code, { nickname: "Alice", seatSecret: fresh });
    expect(again.me().playerId).toBe(aliceId);

    // Stored only as a hash.
    await host.roundTrip({ type: "host.endPlanning" });
    await host.waitState((v) => v.year === 1);
    const saved = JSON.stringify(await snapshotStore().load(code));
    expect(saved).not.toContain(fresh);
    expect(saved).toContain(hashToken(fresh));
  });
});

describe("hole 3: seats and rooms expire, data is kept only as long as needed", () => {
  it("a lobby seat whose player dropped is freed after a short time (room clock)", async () => {
    limits.lobbySeatSeconds = 20;
    const host = await createRoom(url, {
      nickname: "Teacher",
      settings: { ...baseSettings, reconnectSeconds: 120 },
    });
    const code = host.room.roomId;
    const advance = driveClock(roomOf(code));
    const squatter = await joinRoom(url, code, { nickname: "squat" });
    const id = squatter.me().playerId;
    await squatter.room.leave(false); // the socket dropped
    await host.waitState((v) => v.players[id]?.connected === false);
    advance(19_000);
    await host.roundTrip();
    expect(host.view.players[id]).toBeDefined();
    advance(2_000);
    await host.waitState((v) => !(id in v.players));
    // The nickname is free again.
    const real = await joinRoom(url, code, { nickname: "Squat" });
    expect(real.me().playerId).not.toBe(id);
  });

  it("caps seats per address; the host can raise the cap", async () => {
    limits.joinsPerAddress = 2;
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const code = host.room.roomId;
    await joinRoom(url, code, { nickname: "a1" });
    await joinRoom(url, code, { nickname: "a2" });
    expect(await joinError(url, code, { nickname: "a3" })).toBe("address_cap");
    await host.roundTrip({ type: "host.setJoinCap", perAddress: 3 });
    expect(host.errors()).toHaveLength(0);
    const a3 = await joinRoom(url, code, { nickname: "a3" });
    expect(a3.me().district).toBeGreaterThanOrEqual(0);
  });

  it("caps rooms per address and per process, with a translated code", async () => {
    const live = roomCounts().live;
    limits.roomsPerAddress = live + 1;
    const first = await createRoom(url, { nickname: "T", settings: baseSettings });
    const refuse = () =>
      new Client(url).create("city", { nickname: "T", settings: baseSettings }).then(
        () => "created",
        (e: Error) => e.message,
      );
    expect(await refuse()).toBe("too_many_rooms");
    limits.roomsPerAddress = 10_000;
    limits.maxRooms = roomCounts().live;
    expect(await refuse()).toBe("server_full");
    limits.maxRooms = 10_000;
    // A closed room gives its slot back.
    limits.roomsPerAddress = roomCounts().live;
    expect(await refuse()).toBe("too_many_rooms");
    await first.room.leave(true);
    await expect.poll(() => roomCounts().live, { timeout: 10_000 }).toBe(limits.roomsPerAddress - 1);
    const next = await createRoom(url, { nickname: "T", settings: baseSettings });
    expect(next.me().isHost).toBe(true);
  });

  it("closes an idle room (room clock) and saves it", async () => {
    limits.idleRoomMinutes = 30;
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const code = host.room.roomId;
    const advance = driveClock(roomOf(code));
    const closed = new Promise<number>((r) => host.room.onLeave((c) => r(c)));
    advance(29 * 60_000);
    await host.roundTrip();
    expect(matchMaker.getLocalRoomById(code)).toBeDefined();
    advance(2 * 60_000);
    expect(await closed).toBe(4000);
    await expect.poll(() => matchMaker.getLocalRoomById(code), { timeout: 10_000 }).toBeUndefined();
    expect(await snapshotStore().has(code)).toBe(true);
  });

  it("deletes snapshots not written for the retention period", () => {
    const store = new SnapshotStore(":memory:");
    const day = 24 * 60 * 60 * 1000;
    const now = 1_800_000_000_000;
    const snap = (code: string, savedAt: number) =>
      ({ code, hostTokenHash: "h", state: { year: 1 }, ended: true, savedAt }) as unknown as RoomSnapshot;
    store.save(snap("OLDONE", now - 31 * day));
    store.save(snap("NEWONE", now - 29 * day));
    expect(pruneSnapshots(store, 30, now)).toBe(1);
    expect(store.has("OLDONE")).toBe(false);
    expect(store.has("NEWONE")).toBe(true);
    expect(limits.retentionDays).toBe(30);
    store.close();
  });

  it("stores a custom scenario once, with its known fields only", async () => {
    const base = SCENARIOS.find((s) => s.id === "painters-village")!;
    const mine = { ...base, id: "mine", smuggled: "x".repeat(1000), title: { en: "Mine", zh: "我的" } };
    const host = await createRoom(url, {
      nickname: "Teacher",
      settings: { ...baseSettings, scenario: "mine", customScenario: mine },
    });
    const code = host.room.roomId;
    await host.room.leave(true);
    await expect.poll(() => snapshotStore().has(code), { timeout: 10_000 }).toBe(true);
    const saved = (await snapshotStore().load(code))!;
    expect(saved.settings.customScenario).toBeUndefined();
    expect((saved.customScenario as { id: string }).id).toBe("mine");
    expect(JSON.stringify(saved)).not.toContain("smuggled");
  });
});

describe("hole 5/6: one door for every message", () => {
  it("charges every message, on any channel and of any shape, and answers bad ones without a stack", async () => {
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const kid = await joinRoom(url, host.room.roomId, { nickname: "kid" });
    const errors = vi.spyOn(console, "error");
    // A type whose String() throws.
    kid.send({ type: { toString: 1 } });
    await kid.roundTrip();
    expect(kid.errors().at(-1)).toEqual({ code: "bad_message", params: { field: "type" } });
    // Another channel, binary data, and a frame that does not decode.
    kid.room.send("shout", { hello: 1 });
    kid.room.sendBytes("cmd", new Uint8Array([1, 2, 3]));
    kid.room.connection.send(new Uint8Array([13, 0xff, 0xc1, 0xc1]));
    kid.room.connection.send(new Uint8Array([99, 1, 2])); // no such protocol code
    await kid.roundTrip();
    const codes = kid.errors().slice(-4);
    expect(codes.map((e) => e.code)).toEqual(["bad_message", "bad_message", "bad_message", "bad_message"]);
    expect(kid.room.connection.isOpen).toBe(true);
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([]);
    errors.mockRestore();
  });

  it("disconnects a flood on another channel, and the flooder waits out a cool-down (room clock)", async () => {
    limits.kickCooldownSeconds = 60;
    roomConfig.rateLimit = DEFAULT_RATE_LIMIT;
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const code = host.room.roomId;
    const flooder = await joinRoom(url, code, { nickname: "flood" });
    roomConfig.rateLimit = GENEROUS;
    const advance = driveClock(roomOf(code));
    const left = new Promise<number>((r) => flooder.room.onLeave((c) => r(c)));
    for (let i = 0; i < 500; i++) flooder.room.send("shout", { i });
    expect(await left).toBe(4000);
    expect(flooder.messages("kicked")[0]).toEqual({ reason: "flood" });
    expect(flooder.errors().filter((e) => e.code === "rate_limited").length).toBeGreaterThan(0);
    expect(await joinError(url, code, { nickname: "flood2" })).toBe("join_cooldown");
    advance(61_000);
    await host.roundTrip();
    const back = await joinRoom(url, code, { nickname: "flood2" });
    expect(back.me().district).toBeGreaterThanOrEqual(0);
  });

  it("rate-limits the log of repeated bad input", async () => {
    const lines: string[] = [];
    const log = new LogThrottle(
      () => 5,
      (l) => lines.push(l),
    );
    for (let i = 0; i < 1000; i++) log.line(1000 + i, `bad ${i}`);
    expect(lines).toHaveLength(5);
    log.line(61_001, "next minute");
    expect(lines.slice(5)).toEqual(["(995 similar lines not logged in the last minute)", "next minute"]);
    // And the room's bad-input log goes through such a throttle.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const kid = await joinRoom(url, host.room.roomId, { nickname: "kid" });
    for (let i = 0; i < 300; i++) kid.send({ type: "nope", i });
    await kid.roundTrip();
    expect(kid.errors().filter((e) => e.code === "bad_message")).toHaveLength(300);
    expect(warn.mock.calls.length).toBeLessThanOrEqual(limits.badInputLogPerMinute + 1);
    warn.mockRestore();
    expect(badInputLog).toBeInstanceOf(LogThrottle);
  });
});

describe("hole 7: HTTP that always answers", () => {
  it("answers malformed URLs with 400, unserved methods with 405, unknown matchmaking with 404", async () => {
    expect((await rawRequest("GET", "/%ff")).status).toBe(400);
    expect((await rawRequest("GET", "/api/%E0%A4%A")).status).toBe(400);
    expect((await rawRequest("PUT", "/matchmake/create/city", "{}")).status).toBe(405);
    expect((await rawRequest("DELETE", "/matchmake/joinById/ACDEFG")).status).toBe(405);
    expect((await rawRequest("GET", "/matchmake/joinById/ACDEFG")).status).toBe(405);
    expect((await rawRequest("POST", "/matchmake/joinOrCreate/city", "{}")).status).toBe(404);
    expect((await rawRequest("POST", "/matchmake/", "{}")).status).toBe(404);
    expect((await rawRequest("POST", "/x/matchmake/%ff", "{}")).status).toBe(404);
    // Still serving.
    expect((await rawRequest("GET", "/api/health")).status).toBe(200);
  });

  it("bounds request, header and keep-alive times", () => {
    const server = colyseus.server.transport.server as http.Server;
    expect(server.requestTimeout).toBe(HTTP_TIMEOUTS.requestMs);
    expect(server.headersTimeout).toBe(HTTP_TIMEOUTS.headersMs);
    expect(server.keepAliveTimeout).toBe(HTTP_TIMEOUTS.keepAliveMs);
    expect(server.maxHeadersCount).toBe(HTTP_TIMEOUTS.maxHeadersCount);
    expect(server.timeout).toBe(HTTP_TIMEOUTS.idleSocketMs);
  });
});

describe("hole 8: chat that cannot amplify", () => {
  it("drops chat beyond the room's outgoing budget and tells the sender", async () => {
    limits.chatBudgetBurst = 8;
    limits.chatBudgetPerSecond = 0.001;
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const code = host.room.roomId;
    const a = await joinRoom(url, code, { nickname: "a" });
    const b = await joinRoom(url, code, { nickname: "b" });
    // 3 clients: each message costs 3 deliveries; a budget of 8 carries two.
    for (let i = 0; i < 5; i++) await a.roundTrip({ type: "chat", text: `hi ${i}` });
    await b.roundTrip();
    expect(b.messages("chat")).toHaveLength(2);
    expect(a.errors().map((e) => e.code)).toEqual(["chat_dropped", "chat_dropped", "chat_dropped"]);
  });
});

describe("hole 9: code guessing is throttled", () => {
  it("backs off an address that keeps failing to join; health reveals no codes", async () => {
    limits.joinFailureBurst = 3;
    limits.joinFailuresPerSecond = 0.1;
    let now = 5_000_000;
    serverClock.now = () => now;
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const code = host.room.roomId;
    const guesses = ["AAAAAA", "CCCCCC", "DDDDDD"];
    for (const g of guesses) expect(await joinError(url, g, { nickname: "g" })).not.toBe("joined");
    // Even the right code is refused now.
    expect(await joinError(url, code, { nickname: "g" })).toBe("too_many_attempts");
    now += 10_000; // one failure forgiven
    const ok = await joinRoom(url, code, { nickname: "g" });
    expect(ok.me().isHost).toBe(false);
    const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).text();
    expect(health).not.toContain(code);
  });

  it("limits matchmaking requests per address, and a refused join counts as a failure", async () => {
    let now = 9_000_000;
    serverClock.now = () => now;
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    const code = host.room.roomId;
    limits.matchmakeBurst = 2;
    limits.matchmakePerSecond = 0.01;
    matchmakeRequests.clear();
    await joinRoom(url, code, { nickname: "m1" });
    await joinRoom(url, code, { nickname: "m2" });
    expect(await joinError(url, code, { nickname: "m3" })).toBe("too_many_attempts");
    now += 100_000;
    await joinRoom(url, code, { nickname: "m3" });
    // Refusals inside the room (here: a taken nickname) use up the failure allowance too.
    limits.matchmakeBurst = 100_000;
    matchmakeRequests.clear();
    limits.joinFailureBurst = 2;
    limits.joinFailuresPerSecond = 0.01;
    joinFailures.clear();
    expect(await joinError(url, code, { nickname: "m1" })).toBe("nickname_taken");
    expect(await joinError(url, code, { nickname: "m2" })).toBe("nickname_taken");
    expect(await joinError(url, code, { nickname: "m4" })).toBe("too_many_attempts");
  });
});

describe("hole 10: the settings default", () => {
  it("creating a room with no settings gives the scenario's defaults", async () => {
    const host = await createRoom(url, { nickname: "Teacher" });
    const room = roomOf(host.room.roomId);
    expect(room.roomSettings).toMatchObject({
      scenario: "steel-town",
      planningSeconds: 90,
      reportSeconds: 30,
      reportWait: false,
      teamSize: 5,
      bots: true,
      chat: true,
      reconnectSeconds: 120,
    });
    expect(room.gameState.scenario).toBe("steel-town");
  });
});
